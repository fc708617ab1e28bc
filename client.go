package hwpartner

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/hwpartner/go-hwpartner/auth"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/incentives"
	"github.com/hwpartner/go-hwpartner/internal/transport"
	"github.com/hwpartner/go-hwpartner/realname"
	"github.com/hwpartner/go-hwpartner/resellers"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// Client calls the Partner Center APIs. Create it with NewClient; it is
// immutable and safe for concurrent use. Each domain has a service field.
type Client struct {
	t *transport.Client
	// own is the HTTP transport the client made (none when the program
	// gave its own); Close releases its idle connections.
	own *http.Transport

	// Resellers lists the distributor's resellers.
	Resellers *resellers.Service
	// Funds moves money to and from resellers and reads balances and
	// adjust records.
	Funds *funds.Service
	// Vouchers issues, reclaims and audits voucher quotas.
	Vouchers *vouchers.Service
	// Incentives reads incentive policies (package incentives).
	Incentives *incentives.Service
	// RealName submits customers' real-name authentication and uploads
	// its attachments.
	RealName *realname.Service
	// Customers finds, registers and funds customers, the partner's and
	// its resellers'.
	Customers *customers.Service
}

// NewClient returns a client. Without a credentials option it reads
// access keys from the environment (auth.FromEnv). Without a site or
// endpoint it calls the China site.
func NewClient(opts ...Option) (*Client, error) {
	s := settings{endpoint: EndpointChina, site: SiteChina}
	for _, o := range opts {
		if o == nil {
			return nil, errors.New("hwpartner: nil option")
		}
		if err := o(&s); err != nil {
			return nil, err
		}
	}
	var own *http.Transport
	if s.base == nil {
		// One transport for the API and IAM, so Close reaches both.
		own = transport.DefaultBase()
		s.base = own
	}
	creds, err := s.buildCredentials()
	if err != nil {
		return nil, err
	}
	ua := "go-hwpartner/" + Version + " (" + runtime.Version() + "; " + runtime.GOOS + "/" + runtime.GOARCH + ")"
	if s.userAgent != "" {
		ua = s.userAgent + " " + ua
	}
	t, err := transport.New(transport.Config{
		Endpoint:    s.endpoint,
		Site:        s.site,
		Credentials: creds,
		Base:        s.base,
		Timeout:     s.timeout,
		Logger:      s.logger,
		UserAgent:   ua,
		MaxRetries:  s.maxRetries,
		MinWait:     s.minWait,
		MaxWait:     s.maxWait,
	})
	if err != nil {
		return nil, err
	}
	c := newClient(t)
	c.own = own
	return c, nil
}

func newClient(t *transport.Client) *Client {
	return &Client{
		t:          t,
		Resellers:  resellers.NewService(t),
		Funds:      funds.NewService(t),
		Vouchers:   vouchers.NewService(t),
		Incentives: incentives.NewService(t),
		RealName:   realname.NewService(t),
		Customers:  customers.NewService(t),
	}
}

func (s *settings) buildCredentials() (auth.Credentials, error) {
	if len(s.credKinds) > 1 {
		return nil, fmt.Errorf("hwpartner: more than one kind of credentials given (%s)", strings.Join(s.credKinds, ", "))
	}
	switch {
	case s.creds != nil:
		return s.creds, nil
	case s.token != "":
		return auth.NewToken(s.token)
	case s.password != nil:
		cfg := *s.password
		cfg.IAMEndpoint = s.iamEndpoint
		if cfg.IAMEndpoint == "" && s.site == SiteCustom {
			cfg.IAMEndpoint = s.endpoint
		}
		cfg.HTTPClient = &http.Client{Transport: s.base, Timeout: 30 * time.Second}
		return auth.NewPasswordTokenSource(cfg)
	}
	var (
		c   *auth.AKSK
		err error
	)
	switch {
	case s.secToken != "":
		c, err = auth.NewTemporaryAKSK(s.ak, s.sk, s.secToken)
	case s.ak != "":
		c, err = auth.NewAKSK(s.ak, s.sk)
	default:
		c, err = auth.FromEnv()
	}
	if err != nil {
		return nil, err
	}
	if s.domainID != "" {
		c = c.WithDomainID(s.domainID)
	}
	return c, nil
}

// Do calls an operation the SDK does not wrap, with the same signing,
// validation, retry policy and error handling as the wrapped ones. params
// is encoded as the query (GET) or JSON body; result receives the JSON
// answer. Declare MovesMoney for anything that moves money or value.
func (c *Client) Do(ctx context.Context, op *Operation, params, result any) (ResponseMeta, error) {
	if op == nil || op.Method == "" || !strings.HasPrefix(op.Path, "/") {
		return ResponseMeta{}, errors.New("hwpartner: operation needs a method and a path starting with /")
	}
	return c.t.Do(ctx, op, params, result)
}

// Close closes the idle connections the client keeps open, and so their
// goroutines: a program that makes a client per tenant closes each one it
// is done with. Calls in flight finish normally, and a call made after
// Close opens a new connection. A transport given with WithTransport or
// WithHTTPClient belongs to the program and is left alone. Close always
// returns nil.
func (c *Client) Close() error {
	if c.own != nil {
		c.own.CloseIdleConnections()
	}
	return nil
}

// Site reports which site the client calls (SiteCustom for WithEndpoint).
func (c *Client) Site() Site { return c.t.Site() }

// Endpoint returns the base URL the client calls.
func (c *Client) Endpoint() string { return c.t.Endpoint() }

var _ core.Requester = (*transport.Client)(nil)
