package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"
)

// Credentials authorize a request before it is sent. Authorize receives a
// request the caller owns (a clone) and the exact body bytes; now is the
// signing time, already corrected for any known clock skew.
type Credentials interface {
	Authorize(ctx context.Context, req *http.Request, body []byte, now time.Time) error
}

// Invalidator is implemented by credentials holding a cached token, so the
// client can drop a token the server refused.
type Invalidator interface {
	// Invalidate drops the cached token if it is still token (any cached
	// token when token is ""). Naming the refused token keeps a late
	// refusal from dropping the token fetched to replace it.
	Invalidate(token string)
}

// redacted is what every secret prints as.
const redacted = "[REDACTED]"

// AKSK are access-key credentials, permanent or temporary (with a security
// token). They sign each request with SDK-HMAC-SHA256 after adding
// X-Domain-Id (when known) and X-Security-Token (for temporary keys).
type AKSK struct {
	signer        *Signer
	securityToken string
	domainID      string
}

// NewAKSK returns permanent access-key credentials.
func NewAKSK(ak, sk string) (*AKSK, error) {
	s, err := NewSigner(ak, sk)
	if err != nil {
		return nil, err
	}
	return &AKSK{signer: s}, nil
}

// NewTemporaryAKSK returns temporary access-key credentials (from IAM or
// STS); securityToken is sent, and signed, as X-Security-Token.
func NewTemporaryAKSK(ak, sk, securityToken string) (*AKSK, error) {
	if securityToken == "" {
		return nil, errors.New("hwpartner/auth: temporary credentials need a security token")
	}
	if hasCtl(securityToken) {
		return nil, errors.New("hwpartner/auth: security token contains control characters")
	}
	c, err := NewAKSK(ak, sk)
	if err != nil {
		return nil, err
	}
	c.securityToken = securityToken
	return c, nil
}

// WithDomainID returns a copy of c that sends X-Domain-Id: id, the account
// id of the partner. BSS is a global service, so Huawei's SDKs send it with
// AK/SK whenever it is known.
func (c *AKSK) WithDomainID(id string) *AKSK {
	cp := *c
	cp.domainID = id
	return &cp
}

// AccessKey returns the access key id (not secret).
func (c *AKSK) AccessKey() string { return c.signer.AccessKey() }

// DomainID returns the account id sent as X-Domain-Id, or "".
func (c *AKSK) DomainID() string { return c.domainID }

// Temporary reports whether the credentials carry a security token.
func (c *AKSK) Temporary() bool { return c.securityToken != "" }

// Authorize adds X-Domain-Id and X-Security-Token, then signs req.
func (c *AKSK) Authorize(_ context.Context, req *http.Request, body []byte, now time.Time) error {
	if c.domainID != "" {
		req.Header.Set(HeaderDomainID, c.domainID)
	}
	if c.securityToken != "" {
		req.Header.Set(HeaderSecurityToken, c.securityToken)
	}
	return c.signer.Sign(req, body, now)
}

// String describes the credentials without their secrets. The printing
// methods have value receivers so that a copied AKSK prints the same way.
func (c AKSK) String() string {
	kind := "permanent"
	if c.securityToken != "" {
		kind = "temporary"
	}
	s := fmt.Sprintf("auth.AKSK{%s, AccessKey: %s, SecretKey: %s", kind, c.AccessKey(), redacted)
	if c.securityToken != "" {
		s += ", SecurityToken: " + redacted
	}
	if c.domainID != "" {
		s += ", DomainID: " + c.domainID
	}
	return s + "}"
}

// GoString is String: %#v must not print the secret key either.
func (c AKSK) GoString() string { return c.String() }

// Format prints String for every verb, so no verb reaches the fields.
func (c AKSK) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// LogValue logs the access key only.
func (c AKSK) LogValue() slog.Value {
	return slog.GroupValue(slog.String("access_key", c.AccessKey()), slog.Bool("temporary", c.Temporary()))
}

// Redact removes the secret key and the security token from text.
func (c *AKSK) Redact(text string) string {
	return RedactSecrets(text, c.signer.secretKey(), c.securityToken)
}

// Environment variable names, as Huawei's own SDKs read them.
const (
	EnvAK            = "HUAWEICLOUD_SDK_AK"
	EnvSK            = "HUAWEICLOUD_SDK_SK"
	EnvSecurityToken = "HUAWEICLOUD_SDK_SECURITY_TOKEN"
	EnvDomainID      = "HUAWEICLOUD_SDK_DOMAIN_ID"
)

// ErrNoCredentials: no credentials were given and none are in the environment.
var ErrNoCredentials = errors.New("hwpartner/auth: no credentials: set " + EnvAK + " and " + EnvSK + " or pass credentials explicitly")

// FromEnv reads access-key credentials from HUAWEICLOUD_SDK_AK,
// HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_SECURITY_TOKEN (temporary keys) and
// HUAWEICLOUD_SDK_DOMAIN_ID. It returns ErrNoCredentials when the AK or SK
// is not set.
func FromEnv() (*AKSK, error) { return FromLookup(os.LookupEnv) }

// FromLookup is FromEnv with another source of variables.
func FromLookup(lookup func(string) (string, bool)) (*AKSK, error) {
	ak, _ := lookup(EnvAK)
	sk, _ := lookup(EnvSK)
	if ak == "" || sk == "" {
		return nil, ErrNoCredentials
	}
	var (
		c   *AKSK
		err error
	)
	if tok, _ := lookup(EnvSecurityToken); tok != "" {
		c, err = NewTemporaryAKSK(ak, sk, tok)
	} else {
		c, err = NewAKSK(ak, sk)
	}
	if err != nil {
		return nil, err
	}
	if id, _ := lookup(EnvDomainID); id != "" {
		c = c.WithDomainID(id)
	}
	return c, nil
}

// Token is a fixed IAM token sent as X-Auth-Token. For BSS it must be
// domain-scoped. Tokens last 24 hours; PasswordTokenSource renews them.
type Token struct {
	token string
}

// NewToken returns credentials that send token as X-Auth-Token.
func NewToken(token string) (*Token, error) {
	if token == "" {
		return nil, errors.New("hwpartner/auth: empty token")
	}
	if hasCtl(token) {
		return nil, errors.New("hwpartner/auth: token contains control characters")
	}
	return &Token{token: token}, nil
}

// Authorize sets X-Auth-Token. Nothing is signed in token mode.
func (t *Token) Authorize(_ context.Context, req *http.Request, _ []byte, _ time.Time) error {
	req.Header.Set(HeaderAuthToken, t.token)
	return nil
}

// String never shows the token, also for a copied Token.
func (t Token) String() string { return "auth.Token{" + redacted + "}" }

// GoString is String.
func (t Token) GoString() string { return t.String() }

// Format prints String for every verb.
func (t Token) Format(f fmt.State, _ rune) { fmt.Fprint(f, t.String()) }

// LogValue never logs the token.
func (t Token) LogValue() slog.Value { return slog.StringValue(t.String()) }

// Redact removes the token from text.
func (t *Token) Redact(text string) string { return RedactSecrets(text, t.token) }
