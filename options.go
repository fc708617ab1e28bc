package hwpartner

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/hwpartner/go-hwpartner/auth"
)

// Endpoints of the Partner Center sites.
const (
	EndpointChina         = "https://bss.myhuaweicloud.com"
	EndpointInternational = "https://bss-intl.myhuaweicloud.com"
	EndpointEU            = "https://bss.myhuaweicloud.eu"
)

// Option configures a Client. Options check their arguments; NewClient
// returns the first problem as an error.
type Option func(*settings) error

type settings struct {
	endpoint    string
	site        Site
	siteSet     bool
	credKinds   []string
	creds       auth.Credentials
	ak, sk      string
	secToken    string
	domainID    string
	token       string
	password    *auth.PasswordConfig
	iamEndpoint string
	base        http.RoundTripper
	timeout     time.Duration
	logger      *slog.Logger
	userAgent   string
	maxRetries  int
	minWait     time.Duration
	maxWait     time.Duration
}

func (s *settings) credentials(kind string) {
	s.credKinds = append(s.credKinds, kind)
}

// WithSite selects the China (default), international or EU site.
func WithSite(site Site) Option {
	return func(s *settings) error {
		switch site {
		case SiteChina:
			s.endpoint = EndpointChina
		case SiteInternational:
			s.endpoint = EndpointInternational
		case SiteEU:
			s.endpoint = EndpointEU
		default:
			return fmt.Errorf("hwpartner: unknown site %v; use WithEndpoint for other endpoints", site)
		}
		if s.siteSet {
			return errors.New("hwpartner: site or endpoint given twice")
		}
		s.site, s.siteSet = site, true
		return nil
	}
}

// WithEndpoint sets a custom base URL (a fake server, a proxy). Operations
// are sent to endpoint + the documented path.
func WithEndpoint(endpoint string) Option {
	return func(s *settings) error {
		if endpoint == "" {
			return errors.New("hwpartner: empty endpoint")
		}
		if s.siteSet {
			return errors.New("hwpartner: site or endpoint given twice")
		}
		s.endpoint, s.site, s.siteSet = endpoint, SiteCustom, true
		return nil
	}
}

// WithAKSK authenticates with permanent access keys (SDK-HMAC-SHA256).
func WithAKSK(ak, sk string) Option {
	return func(s *settings) error {
		if ak == "" || sk == "" {
			return errors.New("hwpartner: WithAKSK needs an access key and a secret key")
		}
		s.credentials("access keys")
		s.ak, s.sk = ak, sk
		return nil
	}
}

// WithTemporaryAKSK authenticates with temporary access keys and their
// security token (sent and signed as X-Security-Token).
func WithTemporaryAKSK(ak, sk, securityToken string) Option {
	return func(s *settings) error {
		if ak == "" || sk == "" || securityToken == "" {
			return errors.New("hwpartner: WithTemporaryAKSK needs an access key, a secret key and a security token")
		}
		s.credentials("temporary access keys")
		s.ak, s.sk, s.secToken = ak, sk, securityToken
		return nil
	}
}

// WithDomainID sets the partner's account id, sent (and signed) as
// X-Domain-Id with access keys, permanent or temporary. Give it with
// access keys: the Partner Center is a global service, Huawei's SDKs send
// the header whenever they know the id, and a gateway may refuse a
// global service's AK/SK request without it. Tokens (WithToken,
// WithPassword) carry their account and need none. The id is the
// "Account ID" (账户ID) on the My Credentials (我的凭证) page of the
// Huawei Cloud console; HUAWEICLOUD_SDK_DOMAIN_ID gives it to clients that
// read the environment.
func WithDomainID(id string) Option {
	return func(s *settings) error {
		if id == "" {
			return errors.New("hwpartner: empty domain id")
		}
		s.domainID = id
		return nil
	}
}

// WithToken authenticates with a fixed domain-scoped IAM token
// (X-Auth-Token). It expires after 24 hours; see WithPassword.
func WithToken(token string) Option {
	return func(s *settings) error {
		if token == "" {
			return errors.New("hwpartner: empty token")
		}
		s.credentials("token")
		s.token = token
		return nil
	}
}

// WithPassword authenticates with IAM tokens obtained for an IAM user of
// the partner account, renewed before they expire. The IAM endpoint is
// WithIAMEndpoint's, else the custom endpoint, else auth.DefaultIAMEndpoint.
func WithPassword(userName, password, accountName string) Option {
	return func(s *settings) error {
		if userName == "" || password == "" || accountName == "" {
			return errors.New("hwpartner: WithPassword needs a user name, a password and an account name")
		}
		s.credentials("password")
		s.password = &auth.PasswordConfig{UserName: userName, Password: password, AccountName: accountName}
		return nil
	}
}

// WithIAMEndpoint sets the IAM base URL used by WithPassword.
func WithIAMEndpoint(endpoint string) Option {
	return func(s *settings) error {
		if endpoint == "" {
			return errors.New("hwpartner: empty IAM endpoint")
		}
		s.iamEndpoint = endpoint
		return nil
	}
}

// WithCredentials authenticates with any auth.Credentials.
func WithCredentials(c auth.Credentials) Option {
	return func(s *settings) error {
		if c == nil {
			return errors.New("hwpartner: nil credentials")
		}
		s.credentials("credentials")
		s.creds = c
		return nil
	}
}

// Config is a ready-made client configuration: an endpoint and the
// credentials to use there. hwpartnertest.Server.ClientConfig returns one
// for the fake server, so a test needs one option:
//
//	c, err := hwpartner.NewClient(hwpartner.WithConfig(srv.ClientConfig()))
type Config interface {
	ConfigEndpoint() string
	ConfigCredentials() (auth.Credentials, error)
}

// WithConfig takes the endpoint and credentials from c, as WithEndpoint
// and WithCredentials would.
func WithConfig(c Config) Option {
	return func(s *settings) error {
		if c == nil {
			return errors.New("hwpartner: nil config")
		}
		creds, err := c.ConfigCredentials()
		if err != nil {
			return fmt.Errorf("hwpartner: config: %w", err)
		}
		if err := WithEndpoint(c.ConfigEndpoint())(s); err != nil {
			return err
		}
		return WithCredentials(creds)(s)
	}
}

// WithHTTPClient uses hc's Transport as the base transport and its Timeout
// (when set) per attempt. Signing, retries and error handling still run;
// hc itself is not modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *settings) error {
		if hc == nil {
			return errors.New("hwpartner: nil HTTP client")
		}
		s.base = hc.Transport
		if hc.Timeout > 0 {
			s.timeout = hc.Timeout
		}
		return nil
	}
}

// WithTransport replaces only the base transport; signing and retries
// still run on top of it.
func WithTransport(rt http.RoundTripper) Option {
	return func(s *settings) error {
		if rt == nil {
			return errors.New("hwpartner: nil transport")
		}
		s.base = rt
		return nil
	}
}

// WithTimeout bounds each attempt (default 60 s). Bound a whole call,
// retries included, with its context.
func WithTimeout(d time.Duration) Option {
	return func(s *settings) error {
		if d <= 0 {
			return errors.New("hwpartner: timeout must be positive")
		}
		s.timeout = d
		return nil
	}
}

// WithLogger logs each attempt at debug level (operation, path, status,
// request id, attempt, duration) and clock corrections at warn level.
// Credentials and bodies are never logged. The default is silent.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error {
		if l == nil {
			return errors.New("hwpartner: nil logger")
		}
		s.logger = l
		return nil
	}
}

// WithUserAgent puts product (e.g. "myplatform/2.1") before the SDK's own
// User-Agent.
func WithUserAgent(product string) Option {
	return func(s *settings) error {
		if strings.ContainsAny(product, "\r\n") {
			return errors.New("hwpartner: user agent contains a line break")
		}
		s.userAgent = product
		return nil
	}
}

// WithRetry sets how queries are retried: at most maxRetries more attempts
// (0 disables retries), waiting between minWait and maxWait with jitter,
// or what Retry-After says. Zero waits keep the defaults (1 s and 30 s).
// Money-moving calls are retried only when the request never left.
func WithRetry(maxRetries int, minWait, maxWait time.Duration) Option {
	return func(s *settings) error {
		if maxRetries < 0 || maxRetries > 10 {
			return errors.New("hwpartner: maxRetries must be between 0 and 10")
		}
		if minWait < 0 || maxWait < 0 || (maxWait > 0 && maxWait < minWait) {
			return errors.New("hwpartner: retry waits must be positive with minWait <= maxWait")
		}
		s.maxRetries = maxRetries
		if maxRetries == 0 {
			s.maxRetries = -1
		}
		s.minWait, s.maxWait = minWait, maxWait
		return nil
	}
}
