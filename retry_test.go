package hwpartner_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/auth"
)

const balancesURL = testURL + "/v2/accounts/partner-accounts/balances"
const adjustURL = testURL + "/v2/accounts/partner-accounts/indirect-partner-adjust"

func TestQueryIsRetriedAfter503And429(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t)
	mt.RegisterResponder(http.MethodGet, balancesURL, sequence(
		jsonResp(503, `{"error_code":"CBC.0999","error_msg":"busy"}`),
		jsonResp(429, `{"error_code":"CBC.0250","error_msg":"flow control"}`),
		jsonResp(200, `{"account_balances":[]}`, "X-Request-Id", "rid-ok"),
	))
	var out map[string]any
	meta, err := c.Do(t.Context(), opQuery, &balanceParams{ResellerID: "r1"}, &out)
	require.NoError(t, err)
	assert.Equal(t, 3, mt.GetTotalCallCount())
	assert.Equal(t, 3, meta.Attempts)
	assert.Equal(t, 200, meta.StatusCode)
	assert.Equal(t, "rid-ok", meta.RequestID)
	assert.Contains(t, out, "account_balances")
}

func TestQueryRetriedOnThrottleCodeAndNetworkError(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t)
	mt.RegisterResponder(http.MethodGet, balancesURL, sequence(
		jsonResp(400, `{"error_code":"CBC.0250","error_msg":"flow control"}`),
		httpmock.NewErrorResponder(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}),
		jsonResp(200, `{}`),
	))
	_, err := c.Do(t.Context(), opQuery, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

func TestQueryGivesUpAfterMaxRetries(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t, hwpartner.WithRetry(2, time.Millisecond, time.Millisecond))
	mt.RegisterResponder(http.MethodGet, balancesURL, jsonResp(503, `{"error_code":"CBC.0999","error_msg":"busy"}`, "X-Request-Id", "rid-503"))
	meta, err := c.Do(t.Context(), opQuery, nil, nil)
	var apiErr *hwpartner.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Equal(t, "CBC.0999", apiErr.Code)
	assert.Equal(t, "rid-503", apiErr.RequestID)
	assert.False(t, apiErr.OutcomeUnknown, "a query has no outcome to lose")
	assert.Equal(t, 3, mt.GetTotalCallCount())
	assert.Equal(t, 3, meta.Attempts)
}

func TestRetryDisabled(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t, hwpartner.WithRetry(0, 0, 0))
	mt.RegisterResponder(http.MethodGet, balancesURL, jsonResp(503, `{}`))
	_, err := c.Do(t.Context(), opQuery, nil, nil)
	assert.Error(t, err)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestNotRetried(t *testing.T) {
	t.Parallel()
	for name, resp := range map[string]httpmock.Responder{
		"400":      jsonResp(400, `{"error_code":"CBC.0100","error_msg":"invalid parameter: limit"}`),
		"403":      jsonResp(403, `{"error_code":"CBC.0151","error_msg":"Access denied."}`),
		"404":      jsonResp(404, `{"error_code":"APIGW.0101","error_msg":"The API does not exist."}`),
		"501":      jsonResp(501, `{}`),
		"redirect": jsonResp(307, ``, "Location", testURL+"/elsewhere"),
		"tls":      httpmock.NewErrorResponder(&tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockClient(t)
			mt.RegisterResponder(http.MethodGet, balancesURL, resp)
			_, err := c.Do(t.Context(), opQuery, nil, nil)
			assert.Error(t, err)
			assert.Equal(t, 1, mt.GetTotalCallCount())
		})
	}
}

func TestRetryAfterIsHonouredAndEachAttemptSignedAfresh(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var dates []string
	c, mt := newMockClient(t)
	rec := func(r httpmock.Responder) httpmock.Responder {
		return func(req *http.Request) (*http.Response, error) {
			mu.Lock()
			dates = append(dates, req.Header.Get("X-Sdk-Date"))
			mu.Unlock()
			return r(req)
		}
	}
	mt.RegisterResponder(http.MethodGet, balancesURL, sequence(
		rec(jsonResp(429, `{"error_code":"CBC.0250","error_msg":"flow control"}`, "Retry-After", "1")),
		rec(jsonResp(200, `{}`)),
	))
	start := time.Now()
	_, err := c.Do(t.Context(), opQuery, nil, nil)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), time.Second, "Retry-After: 1 waits at least a second")
	require.Len(t, dates, 2)
	assert.NotEqual(t, dates[0], dates[1], "the retry carries a new X-Sdk-Date")
}

func TestRetryStopsWhenContextWouldEndFirst(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t)
	mt.RegisterResponder(http.MethodGet, balancesURL, jsonResp(429, `{"error_code":"CBC.0250","error_msg":"slow down"}`, "Retry-After", "60"))
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	_, err := c.Do(ctx, opQuery, nil, nil)
	assert.True(t, hwpartner.IsThrottled(err), "the last answer is returned rather than waiting past the deadline: %v", err)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestMoneyMovingCallNotRetriedAfter5xx(t *testing.T) {
	t.Parallel()
	for _, status := range []int{500, 502, 503, 504} {
		c, mt := newMockClient(t)
		mt.RegisterResponder(http.MethodPost, adjustURL, jsonResp(status, `{"error_code":"CBC.0999","error_msg":"internal error"}`))
		_, err := c.Do(t.Context(), opMoney, transfer(), &transferResult{})
		require.Error(t, err)
		assert.Equal(t, 1, mt.GetTotalCallCount(), "status %d", status)
		assert.True(t, hwpartner.IsOutcomeUnknown(err))
		assert.ErrorIs(t, err, hwpartner.ErrOutcomeUnknown)
		assert.Contains(t, err.Error(), "list the adjust records for the reseller")
	}
}

// CBC.0999 ("other or unknown error") says nothing of what happened, so a
// money-moving call that gets it has an unknown outcome, whatever the
// status it arrives with (a CBC code's status is not fixed).
func TestUnknownErrorCodeLeavesTheOutcomeUnknown(t *testing.T) {
	t.Parallel()
	for _, status := range []int{200, 400, 500} {
		c, mt := newMockClient(t)
		mt.RegisterResponder(http.MethodPost, adjustURL, jsonResp(status, `{"error_code":"CBC.0999","error_msg":"other error"}`))
		_, err := c.Do(t.Context(), opMoney, transfer(), &transferResult{})
		assert.True(t, hwpartner.IsOutcomeUnknown(err), "status %d", status)
		assert.Equal(t, 1, mt.GetTotalCallCount())
	}
	c, mt := newMockClient(t)
	mt.RegisterResponder(http.MethodPost, adjustURL, jsonResp(400, `{"error_code":"CBC.99005003","error_msg":"Insufficient balance."}`))
	_, err := c.Do(t.Context(), opMoney, transfer(), nil)
	assert.False(t, hwpartner.IsOutcomeUnknown(err), "a documented refusal is a definite failure")
	assert.True(t, hwpartner.IsInsufficientBalance(err))
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestMoneyMovingCallNotRetriedAfterThrottleOrReset(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t)
	mt.RegisterResponder(http.MethodPost, adjustURL, jsonResp(429, `{"error_code":"CBC.0250","error_msg":"flow control"}`))
	_, err := c.Do(t.Context(), opMoney, transfer(), nil)
	assert.True(t, hwpartner.IsThrottled(err))
	assert.False(t, hwpartner.IsOutcomeUnknown(err), "a throttled request was refused, not carried out")
	assert.Equal(t, 1, mt.GetTotalCallCount())

	c, mt = newMockClient(t)
	mt.RegisterResponder(http.MethodPost, adjustURL, httpmock.NewErrorResponder(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}))
	_, err = c.Do(t.Context(), opMoney, transfer(), nil)
	assert.True(t, hwpartner.IsOutcomeUnknown(err))
	assert.ErrorIs(t, err, syscall.ECONNRESET)
	var opErr *hwpartner.OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "UpdateIndirectPartnerAccount", opErr.Operation)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

// A server that reads the whole request and then resets the connection.
func TestMoneyMovingCallNotRetriedAfterResetAfterWrite(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = io.ReadAll(r.Body)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.(*net.TCPConn).SetLinger(0)
			conn.Close()
		}
	}))
	t.Cleanup(srv.Close)
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(testAK, testSK), hwpartner.WithEndpoint(srv.URL),
		hwpartner.WithRetry(3, time.Millisecond, time.Millisecond))
	require.NoError(t, err)

	_, err = c.Do(t.Context(), opMoney, transfer(), nil)
	assert.True(t, hwpartner.IsOutcomeUnknown(err), "%v", err)
	assert.Equal(t, int32(1), hits.Load())

	hits.Store(0)
	_, err = c.Do(t.Context(), opQuery, nil, nil)
	assert.Error(t, err)
	assert.Equal(t, int32(4), hits.Load(), "a query is retried")
}

// refusedFirst dials a closed port on the first attempt (a real refused
// connection: the request never left) and forwards later attempts.
type refusedFirst struct {
	closedURL string
	next      http.RoundTripper
	n         atomic.Int32
}

func (r *refusedFirst) RoundTrip(req *http.Request) (*http.Response, error) {
	if r.n.Add(1) == 1 {
		out := req.Clone(req.Context())
		out.URL.Host = r.closedURL
		out.Host = ""
		return http.DefaultTransport.RoundTrip(out)
	}
	return r.next.RoundTrip(req)
}

func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

func TestMoneyMovingCallRetriedAfterRefusedConnection(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, adjustURL, func(req *http.Request) (*http.Response, error) {
		body, _ := io.ReadAll(req.Body)
		if _, err := auth.Verify(req, body, func(string) (string, bool) { return testSK, true }, time.Now(), auth.MaxClockSkew); err != nil {
			return jsonResp(401, `{"error_code":"APIGW.0301","error_msg":"verify aksk signature fail"}`)(req)
		}
		return jsonResp(200, `{"transfer_id":"T1"}`)(req)
	})
	rt := &refusedFirst{closedURL: closedAddr(t), next: mt}
	c, mtc := newMockClient(t, hwpartner.WithTransport(rt))
	_ = mtc
	var out transferResult
	meta, err := c.Do(t.Context(), opMoney, transfer(), &out)
	require.NoError(t, err)
	assert.Equal(t, "T1", out.TransferID)
	assert.Equal(t, 2, meta.Attempts)
	assert.Equal(t, int32(2), rt.n.Load())
	assert.Equal(t, 1, mt.GetTotalCallCount(), "the server saw the transfer once")

	// A DNS failure is also proof the request never left.
	c2, mt2 := newMockClient(t)
	mt2.RegisterResponder(http.MethodPost, adjustURL, sequence(
		httpmock.NewErrorResponder(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "bss.example.test", IsNotFound: true}}),
		jsonResp(200, `{"transfer_id":"T2"}`),
	))
	_, err = c2.Do(t.Context(), opMoney, transfer(), &out)
	require.NoError(t, err)
	assert.Equal(t, "T2", out.TransferID)
}

func TestTimeouts(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		// Reading the body lets the server notice the client hanging up.
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-time.After(time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(testAK, testSK), hwpartner.WithEndpoint(srv.URL),
		hwpartner.WithRetry(3, time.Millisecond, time.Millisecond))
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(t.Context(), 250*time.Millisecond)
	defer cancel()
	_, err = c.Do(ctx, opMoney, transfer(), nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.True(t, hwpartner.IsOutcomeUnknown(err), "the transfer may have been received: %v", err)
	assert.Equal(t, int32(1), hits.Load())

	// A per-attempt timeout: a query retries, a money mover does not. It
	// is long enough for a request to arrive on a loaded machine.
	hits.Store(0)
	c, err = hwpartner.NewClient(hwpartner.WithAKSK(testAK, testSK), hwpartner.WithEndpoint(srv.URL),
		hwpartner.WithRetry(2, time.Millisecond, time.Millisecond), hwpartner.WithTimeout(250*time.Millisecond))
	require.NoError(t, err)
	_, err = c.Do(t.Context(), opMoney, transfer(), nil)
	assert.True(t, hwpartner.IsOutcomeUnknown(err))
	assert.Equal(t, int32(1), hits.Load())
	_, err = c.Do(t.Context(), opQuery, nil, nil)
	var netErr net.Error
	assert.True(t, errors.As(err, &netErr) && netErr.Timeout(), "%v", err)
	assert.False(t, hwpartner.IsOutcomeUnknown(err))
	assert.Equal(t, int32(4), hits.Load())
}

func TestCancelledContext(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t)
	mt.RegisterResponder(http.MethodPost, adjustURL, jsonResp(200, `{}`))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := c.Do(ctx, opMoney, transfer(), nil)
	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, hwpartner.IsOutcomeUnknown(err), "nothing was sent")
	assert.Equal(t, 0, mt.GetTotalCallCount())
}
