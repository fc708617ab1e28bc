package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
)

// DefaultIAMEndpoint is the China site's global IAM endpoint.
const DefaultIAMEndpoint = "https://iam.myhuaweicloud.com"

// Token lifetime and renewal defaults.
const (
	TokenLifetime        = 24 * time.Hour
	DefaultRefreshBefore = time.Hour
	tokenFetchTimeout    = 30 * time.Second
	maxTokenErrorBody    = 64 << 10
)

// PasswordConfig configures a PasswordTokenSource.
type PasswordConfig struct {
	// IAMEndpoint is the IAM base URL; DefaultIAMEndpoint when empty.
	IAMEndpoint string
	// UserName and Password of an IAM user of the partner account named
	// AccountName. A HUAWEI ID cannot obtain tokens; create an IAM user.
	UserName    string
	Password    string
	AccountName string
	// HTTPClient sends the token request; a client with a 30 s timeout
	// over http.DefaultTransport when nil.
	HTTPClient *http.Client
	// RefreshBefore renews the token this long before it expires (at
	// most half its lifetime); DefaultRefreshBefore when zero.
	RefreshBefore time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// String never shows the password.
func (c PasswordConfig) String() string {
	return fmt.Sprintf("auth.PasswordConfig{IAMEndpoint: %s, UserName: %s, Password: %s, AccountName: %s}",
		c.IAMEndpoint, c.UserName, redacted, c.AccountName)
}

// GoString is String.
func (c PasswordConfig) GoString() string { return c.String() }

// Format prints String for every verb.
func (c PasswordConfig) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// LogValue never logs the password.
func (c PasswordConfig) LogValue() slog.Value { return slog.StringValue(c.String()) }

// TokenError is IAM's refusal to issue a token. It is an authentication
// failure and is not retried.
type TokenError struct {
	StatusCode int
	Header     http.Header
	// Body is IAM's error answer ({"error":{"code","message"}}), capped.
	Body []byte
}

func (e *TokenError) Error() string {
	return fmt.Sprintf("hwpartner/auth: IAM refused the token request (HTTP %d)", e.StatusCode)
}

// PasswordTokenSource obtains a domain-scoped IAM token with a user name,
// password and account name (POST /v3/auth/tokens), caches it and renews it
// before its 24 h expiry. It is safe for concurrent use: while a token is
// being fetched, other callers wait for that fetch instead of starting
// their own.
type PasswordTokenSource struct {
	cfg PasswordConfig
	// The cache lives behind a pointer, so that a copied source shares it
	// and the printing methods can take a value (a copy prints redacted).
	st *tokenState
}

type tokenState struct {
	mu       sync.Mutex
	token    string
	renewAt  time.Time
	inflight *tokenFetch
	// The last tokens handed out, for Redact: a refused one may be
	// echoed after it was dropped.
	recent [2]string
}

type tokenFetch struct {
	done    chan struct{}
	token   string
	renewAt time.Time
	err     error
}

// NewPasswordTokenSource checks cfg and returns a token source. No token is
// fetched until one is needed.
func NewPasswordTokenSource(cfg PasswordConfig) (*PasswordTokenSource, error) {
	var missing []string
	if cfg.UserName == "" {
		missing = append(missing, "user name")
	}
	if cfg.Password == "" {
		missing = append(missing, "password")
	}
	if cfg.AccountName == "" {
		missing = append(missing, "account name")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("hwpartner/auth: password credentials need a %s", strings.Join(missing, ", "))
	}
	if cfg.IAMEndpoint == "" {
		cfg.IAMEndpoint = DefaultIAMEndpoint
	}
	cfg.IAMEndpoint = strings.TrimRight(cfg.IAMEndpoint, "/")
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: tokenFetchTimeout}
	}
	if cfg.RefreshBefore <= 0 {
		cfg.RefreshBefore = DefaultRefreshBefore
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &PasswordTokenSource{cfg: cfg, st: &tokenState{}}, nil
}

// String never shows the password or the token. The printing methods have
// value receivers so that a copied source prints the same way.
func (s PasswordTokenSource) String() string {
	return "auth.PasswordTokenSource{" + s.cfg.String() + "}"
}

// GoString is String.
func (s PasswordTokenSource) GoString() string { return s.String() }

// Format prints String for every verb.
func (s PasswordTokenSource) Format(f fmt.State, _ rune) { fmt.Fprint(f, s.String()) }

// LogValue never logs secrets.
func (s PasswordTokenSource) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Redact removes the password and the recent tokens from text.
func (s *PasswordTokenSource) Redact(text string) string {
	if s.st == nil {
		return RedactSecrets(text, s.cfg.Password)
	}
	s.st.mu.Lock()
	secrets := []string{s.cfg.Password, s.st.token, s.st.recent[0], s.st.recent[1]}
	s.st.mu.Unlock()
	return RedactSecrets(text, secrets...)
}

var errNotConstructed = errors.New("hwpartner/auth: the PasswordTokenSource was not made by NewPasswordTokenSource")

// Token returns a valid token, fetching one when none is cached or the
// cached one is within RefreshBefore of expiry.
func (s *PasswordTokenSource) Token(ctx context.Context) (string, error) {
	st := s.st
	if st == nil {
		return "", errNotConstructed
	}
	st.mu.Lock()
	if st.token != "" && s.cfg.Now().Before(st.renewAt) {
		tok := st.token
		st.mu.Unlock()
		return tok, nil
	}
	f := st.inflight
	if f == nil {
		f = &tokenFetch{done: make(chan struct{})}
		st.inflight = f
		// The fetch serves every waiter, so one caller's cancellation
		// must not end it.
		go s.fetch(context.WithoutCancel(ctx), f)
	}
	st.mu.Unlock()
	select {
	case <-f.done:
		return f.token, f.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Invalidate drops the cached token if it is still token, or whatever is
// cached when token is ""; the next call then fetches a new one.
func (s *PasswordTokenSource) Invalidate(token string) {
	if s.st == nil {
		return
	}
	s.st.mu.Lock()
	if token == "" || token == s.st.token {
		s.st.token, s.st.renewAt = "", time.Time{}
	}
	s.st.mu.Unlock()
}

// Authorize sets X-Auth-Token to a valid token.
func (s *PasswordTokenSource) Authorize(ctx context.Context, req *http.Request, _ []byte, _ time.Time) error {
	tok, err := s.Token(ctx)
	if err != nil {
		return err
	}
	req.Header.Set(HeaderAuthToken, tok)
	return nil
}

func (s *PasswordTokenSource) fetch(ctx context.Context, f *tokenFetch) {
	ctx, cancel := context.WithTimeout(ctx, tokenFetchTimeout)
	defer cancel()
	f.token, f.renewAt, f.err = s.request(ctx)
	st := s.st
	st.mu.Lock()
	if f.err == nil {
		st.token, st.renewAt = f.token, f.renewAt
		st.recent[1], st.recent[0] = st.recent[0], f.token
	}
	st.inflight = nil
	st.mu.Unlock()
	close(f.done)
}

type tokenRequest struct {
	Auth struct {
		Identity struct {
			Methods  []string `json:"methods"`
			Password struct {
				User struct {
					Name     string `json:"name"`
					Password string `json:"password"`
					Domain   struct {
						Name string `json:"name"`
					} `json:"domain"`
				} `json:"user"`
			} `json:"password"`
		} `json:"identity"`
		Scope struct {
			Domain struct {
				Name string `json:"name"`
			} `json:"domain"`
		} `json:"scope"`
	} `json:"auth"`
}

func (s *PasswordTokenSource) request(ctx context.Context) (string, time.Time, error) {
	var body tokenRequest
	body.Auth.Identity.Methods = []string{"password"}
	body.Auth.Identity.Password.User.Name = s.cfg.UserName
	body.Auth.Identity.Password.User.Password = s.cfg.Password
	body.Auth.Identity.Password.User.Domain.Name = s.cfg.AccountName
	body.Auth.Scope.Domain.Name = s.cfg.AccountName // BSS is global: domain scope
	raw, err := json.Marshal(body)
	if err != nil {
		return "", time.Time{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.IAMEndpoint+"/v3/auth/tokens?nocatalog=true", bytes.NewReader(raw))
	if err != nil {
		return "", time.Time{}, fmt.Errorf("hwpartner/auth: bad IAM endpoint: %w", err)
	}
	req.Header.Set("Content-Type", "application/json;charset=utf8")
	requested := s.cfg.Now()
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("hwpartner/auth: token request: %w", unwrapURLError(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxTokenErrorBody))
	if err != nil {
		return "", time.Time{}, fmt.Errorf("hwpartner/auth: token request: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		return "", time.Time{}, &TokenError{StatusCode: resp.StatusCode, Header: resp.Header, Body: data}
	}
	tok := resp.Header.Get("X-Subject-Token")
	if tok == "" {
		return "", time.Time{}, errors.New("hwpartner/auth: IAM answered without an X-Subject-Token header")
	}
	expires := requested.Add(TokenLifetime)
	var ans struct {
		Token struct {
			ExpiresAt string `json:"expires_at"`
		} `json:"token"`
	}
	if json.Unmarshal(data, &ans) == nil && ans.Token.ExpiresAt != "" {
		if t, err := time.Parse(time.RFC3339, ans.Token.ExpiresAt); err == nil {
			expires = t
		}
	}
	return tok, renewal(requested, expires, s.cfg.RefreshBefore), nil
}

// renewal is when a token obtained at got and expiring at expires is
// renewed: RefreshBefore ahead of expiry, but never later than half its
// life, so a short-lived token is not fetched again on every call.
func renewal(got, expires time.Time, before time.Duration) time.Time {
	margin := min(before, expires.Sub(got)/2)
	return expires.Add(-max(margin, 0))
}
