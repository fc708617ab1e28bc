package vouchers_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// Test data seeded by setup.
const (
	parentID = "PARENT-0001"
	r1       = "reseller-0001"
	r2       = "reseller-0002"
	r3       = "reseller-0003"
	foreign  = "reseller-of-someone-else"
)

// wire is what the client put on the wire, attempt by attempt.
type wire struct {
	Method, Path, RawQuery string
	Body                   []byte
}

// recorder is a base transport that records each attempt and forwards it.
// hook, when set, runs before forwarding and after, when set, once the
// answer's headers arrived (n counts attempts from 1).
type recorder struct {
	base  http.RoundTripper
	mu    sync.Mutex
	log   []wire
	hook  func(n int, r *http.Request)
	after func(n int)
}

func (rt *recorder) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	rt.mu.Lock()
	rt.log = append(rt.log, wire{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Body: body})
	n, hook, after := len(rt.log), rt.hook, rt.after
	rt.mu.Unlock()
	if hook != nil {
		hook(n, r)
	}
	resp, err := rt.base.RoundTrip(r)
	if after != nil {
		after(n)
	}
	return resp, err
}

func (rt *recorder) sent() []wire {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return append([]wire(nil), rt.log...)
}

func (rt *recorder) reset() {
	rt.mu.Lock()
	rt.log = nil
	rt.mu.Unlock()
}

func (rt *recorder) last(t *testing.T) wire {
	t.Helper()
	log := rt.sent()
	require.NotEmpty(t, log, "nothing was sent")
	return log[len(log)-1]
}

type env struct {
	srv  *hwpartnertest.Server
	c    *hwpartner.Client
	wire *recorder
}

// setup starts a fake with three resellers of the default distributor, one
// of another distributor, and a 1000.00 parent quota; retries wait 1 ms.
func setup(t *testing.T, opts ...hwpartner.Option) *env {
	t.Helper()
	srv := hwpartnertest.NewServer(t)
	for _, r := range []hwpartnertest.IndirectPartner{
		{ID: r1, AccountName: "acc-1", Name: "Reseller One"},
		{ID: r2, AccountName: "acc-2", Name: "Reseller Two"},
		{ID: r3, AccountName: "acc-3", Name: "Reseller Three"},
		{ID: foreign, AccountName: "acc-x", Name: "Not Ours", DistributorID: "another-distributor"},
	} {
		require.NoError(t, srv.SeedReseller(r))
	}
	_, err := srv.SeedQuota(hwpartnertest.VoucherQuota{ID: parentID, Value: hwpartnertest.MustParseAmount(t, "1000.00")})
	require.NoError(t, err)
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	rec := &recorder{base: base}
	all := append([]hwpartner.Option{
		hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()),
		hwpartner.WithEndpoint(srv.URL),
		hwpartner.WithTransport(rec),
		hwpartner.WithRetry(3, time.Millisecond, 2*time.Millisecond),
	}, opts...)
	c, err := hwpartner.NewClient(all...)
	require.NoError(t, err)
	return &env{srv: srv, c: c, wire: rec}
}

// balance reads a quota's balance from the fake.
func (e *env) balance(t *testing.T, id string) string {
	t.Helper()
	q, ok := e.srv.Quota(id)
	require.True(t, ok, "no quota %s", id)
	return q.Balance.String()
}

func amount(t *testing.T, s string) hwpartner.Amount {
	t.Helper()
	a, err := hwpartner.ParseAmount(s)
	require.NoError(t, err)
	return a
}

// roundTripFunc answers requests without a server.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// cannedClient answers every request with HTTP 200 and body, for answers
// the fake never gives.
func cannedClient(t *testing.T, body string) *hwpartner.Client {
	t.Helper()
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{
			StatusCode: http.StatusOK, Request: r,
			Header: http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"canned"}},
			Body:   io.NopCloser(strings.NewReader(body)),
		}, nil
	})
	c, err := hwpartner.NewClient(hwpartner.WithAKSK("ak", "sk"), hwpartner.WithEndpoint("https://bss.example.test"), hwpartner.WithTransport(rt))
	require.NoError(t, err)
	return c
}

// fields lists the refused fields of a Validate error.
func fields(t *testing.T, err error) []string {
	t.Helper()
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	var got []string
	for _, f := range ve.Fields {
		got = append(got, f.Field)
	}
	return got
}
