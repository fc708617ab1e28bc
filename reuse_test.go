package hwpartner_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
)

// 64 callers at once on the default transport, round after round: each
// keeps its connection between calls instead of dialling again.
func TestConcurrentCallsReuseConnections(t *testing.T) {
	t.Parallel()
	const callers, rounds = 64, 10
	var (
		conns   atomic.Int64
		mu      sync.Mutex
		arrived int
		gate    = make(chan struct{})
	)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Answer once every caller is in: all of them hold a connection.
		mu.Lock()
		g := gate
		if arrived++; arrived == callers {
			arrived = 0
			close(gate)
			gate = make(chan struct{})
		}
		mu.Unlock()
		select {
		case <-g:
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"count":0,"indirect_partners":[]}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(testAK, testSK), hwpartner.WithEndpoint(srv.URL))
	require.NoError(t, err)

	var wg sync.WaitGroup
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				_, err := c.Resellers.List(t.Context(), nil)
				assert.NoError(t, err)
			}
		}()
	}
	wg.Wait()
	t.Logf("%d connections", conns.Load())
	// A few more than the callers when dials race; without reuse every
	// round after the first dials most of them again.
	assert.LessOrEqual(t, conns.Load(), int64(callers+callers/2), "connections opened for %d rounds of %d callers", rounds, callers)
}

// The retry policy's hooks are the client's: calls in flight at once each
// keep their own attempts and answers.
func TestConcurrentCallsKeepTheirOwnRetries(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t)
	var failed sync.Map // the flaky ids answered 503 once already
	mt.RegisterResponder(http.MethodGet, balancesURL, func(req *http.Request) (*http.Response, error) {
		id := req.URL.Query().Get("indirect_partner_id")
		if _, again := failed.LoadOrStore(id, true); !again && strings.HasPrefix(id, "flaky") {
			return jsonResp(503, `{"error_code":"CBC.0999","error_msg":"busy"}`)(req)
		}
		return jsonResp(200, `{"id":"`+id+`"}`)(req)
	})
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, attempts := fmt.Sprintf("r%d", i), 1
			if i%2 == 0 {
				id, attempts = fmt.Sprintf("flaky%d", i), 2
			}
			var out struct {
				ID string `json:"id"`
			}
			meta, err := c.Do(t.Context(), opQuery, &balanceParams{ResellerID: id}, &out)
			if assert.NoError(t, err) {
				assert.Equal(t, id, out.ID)
			}
			assert.Equal(t, attempts, meta.Attempts, "call %s", id)
		}()
	}
	wg.Wait()
}

// onAttempt runs f after each attempt's answer was read, from the debug
// log the client writes then.
type onAttempt struct{ f func() }

func (h onAttempt) Enabled(context.Context, slog.Level) bool { return true }
func (h onAttempt) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "hwpartner: attempt" {
		h.f()
	}
	return nil
}
func (h onAttempt) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h onAttempt) WithGroup(string) slog.Handler      { return h }

// A cancellation while waiting to retry ends the call at once.
func TestCancelWhileWaitingToRetry(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	mt := httpmock.NewMockTransport()
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(testAK, testSK), hwpartner.WithEndpoint(testURL),
		hwpartner.WithTransport(mt), hwpartner.WithRetry(3, time.Hour, time.Hour),
		hwpartner.WithLogger(slog.New(onAttempt{func() { time.AfterFunc(20*time.Millisecond, cancel) }})))
	require.NoError(t, err)
	mt.RegisterResponder(http.MethodGet, balancesURL, jsonResp(503, `{"error_code":"CBC.0999","error_msg":"busy"}`))
	_, err = c.Do(ctx, opQuery, nil, nil)
	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, hwpartner.IsNotSent(err), "the first attempt was answered: %v", err)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

// A call that gives up leaves the client's idle connections alone (the
// retry library closes them when a call ends in an error, wherever the
// transport lets it).
func TestFailedCallKeepsIdleConnections(t *testing.T) {
	t.Parallel()
	var conns atomic.Int64
	var fail atomic.Bool
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if fail.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, `{"error_code":"CBC.0999","error_msg":"busy"}`)
			return
		}
		fmt.Fprint(w, `{"count":0,"indirect_partners":[]}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(t.Context())
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(testAK, testSK), hwpartner.WithEndpoint(srv.URL),
		hwpartner.WithRetry(1, time.Hour, time.Hour),
		hwpartner.WithLogger(slog.New(onAttempt{func() {
			if fail.Load() { // cancelled while waiting to retry, the answer read
				time.AfterFunc(20*time.Millisecond, cancel)
			}
		}})))
	require.NoError(t, err)

	_, err = c.Resellers.List(t.Context(), nil)
	require.NoError(t, err)
	fail.Store(true)
	_, err = c.Resellers.List(ctx, nil)
	require.ErrorIs(t, err, context.Canceled)
	fail.Store(false)
	_, err = c.Resellers.List(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, int64(1), conns.Load(), "every call went over the first connection")
}
