package customers_test

import (
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
)

// mock is an httpmock transport for one test, for the sites the fake does
// not stand for and for answers it never gives. It keeps what it received.
type mock struct {
	t  *testing.T
	mt *httpmock.MockTransport

	mu   sync.Mutex
	seen []seenRequest
}

type seenRequest struct {
	method, path string
	query        url.Values
	body         string
}

func newMock(t *testing.T) *mock {
	return &mock{t: t, mt: httpmock.NewMockTransport()}
}

// answer registers a fixed answer for method and path.
func (m *mock) answer(method, path string, status int, body string) {
	m.mt.RegisterResponder(method, "=~^https://[^/]+"+path+`(\?|$)`, func(r *http.Request) (*http.Response, error) {
		var b []byte
		if r.Body != nil {
			b, _ = io.ReadAll(r.Body)
		}
		m.mu.Lock()
		m.seen = append(m.seen, seenRequest{method: r.Method, path: r.URL.Path, query: r.URL.Query(), body: string(b)})
		m.mu.Unlock()
		resp := httpmock.NewStringResponse(status, body)
		if body != "" {
			resp.Header.Set("Content-Type", "application/json")
		}
		resp.Header.Set("X-Request-Id", "mock-req")
		return resp, nil
	})
}

func (m *mock) calls() int { return m.mt.GetTotalCallCount() }

// last returns the last request received.
func (m *mock) last() seenRequest {
	m.t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	require.NotEmpty(m.t, m.seen)
	return m.seen[len(m.seen)-1]
}

// mockClient is a client of site whose requests go to m.
func mockClient(t *testing.T, m *mock, site hwpartner.Site) *hwpartner.Client {
	t.Helper()
	c, err := hwpartner.NewClient(
		hwpartner.WithAKSK("MOCKAK", "mock-sk"),
		hwpartner.WithSite(site),
		hwpartner.WithTransport(m.mt),
		hwpartner.WithRetry(2, time.Millisecond, 2*time.Millisecond),
	)
	require.NoError(t, err)
	return c
}
