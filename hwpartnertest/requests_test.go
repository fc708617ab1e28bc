package hwpartnertest_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// wedged is how long a call may block before the server counts as
// deadlocked; a healthy server answers in microseconds.
const wedged = 10 * time.Second

// Resetting the request log while requests are in flight must neither
// break those requests nor wedge the server.
func TestResetRequestsUnderLoad(t *testing.T) {
	t.Parallel()
	// Not NewServer: closing a wedged server would hang the test instead
	// of failing it.
	srv, err := hwpartnertest.Start()
	require.NoError(t, err)
	hc := &http.Client{Timeout: wedged}
	const workers, perWorker = 8, 100
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				// Unsigned, so refused: it still goes through recording,
				// reading the body and recording the status.
				body := fmt.Sprintf(`{"indirect_partner_id":"r%d-%d","amount":"1.00"}`, w, i)
				resp, err := hc.Post(srv.URL+"/v2/accounts/partner-accounts/indirect-partner-adjust", "application/json", strings.NewReader(body))
				if err != nil {
					errs <- err
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusUnauthorized {
					errs <- fmt.Errorf("status %d", resp.StatusCode)
					return
				}
			}
		}()
	}
	stop, resetterDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(resetterDone)
		for {
			select {
			case <-stop:
				return
			default:
				srv.ResetRequests()
			}
		}
	}()
	wg.Wait()
	close(stop)
	select {
	case <-resetterDone:
	case <-time.After(wedged):
		t.Fatal("ResetRequests blocks: the server is wedged")
	}
	defer srv.Close()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}

	resp, err := hc.Get(srv.URL + "/v2/nowhere")
	require.NoError(t, err, "the server no longer answers")
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	assert.Equal(t, http.StatusNotFound, reqs[len(reqs)-1].Status)
}

func TestRequestLogKeepsTheNewestAndCountsAll(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t, hwpartnertest.WithRequestLog(3))
	for i := range 5 {
		resp, err := http.Get(fmt.Sprintf("%s/v2/nowhere/%d", srv.URL, i))
		require.NoError(t, err)
		resp.Body.Close()
	}
	resp, err := http.Get(srv.URL + "/v2/accounts/partner-accounts/balances")
	require.NoError(t, err)
	resp.Body.Close()

	reqs := srv.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "/v2/nowhere/3", reqs[0].Path)
	assert.Equal(t, "/v2/nowhere/4", reqs[1].Path)
	assert.Equal(t, hwpartnertest.OpListPartnerBalances, reqs[2].Operation)
	assert.Equal(t, http.StatusUnauthorized, reqs[2].Status)
	assert.Equal(t, 6, srv.RequestCount(""), "counts cover evicted requests")
	assert.Equal(t, 1, srv.RequestCount(hwpartnertest.OpListPartnerBalances))

	srv.ResetRequests()
	assert.Empty(t, srv.Requests())
	assert.Equal(t, 0, srv.RequestCount(""))
	assert.Equal(t, 0, srv.RequestCount(hwpartnertest.OpListPartnerBalances))

	none := hwpartnertest.NewServer(t, hwpartnertest.WithRequestLog(0))
	resp, err = http.Get(none.URL + "/v2/nowhere")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Empty(t, none.Requests())
	assert.Equal(t, 1, none.RequestCount(""))

	_, err = hwpartnertest.Start(hwpartnertest.WithRequestLog(-1))
	assert.Error(t, err)
}
