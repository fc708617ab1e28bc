package auth_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/auth"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// clock is a settable time source safe for concurrent use.
type clock struct{ ns atomic.Int64 }

func newClock(t time.Time) *clock    { c := &clock{}; c.set(t); return c }
func (c *clock) set(t time.Time)     { c.ns.Store(t.UnixNano()) }
func (c *clock) now() time.Time      { return time.Unix(0, c.ns.Load()) }
func (c *clock) add(d time.Duration) { c.ns.Add(int64(d)) }

func iamServer(t *testing.T, clk *clock, opts ...hwpartnertest.Option) *hwpartnertest.Server {
	t.Helper()
	opts = append([]hwpartnertest.Option{
		hwpartnertest.WithIAMUser("ops", password, "acme"),
		hwpartnertest.WithClock(clk.now),
	}, opts...)
	return hwpartnertest.NewServer(t, opts...)
}

func TestPasswordTokenSourceOneFetchForManyCallers(t *testing.T) {
	t.Parallel()
	clk := newClock(time.Date(2024, 3, 15, 8, 0, 0, 0, time.UTC))
	srv := iamServer(t, clk)
	// A slow IAM makes every caller arrive while the fetch is in flight.
	srv.InjectFault("KeystoneCreateUserTokenByPassword", hwpartnertest.Fault{Latency: 100 * time.Millisecond, Times: 1})
	src, err := auth.NewPasswordTokenSource(auth.PasswordConfig{
		IAMEndpoint: srv.URL, UserName: "ops", Password: password, AccountName: "acme", Now: clk.now,
	})
	require.NoError(t, err)

	var wg sync.WaitGroup
	tokens := make([]string, 50)
	errs := make([]error, 50)
	for i := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tokens[i], errs[i] = src.Token(t.Context())
		}()
	}
	wg.Wait()
	for i := range tokens {
		require.NoError(t, errs[i])
		assert.Equal(t, tokens[0], tokens[i])
	}
	assert.NotEmpty(t, tokens[0])
	assert.Equal(t, 1, srv.TokensIssued())

	// The request is IAM's password method with a domain scope.
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "/v3/auth/tokens", reqs[0].Path)
	assert.Equal(t, "true", reqs[0].Query.Get("nocatalog"))
	assert.JSONEq(t, `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"ops","password":"`+password+`","domain":{"name":"acme"}}}},"scope":{"domain":{"name":"acme"}}}}`, string(reqs[0].Body))
}

func TestPasswordTokenSourceRefreshesBeforeExpiry(t *testing.T) {
	t.Parallel()
	clk := newClock(time.Date(2024, 3, 15, 8, 0, 0, 0, time.UTC))
	srv := iamServer(t, clk)
	src, err := auth.NewPasswordTokenSource(auth.PasswordConfig{
		IAMEndpoint: srv.URL, UserName: "ops", Password: password, AccountName: "acme",
		Now: clk.now, RefreshBefore: time.Hour,
	})
	require.NoError(t, err)

	first, err := src.Token(t.Context())
	require.NoError(t, err)
	clk.add(22*time.Hour + 59*time.Minute) // 1 h 1 min left: still cached
	again, err := src.Token(t.Context())
	require.NoError(t, err)
	assert.Equal(t, first, again)
	assert.Equal(t, 1, srv.TokensIssued())

	clk.add(2 * time.Minute) // 59 min left: renewed
	renewed, err := src.Token(t.Context())
	require.NoError(t, err)
	assert.NotEqual(t, first, renewed)
	assert.Equal(t, 2, srv.TokensIssued())

	src.Invalidate(first) // a refusal of the token already replaced
	again, err = src.Token(t.Context())
	require.NoError(t, err)
	assert.Equal(t, renewed, again, "only the refused token is dropped")
	assert.Equal(t, 2, srv.TokensIssued())

	src.Invalidate(renewed)
	third, err := src.Token(t.Context())
	require.NoError(t, err)
	assert.NotEqual(t, renewed, third)
	assert.Equal(t, 3, srv.TokensIssued())

	src.Invalidate("") // whatever is cached
	_, err = src.Token(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 4, srv.TokensIssued())
}

func TestPasswordTokenSourceShortLivedTokensAreReused(t *testing.T) {
	t.Parallel()
	clk := newClock(time.Date(2024, 3, 15, 8, 0, 0, 0, time.UTC))
	srv := iamServer(t, clk, hwpartnertest.WithTokenTTL(40*time.Minute))
	src, err := auth.NewPasswordTokenSource(auth.PasswordConfig{
		IAMEndpoint: srv.URL, UserName: "ops", Password: password, AccountName: "acme", Now: clk.now,
	})
	require.NoError(t, err)
	for range 3 {
		_, err := src.Token(t.Context())
		require.NoError(t, err)
	}
	assert.Equal(t, 1, srv.TokensIssued(), "a token shorter-lived than the refresh margin is still reused")
	clk.add(21 * time.Minute) // past half its life
	_, err = src.Token(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 2, srv.TokensIssued())
}

func TestPasswordTokenSourceWrongPassword(t *testing.T) {
	t.Parallel()
	clk := newClock(time.Now())
	srv := iamServer(t, clk)
	src, err := auth.NewPasswordTokenSource(auth.PasswordConfig{IAMEndpoint: srv.URL, UserName: "ops", Password: "wrong", AccountName: "acme"})
	require.NoError(t, err)
	_, err = src.Token(t.Context())
	var te *auth.TokenError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, http.StatusUnauthorized, te.StatusCode)
	assert.Contains(t, string(te.Body), "The username or password is wrong.")
	assert.NotContains(t, err.Error(), "wrong\"")
	assert.Equal(t, 0, srv.TokensIssued())
	assert.Equal(t, 1, srv.RequestCount(""), "an IAM refusal is not retried")
}

func TestPasswordTokenSourceCancelledWaiterDoesNotStopTheFetch(t *testing.T) {
	t.Parallel()
	clk := newClock(time.Now())
	srv := iamServer(t, clk)
	srv.InjectFault("KeystoneCreateUserTokenByPassword", hwpartnertest.Fault{Latency: 300 * time.Millisecond, Times: 1})
	src, err := auth.NewPasswordTokenSource(auth.PasswordConfig{IAMEndpoint: srv.URL, UserName: "ops", Password: password, AccountName: "acme"})
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { _, err := src.Token(ctx); done <- err }()
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	assert.ErrorIs(t, <-done, context.Canceled)

	tok, err := src.Token(t.Context())
	require.NoError(t, err)
	assert.NotEmpty(t, tok)
	assert.Equal(t, 1, srv.TokensIssued(), "the cancelled caller's fetch served the next caller")
}

func TestPasswordTokenSourceNeedsSubjectToken(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]any{"token": map[string]any{}})
	}))
	t.Cleanup(ts.Close)
	src, err := auth.NewPasswordTokenSource(auth.PasswordConfig{IAMEndpoint: ts.URL, UserName: "u", Password: "p", AccountName: "a"})
	require.NoError(t, err)
	_, err = src.Token(t.Context())
	assert.ErrorContains(t, err, "X-Subject-Token")
}

func TestPasswordTokenSourceAuthorize(t *testing.T) {
	t.Parallel()
	clk := newClock(time.Now())
	srv := iamServer(t, clk)
	src, err := auth.NewPasswordTokenSource(auth.PasswordConfig{IAMEndpoint: srv.URL, UserName: "ops", Password: password, AccountName: "acme"})
	require.NoError(t, err)
	req, _ := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/x", nil)
	require.NoError(t, src.Authorize(t.Context(), req, nil, time.Now()))
	assert.Contains(t, req.Header.Get("X-Auth-Token"), "fake-iam-token-")

	bad, err := auth.NewPasswordTokenSource(auth.PasswordConfig{IAMEndpoint: "http://127.0.0.1:1", UserName: "u", Password: "p", AccountName: "a"})
	require.NoError(t, err)
	err = bad.Authorize(t.Context(), req, nil, time.Now())
	assert.Error(t, err)
	assert.False(t, errors.Is(err, context.Canceled))
}
