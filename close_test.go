package hwpartner_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
)

// connWatch is a server that reports each connection it opens and closes.
type connWatch struct {
	*httptest.Server
	mu     sync.Mutex
	open   map[net.Conn]bool
	closed chan struct{}
}

func newConnWatch(t *testing.T) *connWatch {
	t.Helper()
	w := &connWatch{open: map[net.Conn]bool{}, closed: make(chan struct{}, 64)}
	w.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v3/auth/tokens" {
			rw.Header().Set("X-Subject-Token", "tok")
			rw.WriteHeader(http.StatusCreated)
			_, _ = rw.Write([]byte(`{"token":{"expires_at":"` + time.Now().Add(time.Hour).UTC().Format(time.RFC3339) + `"}}`))
			return
		}
		rw.Header().Set("Content-Type", "application/json")
		_, _ = rw.Write([]byte(`{}`))
	}))
	w.Config.ConnState = func(c net.Conn, s http.ConnState) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch s {
		case http.StateNew:
			w.open[c] = true
		case http.StateClosed, http.StateHijacked:
			if w.open[c] {
				delete(w.open, c)
				w.closed <- struct{}{}
			}
		}
	}
	w.Start()
	t.Cleanup(w.Close)
	return w
}

func (w *connWatch) opened() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.open)
}

// A program that makes a client per tenant closes each one: its idle
// connections, to the API and to IAM, are closed, so nothing leaks.
func TestCloseReleasesIdleConnections(t *testing.T) {
	t.Parallel()
	w := newConnWatch(t)
	var clients []*hwpartner.Client
	for _, creds := range []hwpartner.Option{hwpartner.WithAKSK(testAK, testSK), hwpartner.WithToken("tok"), hwpartner.WithPassword("ops", "pw", "acme")} {
		c, err := hwpartner.NewClient(creds, hwpartner.WithEndpoint(w.URL))
		require.NoError(t, err)
		_, err = c.Do(t.Context(), opQuery, nil, nil)
		require.NoError(t, err)
		clients = append(clients, c)
	}
	n := w.opened()
	require.GreaterOrEqual(t, n, len(clients), "each client keeps a connection open")
	for _, c := range clients {
		require.NoError(t, c.Close())
	}
	for range n {
		select {
		case <-w.closed:
		case <-time.After(10 * time.Second):
			t.Fatalf("%d of %d connections still open after Close", w.opened(), n)
		}
	}
	assert.Zero(t, w.opened())

	// A closed client still works: it opens a new connection.
	_, err := clients[0].Do(t.Context(), opQuery, nil, nil)
	require.NoError(t, err)
	require.NoError(t, clients[0].Close())
}

// A transport the program gave is the program's: Close leaves it alone.
func TestCloseLeavesTheProgramsTransport(t *testing.T) {
	t.Parallel()
	w := newConnWatch(t)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(testAK, testSK), hwpartner.WithEndpoint(w.URL), hwpartner.WithTransport(tr))
	require.NoError(t, err)
	_, err = c.Do(t.Context(), opQuery, nil, nil)
	require.NoError(t, err)
	require.NoError(t, c.Close())
	_, err = c.Do(t.Context(), opQuery, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, w.opened(), "the connection was kept and reused")
}
