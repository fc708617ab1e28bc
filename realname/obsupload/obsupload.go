package obsupload

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-obs/obs"

	"github.com/hwpartner/go-hwpartner/auth"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/realname"
)

const redacted = "[REDACTED]"

// Config says which bucket to write to and how.
type Config struct {
	// Bucket is the bucket's name.
	Bucket string
	// Endpoint is the OBS endpoint of the bucket's region, such as
	// "https://obs.cn-north-4.myhuaweicloud.com".
	Endpoint string
	// AccessKey and SecretKey default to HUAWEICLOUD_SDK_AK and
	// HUAWEICLOUD_SDK_SK, the keys the Partner Center client reads.
	AccessKey string
	SecretKey string
	// SecurityToken is for temporary keys; it defaults to
	// HUAWEICLOUD_SDK_SECURITY_TOKEN when the keys come from there too.
	SecurityToken string
	// HTTPClient sends the requests. The default honours HTTPS_PROXY and
	// NO_PROXY and always verifies TLS certificates (the OBS SDK's own
	// default does not).
	HTTPClient *http.Client
	// PathStyle puts the bucket in the path instead of the host name.
	// It is automatic for endpoints given by IP address.
	PathStyle bool
}

// String shows the configuration without the secrets.
func (c Config) String() string {
	return fmt.Sprintf("obsupload.Config{Bucket: %s, Endpoint: %s, AccessKey: %s, SecretKey: %s, SecurityToken: %s}",
		c.Bucket, c.Endpoint, c.AccessKey, secret(c.SecretKey), secret(c.SecurityToken))
}

// GoString is String.
func (c Config) GoString() string { return c.String() }

// Format prints String for every verb.
func (c Config) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// LogValue logs the bucket, endpoint and access key.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("bucket", c.Bucket), slog.String("endpoint", c.Endpoint), slog.String("access_key", c.AccessKey))
}

func secret(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

// Bucket writes attachments to one OBS bucket. It implements
// realname.Bucket and is safe for concurrent use.
type Bucket struct {
	cfg Config
	hc  *http.Client
	tr  *http.Transport // hc's, when it is one; handed to the SDK so it builds none
}

var _ realname.Bucket = (*Bucket)(nil)

// New checks cfg and returns a Bucket. It sends nothing.
func New(cfg Config) (*Bucket, error) {
	if cfg.AccessKey == "" && cfg.SecretKey == "" {
		cfg.AccessKey, cfg.SecretKey = os.Getenv(auth.EnvAK), os.Getenv(auth.EnvSK)
		if cfg.SecurityToken == "" {
			cfg.SecurityToken = os.Getenv(auth.EnvSecurityToken)
		}
	}
	var problems []string
	if cfg.Bucket == "" {
		problems = append(problems, "a bucket name")
	}
	if u, err := url.Parse(cfg.Endpoint); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		problems = append(problems, "an http(s) endpoint such as https://obs.cn-north-4.myhuaweicloud.com")
	}
	if cfg.AccessKey == "" || cfg.SecretKey == "" {
		problems = append(problems, "an access key and a secret key (or "+auth.EnvAK+" and "+auth.EnvSK+")")
	}
	if len(problems) > 0 {
		return nil, errors.New("hwpartner: obsupload: the configuration needs " + strings.Join(problems, ", "))
	}
	b := &Bucket{cfg: cfg, hc: cfg.HTTPClient}
	if b.hc == nil {
		b.tr = defaultTransport()
		b.hc = &http.Client{
			Transport:     b.tr,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	} else if tr, ok := b.hc.Transport.(*http.Transport); ok {
		b.tr = tr
	}
	return b, nil
}

func defaultTransport() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 2 * time.Minute,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
	}
}

// String shows the bucket without the secrets. The printing methods have
// value receivers so that a copied Bucket (fmt.Printf("%+v", *b)) prints
// the same way.
func (b Bucket) String() string {
	return "obsupload.Bucket" + strings.TrimPrefix(b.cfg.String(), "obsupload.Config")
}

// GoString is String.
func (b Bucket) GoString() string { return b.String() }

// Format prints String for every verb.
func (b Bucket) Format(f fmt.State, _ rune) { fmt.Fprint(f, b.String()) }

// LogValue logs the bucket, endpoint and access key.
func (b Bucket) LogValue() slog.Value { return b.cfg.LogValue() }

// redact cleans OBS's text of echoed credentials and of the keys'
// secrets.
func (b *Bucket) redact(text string) string {
	return auth.RedactSecrets(core.RedactMessage(text), b.cfg.SecretKey, b.cfg.SecurityToken)
}

// PutObject stores obj with one PUT Object request, sent with ctx:
// cancelling ctx stops this upload and no other. The OBS SDK binds a
// context to a client, so each call gets a client of its own over the
// shared HTTP client (cheap: it sends nothing and opens no connection).
// The SDK does not retry: the body is a stream that cannot be rewound.
// After cancellation net/http waits for a pending Read of the body to
// return before PutObject does.
func (b *Bucket) PutObject(ctx context.Context, obj *realname.Object) error {
	if b == nil || b.hc == nil {
		// A Bucket from a failed New, or a zero one: no keys, no verified TLS.
		return errors.New("hwpartner: obsupload: the Bucket was not made by New")
	}
	if obj == nil || obj.Body == nil {
		return errors.New("hwpartner: obsupload: nothing to upload")
	}
	opts := list(
		obs.WithHttpClient(b.hc),
		obs.WithRequestContext(ctx),
		obs.WithMaxRetryCount(0),
		obs.WithPathStyle(b.cfg.PathStyle),
	)
	if b.tr != nil {
		opts = append(opts, obs.WithHttpTransport(b.tr))
	}
	if b.cfg.SecurityToken != "" {
		opts = append(opts, obs.WithSecurityToken(b.cfg.SecurityToken))
	}
	c, err := obs.New(b.cfg.AccessKey, b.cfg.SecretKey, b.cfg.Endpoint, opts...)
	if err != nil {
		return fmt.Errorf("hwpartner: obsupload: %w", err)
	}
	in := &obs.PutObjectInput{}
	in.Bucket = b.cfg.Bucket
	in.Key = obj.Key
	in.ContentType = obj.ContentType
	if obj.Size > 0 {
		in.ContentLength = obj.Size
	}
	in.Body = obj.Body
	_, err = c.PutObject(in)
	if err == nil {
		return nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return &Error{Bucket: b.cfg.Bucket, Key: obj.Key, Err: ctxErr}
	}
	var oe obs.ObsError
	if errors.As(err, &oe) {
		return &Error{Bucket: b.cfg.Bucket, Key: obj.Key, StatusCode: oe.StatusCode, Code: oe.Code, Message: b.redact(oe.Message), RequestID: oe.RequestId}
	}
	if msg := err.Error(); b.redact(msg) != msg {
		err = &redactedError{msg: b.redact(msg), err: err}
	}
	return &Error{Bucket: b.cfg.Bucket, Key: obj.Key, Err: err}
}

// list builds a slice of the SDK's unexported option type.
func list[T any](xs ...T) []T { return xs }

// Error is a failed upload: OBS's answer (StatusCode, Code, Message,
// RequestID), or the failure to get one (Err).
type Error struct {
	Bucket     string
	Key        string
	StatusCode int
	Code       string
	Message    string
	RequestID  string
	Err        error
}

// Error says which object failed and why.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "hwpartner: obsupload: PutObject %s/%s: ", e.Bucket, e.Key)
	if e.Err != nil {
		b.WriteString(e.Err.Error())
		return b.String()
	}
	if e.Code != "" {
		b.WriteString(e.Code + " ")
	}
	fmt.Fprintf(&b, "(HTTP %d)", e.StatusCode)
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" [request id " + e.RequestID + "]")
	}
	if e.StatusCode == http.StatusForbidden || e.StatusCode == http.StatusNotFound {
		b.WriteString("; check the bucket name, that the endpoint is its region's, and that the keys may write to it")
	}
	return b.String()
}

// Unwrap returns the cause when no answer arrived.
func (e *Error) Unwrap() error { return e.Err }

// redactedError shows a cleaned text and keeps the cause for errors.Is.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
