// Package transport implements core.Requester on net/http: it
// builds URLs, query strings and JSON bodies, authorizes every attempt,
// applies the SDK's retry policy and turns answers into results or typed
// errors.
//
// Retry policy (see the project README):
//   - Queries are retried on network errors, 429 / CBC.0250 and 5xx, with
//     jittered exponential backoff that honours Retry-After, bounded by the
//     attempt limit and the context.
//   - Money-moving operations are retried only when the request provably
//     never left (no connection could be made: dial, DNS, TLS or proxy
//     failures; or credentials that could not be prepared). Any other
//     failure that may have reached the server is returned with
//     OutcomeUnknown set; nothing is sent twice. Their requests have no
//     GetBody, so no layer underneath (HTTP/2 after a stream reset or
//     GOAWAY, HTTP/1 on a stale connection, a redirect) can replay them.
//   - A 2xx answer that is empty, not a JSON object, truncated or missing
//     a field the operation always answers with (Operation.Answer) is
//     malformed: queries retry it like a 5xx, money calls report an
//     unknown outcome.
//   - Failures that prove nothing was carried out are NotSent (safe to
//     send again): the above, gateway authentication refusals and the
//     flow-control refusals APIGW.0308, APIG.0308 and CBC.0250.
//   - Authentication failures are never retried (the gateway locks an AK
//     after five consecutive failures), except once when the gateway says
//     the signature expired and gives its own time: the clock offset is
//     recorded and the request signed again with the corrected time.
package transport

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/go-querystring/query"

	"github.com/hwpartner/go-hwpartner/auth"
	"github.com/hwpartner/go-hwpartner/core"
)

// Defaults.
const (
	DefaultMaxRetries = 3
	DefaultMinWait    = time.Second
	DefaultMaxWait    = 30 * time.Second
	DefaultTimeout    = 60 * time.Second
	// MaxIdleConns is how many idle connections DefaultBase keeps to the
	// endpoint: the concurrency it serves without dialling again.
	MaxIdleConns = 128
	// MaxResponseBody bounds what is read of one answer.
	MaxResponseBody = 16 << 20
	maxRetryAfter   = 5 * time.Minute
)

// Config configures a Client. Zero values take the defaults.
type Config struct {
	Endpoint    string
	Site        core.Site
	Credentials auth.Credentials
	// Base sends authorized requests; DefaultBase() when nil.
	Base http.RoundTripper
	// Timeout bounds one attempt; DefaultTimeout when zero, none when < 0.
	Timeout    time.Duration
	Logger     *slog.Logger
	UserAgent  string
	MaxRetries int // < 0: no retries
	MinWait    time.Duration
	MaxWait    time.Duration
	// Now is the signing clock; time.Now when nil.
	Now func() time.Time
	// Pace, when set, is waited on before every attempt (a Pacer's Wait);
	// an error means that attempt was not sent.
	Pace func(ctx context.Context, op *core.Operation) error
}

// Client implements core.Requester. It is safe for concurrent use.
type Client struct {
	endpoint   string
	site       core.Site
	creds      auth.Credentials
	auth       *auth.Transport
	hc         *http.Client
	logger     *slog.Logger
	ua         string
	maxRetries int
	minWait    time.Duration
	maxWait    time.Duration
	pace       func(context.Context, *core.Operation) error
}

// DefaultBase returns the transport used when none is given: proxies from
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY as net/http reads them, TLS 1.2 or
// later with certificate verification always on.
func DefaultBase() *http.Transport {
	return &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   30 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2:      true,
		OnProxyConnectResponse: refuseProxy,
		// Every call may be in flight at once on one host: keep as many
		// idle connections as run concurrently, or each burst dials anew.
		MaxIdleConns:          MaxIdleConns,
		MaxIdleConnsPerHost:   MaxIdleConns,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
	}
}

// New checks cfg and returns a client.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(cfg.Endpoint)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("hwpartner: endpoint %q is not an http(s) URL", cfg.Endpoint)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("hwpartner: endpoint %q must not carry a query, fragment or user info", u.Redacted())
	}
	if cfg.Credentials == nil {
		return nil, auth.ErrNoCredentials
	}
	c := &Client{
		endpoint:   strings.TrimRight(u.String(), "/"),
		site:       cfg.Site,
		creds:      cfg.Credentials,
		logger:     cfg.Logger,
		ua:         cfg.UserAgent,
		maxRetries: cfg.MaxRetries,
		minWait:    cfg.MinWait,
		maxWait:    cfg.MaxWait,
		pace:       cfg.Pace,
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	if c.maxRetries < 0 {
		c.maxRetries = 0
	} else if c.maxRetries == 0 {
		c.maxRetries = DefaultMaxRetries
	}
	if c.minWait <= 0 {
		c.minWait = DefaultMinWait
	}
	if c.maxWait <= 0 {
		c.maxWait = max(DefaultMaxWait, c.minWait)
	}
	if c.maxWait < c.minWait {
		return nil, fmt.Errorf("hwpartner: maximum retry wait %s is below the minimum %s", c.maxWait, c.minWait)
	}
	base := cfg.Base
	if base == nil {
		base = DefaultBase()
	}
	c.auth = &auth.Transport{Credentials: cfg.Credentials, Base: base, Now: cfg.Now}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	} else if timeout < 0 {
		timeout = 0
	}
	c.hc = &http.Client{
		Transport: c.auth,
		Timeout:   timeout,
		// A redirect would resend a signed request, money included.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c, nil
}

// Site reports the site the client calls.
func (c *Client) Site() core.Site { return c.site }

// Now is the time the next request is signed with: this machine's clock,
// corrected by the offset the server's answers reported (core.Clock).
func (c *Client) Now() time.Time { return c.auth.SigningTime() }

// ClockOffset is the server's clock minus this machine's, and whether an
// answer has told it (core.ServerClock).
func (c *Client) ClockOffset() (time.Duration, bool) {
	return c.auth.ClockOffset(), c.auth.ClockKnown()
}

// ClockBound is how far the server's clock may be from ours while no
// answer has told it: the gateway's tolerance for signed requests; no
// bound for tokens, which carry no time (core.ServerClock).
func (c *Client) ClockBound() time.Duration {
	if _, signed := c.creds.(*auth.AKSK); signed {
		return core.SignatureTolerance
	}
	return 0
}

// Endpoint returns the base URL.
func (c *Client) Endpoint() string { return c.endpoint }

// Do implements core.Requester.
func (c *Client) Do(ctx context.Context, op *core.Operation, params, result any) (core.ResponseMeta, error) {
	var meta core.ResponseMeta
	if ctx == nil {
		return meta, &core.OperationError{Service: op.Service, Operation: op.Name, NotSent: true, Err: errors.New("nil context")}
	}
	if err := ctx.Err(); err != nil {
		return meta, &core.OperationError{Service: op.Service, Operation: op.Name, NotSent: true, Err: err}
	}
	if !op.OnSite(c.site) {
		return meta, &core.SiteError{Service: op.Service, Operation: op.Name, Site: c.site, Sites: op.Sites}
	}
	if err := validate(op, params); err != nil {
		return meta, err
	}
	cl := &call{c: c, op: op, start: time.Now(), result: result}
	req, body, err := c.newRequest(ctx, op, params)
	if err != nil {
		return meta, &core.OperationError{Service: op.Service, Operation: op.Name, NotSent: true, Err: err}
	}
	resp, err := cl.send(ctx, req, body)
	meta.Attempts = cl.attempts
	if err != nil {
		return meta, c.redactErr(cl.transportError(ctx, err), nil)
	}
	meta.StatusCode = resp.StatusCode
	meta.Header = resp.Header
	meta.RequestID = resp.Header.Get("X-Request-Id")
	return meta, c.redactErr(cl.finish(resp, result), resp.Request)
}

func validate(op *core.Operation, params any) error {
	v, ok := params.(interface{ Validate() error })
	if !ok || isNil(params) {
		return nil
	}
	return core.WithOperation(v.Validate(), op)
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

func (c *Client) newRequest(ctx context.Context, op *core.Operation, params any) (*http.Request, []byte, error) {
	u := c.endpoint + op.Path
	var body []byte
	switch op.Method {
	case http.MethodGet, http.MethodDelete, http.MethodHead:
		if !isNil(params) {
			q, err := EncodeQuery(params)
			if err != nil {
				return nil, nil, err
			}
			if q != "" {
				u += "?" + q
			}
		}
	default:
		body = []byte("{}")
		if !isNil(params) {
			var err error
			if body, err = json.Marshal(params); err != nil {
				return nil, nil, fmt.Errorf("encoding request: %w", err)
			}
		}
	}
	req, err := http.NewRequestWithContext(ctx, op.Method, u, nil)
	if err != nil {
		return nil, nil, err
	}
	// A query may be replayed by the layers underneath (HTTP/2 after a
	// stream reset, say); a money call only by our own retry policy, so
	// it gets no GetBody.
	if body != nil && !op.MovesMoney {
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	req.Header.Set("Content-Type", "application/json")
	if c.ua != "" {
		req.Header.Set("User-Agent", c.ua)
	}
	return req, body, nil
}

// send makes the attempts of one call: each with a fresh body, each
// judged by decide, which plans and waits out any retry.
func (cl *call) send(ctx context.Context, req *http.Request, body []byte) (*http.Response, error) {
	// The retries, and one clock correction (plan enforces the limit).
	for limit := cl.c.maxRetries + 2; ; {
		if err := cl.pace(ctx); err != nil {
			return nil, err
		}
		if body != nil {
			req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		}
		resp, err := cl.c.hc.Do(req)
		retry, waitErr := cl.retry(ctx, resp, err)
		switch {
		case waitErr != nil:
			return nil, waitErr
		case !retry || cl.attempts >= limit:
			if err != nil {
				return nil, err
			}
			return resp, nil
		}
		if resp != nil {
			resp.Body.Close() // read into memory by decide
		}
	}
}

// EncodeQuery encodes params (a struct with `url` tags, or url.Values)
// with keys sorted and spaces as %20, never "+".
func EncodeQuery(params any) (string, error) {
	vals, ok := params.(url.Values)
	if !ok {
		var err error
		if vals, err = query.Values(params); err != nil {
			return "", fmt.Errorf("encoding query: %w", err)
		}
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range vals[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(escape(k))
			b.WriteByte('=')
			b.WriteString(escape(v))
		}
	}
	return b.String(), nil
}

// escape is QueryEscape with "%20" for space; a literal "+" is already %2B.
func escape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// call is the state of one Do: one per call, so the retry hooks need no
// shared state.
type call struct {
	c           *Client
	op          *core.Operation
	start       time.Time
	attempts    int
	body        []byte // the last answer's body
	readErr     error  // reading the last answer failed
	reached     bool   // the last attempt may have reached the server
	skewRetried bool
	retries     int           // planned so far, the clock correction aside
	wait        time.Duration // planned by decide, waited out by retry
	lastErr     error
	malformed   error  // the last 2xx answer cannot be what op answers
	code        string // the last answer's top-level error_code
	result      any
	decoded     bool // result holds the last answer, by its AnswerDecoder
}

// retry decides whether to send the call again and, when it does, waits
// out the backoff; an error says the context ended meanwhile.
func (cl *call) retry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if !cl.decide(ctx, resp, err) {
		return false, nil
	}
	if cl.wait <= 0 {
		return true, nil
	}
	t := time.NewTimer(cl.wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false, ctx.Err()
	case <-t.C:
		return true, nil
	}
}

func (cl *call) decide(ctx context.Context, resp *http.Response, err error) bool {
	cl.attempts++
	cl.wait = 0
	cl.malformed = nil
	if err != nil {
		return cl.checkError(ctx, err)
	}
	cl.body, cl.readErr = readBody(resp)
	cl.reached = true
	status := resp.StatusCode
	cl.logAttempt(ctx, resp, nil)
	if cl.readErr != nil {
		cl.lastErr = cl.readErr
		return !cl.op.MovesMoney && ctx.Err() == nil && cl.plan(ctx, nil)
	}
	if status == http.StatusUnauthorized && !cl.skewRetried {
		if server, ok := expiredSignature(cl.body); ok {
			cl.skewRetried = true
			offset := time.Until(server).Round(time.Second)
			cl.c.auth.SetClockOffset(offset)
			cl.c.logger.LogAttrs(ctx, slog.LevelWarn, "hwpartner: gateway reports our clock is off; signing with its time",
				slog.String("operation", cl.op.Name), slog.Duration("offset", offset))
			// The gateway refused the signature: the request never reached
			// the service, so one more attempt is safe for every operation.
			cl.reached = false
			return true
		}
	}
	code, missing, walked := scanTop(cl.body, cl.op.Answer)
	cl.code = code
	if status/100 == 2 && okCode(code) {
		if walked && missing == "" && cl.decodeFast() {
			return false
		}
		if cl.malformed = malformed(cl.op, status, cl.body); cl.malformed == nil {
			return false
		}
		cl.lastErr = cl.malformed
		return !cl.op.MovesMoney && ctx.Err() == nil && cl.plan(ctx, resp)
	}
	if status < 500 && status != http.StatusTooManyRequests && code != "CBC.0250" && code != "CBC.99007197" {
		return false
	}
	cl.lastErr = fmt.Errorf("HTTP %d", status)
	if cl.op.MovesMoney || ctx.Err() != nil || status == http.StatusNotImplemented {
		return false
	}
	return cl.plan(ctx, resp)
}

// pace waits for the client's rate limit before an attempt. A wait cut
// short sends nothing.
func (cl *call) pace(ctx context.Context) error {
	if cl.c.pace == nil {
		return nil
	}
	if err := cl.c.pace(ctx, cl.op); err != nil {
		cl.reached = false
		return &auth.NotSentError{Err: err}
	}
	return nil
}

func (cl *call) checkError(ctx context.Context, err error) bool {
	cl.body, cl.readErr = nil, nil
	cl.lastErr = err
	cl.logAttempt(ctx, nil, err)
	var tokErr *auth.TokenError
	if errors.As(err, &tokErr) {
		cl.reached = false // refused by IAM before anything was sent
		return false
	}
	cl.reached = !neverSent(err)
	if ctx.Err() != nil || !retryableNetError(err) {
		return false
	}
	if cl.reached && cl.op.MovesMoney {
		return false
	}
	return cl.plan(ctx, nil)
}

// decodeFast decodes a well-formed answer with the result's own decoder,
// when it has one; encoding/json does it otherwise.
func (cl *call) decodeFast() bool {
	d, ok := cl.result.(core.AnswerDecoder)
	if ok && !isNil(cl.result) && d.DecodeAnswer(cl.body) {
		cl.decoded = true
	}
	return cl.decoded
}

// plan picks the wait before the next attempt, and declines to retry when
// the context would end before it.
func (cl *call) plan(ctx context.Context, resp *http.Response) bool {
	if cl.retries >= cl.c.maxRetries {
		return false
	}
	wait, ok := retryAfter(resp)
	if !ok {
		wait = jitter(cl.c.minWait, cl.c.maxWait, cl.attempts-1)
	}
	if dl, has := ctx.Deadline(); has && time.Until(dl) < wait {
		return false
	}
	cl.wait = wait
	cl.retries++
	return true
}

// jitter is exponential backoff with equal jitter: a random wait in
// [d/2, d], d = min·2^n capped at max.
func jitter(min, max time.Duration, n int) time.Duration {
	d := max
	if n < 30 {
		if e := min << n; e > 0 && e < max {
			d = e
		}
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

func retryAfter(resp *http.Response) (time.Duration, bool) {
	if resp == nil {
		return 0, false
	}
	v := resp.Header.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return min(time.Duration(s)*time.Second, maxRetryAfter), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(time.Until(t), 0), maxRetryAfter), true
	}
	return 0, false
}

// neverSent reports whether err proves the request did not leave: no
// connection could be made (dial, DNS, the proxy, the TLS handshake), or
// the credentials could not be prepared. These only happen before a
// request is written on a new connection.
func neverSent(err error) bool {
	var (
		op        *net.OpError
		dns       *net.DNSError
		ns        *auth.NotSentError
		proxy     *ProxyRefusedError
		header    tls.RecordHeaderError
		verify    *tls.CertificateVerificationError
		unknownCA x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
	)
	switch {
	case errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect"),
		errors.As(err, &dns), errors.As(err, &ns), errors.As(err, &proxy),
		errors.As(err, &header), errors.As(err, &verify), errors.As(err, &unknownCA),
		errors.As(err, &hostname), errors.As(err, &invalid):
		return true
	}
	var timeout interface{ Timeout() bool }
	return errors.As(err, &timeout) && timeout.Timeout() && strings.Contains(err.Error(), "TLS handshake timeout")
}

// ProxyRefusedError is a proxy's refusal of CONNECT: nothing was sent to
// the API. DefaultBase returns it.
type ProxyRefusedError struct{ Status string }

func (e *ProxyRefusedError) Error() string { return "proxy refused CONNECT: " + e.Status }

func refuseProxy(_ context.Context, _ *url.URL, _ *http.Request, resp *http.Response) error {
	if resp.StatusCode != http.StatusOK {
		return &ProxyRefusedError{Status: resp.Status}
	}
	return nil
}

// retryableNetError excludes failures a retry cannot fix.
func retryableNetError(err error) bool {
	var (
		unknownCA x509.UnknownAuthorityError
		verify    *tls.CertificateVerificationError
		hostname  x509.HostnameError
	)
	if errors.As(err, &unknownCA) || errors.As(err, &verify) || errors.As(err, &hostname) {
		return false
	}
	return !strings.Contains(err.Error(), "unsupported protocol scheme")
}

func readBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	size := 512
	if n := resp.ContentLength; n >= 0 && n <= MaxResponseBody {
		size = int(n) + 1 // the 1: room to meet EOF without growing
	}
	data, err := readAll(io.LimitReader(resp.Body, MaxResponseBody+1), make([]byte, 0, size))
	resp.Body = http.NoBody // read: cl.body holds it
	if err != nil {
		return nil, fmt.Errorf("reading response: %w", err)
	}
	if len(data) > MaxResponseBody {
		return nil, fmt.Errorf("response larger than %d bytes", MaxResponseBody)
	}
	return data, nil
}

// readAll is io.ReadAll into b, which a known Content-Length sizes.
func readAll(r io.Reader, b []byte) ([]byte, error) {
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// serverTime finds the gateway's clock in a message such as "signature
// expired, signature time:20211217T064303Z,server time:20211217T065804Z":
// as the pattern `signature expired.*server time:\s*([0-9]{8}T[0-9]{6}Z)`
// would, the last "server time:" followed by a time on the line of the
// first "signature expired" that has one. (Package regexp would take a
// third of the binary size budget.)
func serverTime(msg string) (string, bool) {
	const expired, label = "signature expired", "server time:"
	for i := 0; ; {
		j := strings.Index(msg[i:], expired)
		if j < 0 {
			return "", false
		}
		rest := msg[i+j+len(expired):]
		line, _, _ := strings.Cut(rest, "\n")
		for {
			l := strings.LastIndex(line, label)
			if l < 0 {
				break
			}
			if stamp, ok := timeStamp(rest[l+len(label):]); ok {
				return stamp, true
			}
			line = line[:l+len(label)-1] // the ones before
		}
		i += j + 1
	}
}

// timeStamp returns the 20060102T150405Z time that s starts with after
// white space, if it does.
func timeStamp(s string) (string, bool) {
	s = strings.TrimLeft(s, "\t\n\f\r ")
	if len(s) < 16 || s[8] != 'T' || s[15] != 'Z' {
		return "", false
	}
	for i, c := range []byte(s[:15]) {
		if i != 8 && (c < '0' || c > '9') {
			return "", false
		}
	}
	return s[:16], true
}

func expiredSignature(body []byte) (time.Time, bool) {
	e := core.ParseError(http.StatusUnauthorized, http.Header{}, body)
	if e.Code != "APIGW.0301" && e.Code != "APIGW.0303" {
		return time.Time{}, false
	}
	stamp, ok := serverTime(e.Message)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(auth.DateLayout, stamp)
	return t, err == nil
}

func (cl *call) logAttempt(ctx context.Context, resp *http.Response, err error) {
	if !cl.c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("operation", cl.op.Name),
		slog.String("method", cl.op.Method),
		slog.String("path", cl.op.Path),
		slog.Int("attempt", cl.attempts),
		slog.Duration("duration", time.Since(cl.start)),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("request_id", resp.Header.Get("X-Request-Id")))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	cl.c.logger.LogAttrs(ctx, slog.LevelDebug, "hwpartner: attempt", attrs...)
}

// transportError turns a failure without a usable answer into an error.
func (cl *call) transportError(ctx context.Context, err error) error {
	var tokErr *auth.TokenError
	if errors.As(err, &tokErr) {
		e := core.ParseError(tokErr.StatusCode, tokErr.Header, tokErr.Body)
		e.Service, e.Operation, e.NotSent = cl.op.Service, cl.op.Name, true
		return e
	}
	cause := unwrapURL(err)
	if ctx.Err() != nil && !errors.Is(cause, ctx.Err()) {
		// Cancelled while waiting to retry: say what the last attempt met.
		cause = fmt.Errorf("%w (after: %v)", ctx.Err(), cl.lastErr)
	}
	return &core.OperationError{
		Service:        cl.op.Service,
		Operation:      cl.op.Name,
		Attempts:       cl.attempts,
		OutcomeUnknown: cl.op.MovesMoney && cl.reached,
		NotSent:        !cl.reached,
		Check:          cl.check(),
		Err:            cause,
	}
}

func (cl *call) check() string {
	if cl.op.MovesMoney && cl.reached {
		return cl.op.Check
	}
	return ""
}

// finish decodes an answer into result or into an error.
func (cl *call) finish(resp *http.Response, result any) error {
	reqID := resp.Header.Get("X-Request-Id")
	if cl.readErr != nil {
		return &core.OperationError{Service: cl.op.Service, Operation: cl.op.Name, RequestID: reqID, Attempts: cl.attempts,
			OutcomeUnknown: cl.op.MovesMoney, Check: cl.opCheck(), Err: cl.readErr}
	}
	status := resp.StatusCode
	if status/100 != 2 || !okCode(cl.code) {
		e := core.ParseError(status, resp.Header, cl.body)
		e.Service, e.Operation = cl.op.Service, cl.op.Name
		// CBC.0999 ("other or unknown error") says nothing of what happened,
		// whatever the status it comes with.
		if cl.op.MovesMoney && (status >= 500 || e.Code == codeUnknownError) {
			e.OutcomeUnknown, e.Check = true, cl.op.Check
		}
		if core.IsAuth(e) {
			if inv, ok := cl.c.creds.(auth.Invalidator); ok {
				// The token this attempt carried: a newer one stays.
				var refused string
				if resp.Request != nil {
					refused = resp.Request.Header.Get(auth.HeaderAuthToken)
				}
				inv.Invalidate(refused)
			}
		}
		return e
	}
	if cl.malformed != nil {
		return &core.OperationError{Service: cl.op.Service, Operation: cl.op.Name, RequestID: reqID, Attempts: cl.attempts,
			OutcomeUnknown: cl.op.MovesMoney, Check: cl.opCheck(), Err: cl.malformed}
	}
	if cl.decoded || result == nil || len(cl.body) == 0 {
		return nil
	}
	if err := json.Unmarshal(cl.body, result); err != nil {
		// A 2xx that cannot be read: for money the server did act.
		return &core.OperationError{Service: cl.op.Service, Operation: cl.op.Name, RequestID: reqID, Attempts: cl.attempts,
			OutcomeUnknown: cl.op.MovesMoney, Check: cl.opCheck(), Err: fmt.Errorf("%w: decoding it: %w", core.ErrMalformed, err)}
	}
	return nil
}

func (cl *call) opCheck() string {
	if cl.op.MovesMoney {
		return cl.op.Check
	}
	return ""
}

func okCode(code string) bool { return code == "" || code == "CBC.0000" }

const codeUnknownError = "CBC.0999"

func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// malformed reports why a 2xx answer cannot be what op answers, or nil.
// HTTP 204 without a body is a success of its own (spec §12).
func malformed(op *core.Operation, status int, body []byte) error {
	b := bytes.TrimSpace(body)
	var why string
	switch {
	case len(b) == 0 && status == http.StatusNoContent && len(op.Answer) == 0:
		return nil
	case len(b) == 0:
		why = "an empty body"
	case b[0] != '{':
		why = "a body that is not a JSON object"
	case !json.Valid(b):
		why = "a truncated or invalid JSON body"
	default:
		if _, f, _ := scanTop(b, op.Answer); f != "" {
			why = fmt.Sprintf("no %q, which every answer carries", f)
		} else {
			return nil
		}
	}
	return fmt.Errorf("%w: HTTP %d with %s (a proxy or gateway may have lost it)", core.ErrMalformed, status, why)
}

// scanTop walks the top-level members of the JSON object body without
// decoding their values: the error_code it carries (when a string) and
// the first of fields it lacks. walked is false when body cannot be
// walked as an object; values are not validated (json.Valid or a decoder
// does), and then code and missing say nothing.
func scanTop(body []byte, fields []string) (code, missing string, walked bool) {
	var seenBuf [4]bool
	seen := seenBuf[:0]
	if len(fields) > len(seenBuf) {
		seen = make([]bool, 0, len(fields))
	}
	seen = seen[:len(fields)]
	var codeRaw []byte
	b := body
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return "", "", false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		i++
	} else {
		for {
			if i >= len(b) || b[i] != '"' {
				return "", "", false
			}
			end := skipString(b, i)
			if end >= len(b) {
				return "", "", false
			}
			key := b[i+1 : end-1]
			i = skipSpace(b, end)
			if i >= len(b) || b[i] != ':' {
				return "", "", false
			}
			start := skipSpace(b, i+1)
			i = skipValue(b, start)
			if i <= start || i >= len(b) {
				return "", "", false
			}
			if keyEquals(key, "error_code") {
				codeRaw = b[start:i]
			}
			for j, f := range fields {
				if !seen[j] && keyEquals(key, f) {
					seen[j] = true
				}
			}
			i = skipSpace(b, i)
			if i < len(b) && b[i] == ',' {
				i = skipSpace(b, i+1)
				continue
			}
			if i < len(b) && b[i] == '}' {
				i++
				break
			}
			return "", "", false
		}
	}
	if skipSpace(b, i) != len(b) {
		return "", "", false
	}
	for j, f := range fields {
		if !seen[j] {
			missing = f
			break
		}
	}
	return stringValue(codeRaw), missing, true
}

// stringValue decodes a raw JSON string, or gives "" for anything else.
func stringValue(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) < 2 || raw[0] != '"' {
		return ""
	}
	if bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) {
		return string(raw[1 : len(raw)-1])
	}
	var s string // escapes, or invalid UTF-8 that encoding/json replaces
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// keyEquals compares a raw JSON key with f; a key with escapes is decoded.
func keyEquals(raw []byte, f string) bool {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw) == f
	}
	var s string
	return json.Unmarshal(append(append([]byte{'"'}, raw...), '"'), &s) == nil && s == f
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] == '"',
// or len(b) when it does not end.
func skipString(b []byte, i int) int {
	for j := i + 1; j < len(b); {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			break
		}
		q := j + k
		n := 0 // backslashes before the quote: an odd count escapes it
		for p := q - 1; p > i && b[p] == '\\'; p-- {
			n++
		}
		if n%2 == 0 {
			return q + 1
		}
		j = q + 1
	}
	return len(b)
}

// skipValue returns the index after the JSON value starting at b[i] (for
// a scalar, where the next ',', '}' or ']' stands), or len(b).
func skipValue(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		switch b[i] {
		case '"':
			i = skipString(b, i)
			if depth == 0 {
				return i
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case ',':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return i
}
