package hwpartner_test

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// flowFake is a fake with the documented flow control on, one reseller
// and money to move.
func flowFake(t *testing.T) *hwpartnertest.Server {
	t.Helper()
	srv := hwpartnertest.NewServer(t, hwpartnertest.WithFlowControl(hwpartnertest.FlowControl{}))
	require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: "r-1"}))
	require.NoError(t, srv.SetBalance(srv.DomainID(), hwpartnertest.Yuan(1000)))
	return srv
}

func fakeClient(t *testing.T, srv *hwpartnertest.Server, opts ...hwpartner.Option) *hwpartner.Client {
	t.Helper()
	c, err := hwpartner.NewClient(append([]hwpartner.Option{hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()),
		hwpartner.WithEndpoint(srv.URL), hwpartner.WithRetry(0, 0, 0)}, opts...)...)
	require.NoError(t, err)
	return c
}

// transfers makes n one-yuan transfers from 32 goroutines and returns the
// errors.
func transfers(c *hwpartner.Client, n int) []error {
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	work := make(chan struct{}, n)
	for range n {
		work <- struct{}{}
	}
	close(work)
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				_, err := c.Funds.Transfer(context.Background(), &funds.TransferParams{ResellerID: "r-1", Amount: hwpartner.AmountFromYuan(1)})
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return errs
}

func TestPacingHoldsTheDocumentedRateUnder32Goroutines(t *testing.T) {
	t.Parallel()
	const n = 32
	srv := flowFake(t)
	start := time.Now()
	errs := transfers(fakeClient(t, srv), n)
	elapsed := time.Since(start)
	assert.Empty(t, errs)
	assert.Zero(t, srv.Throttled(""), "the client never goes over the fake's documented 10/s")
	assert.Equal(t, hwpartnertest.Yuan(32), srv.Balance("r-1"))
	// One request every 100 ms, the first at once: pacing can only be
	// slower than this on a busy machine, never faster.
	assert.GreaterOrEqual(t, elapsed, (n-1)*100*time.Millisecond-10*time.Millisecond)

	// The same load unpaced: the fake refuses part of it, and the refused
	// transfers move nothing.
	srv = flowFake(t)
	errs = transfers(fakeClient(t, srv, hwpartner.WithoutRateLimits()), n)
	require.NotEmpty(t, errs)
	for _, err := range errs {
		assert.True(t, hwpartner.IsThrottled(err), err)
		assert.False(t, hwpartner.IsOutcomeUnknown(err), "a 429 is no unknown outcome")
	}
	assert.Equal(t, len(errs), srv.Throttled(hwpartnertest.OpUpdateIndirectPartnerAccount))
	assert.Equal(t, hwpartnertest.Yuan(int64(n-len(errs))), srv.Balance("r-1"))
}

func TestPacingWaitHonoursTheContext(t *testing.T) {
	t.Parallel()
	srv := flowFake(t)
	c := fakeClient(t, srv, hwpartner.WithRateLimit("UpdateIndirectPartnerAccount", 0.001))
	move := &funds.TransferParams{ResellerID: "r-1", Amount: hwpartner.AmountFromYuan(1)}
	_, err := c.Funds.Transfer(t.Context(), move)
	require.NoError(t, err, "the first request goes at once")

	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	start := time.Now()
	_, err = c.Funds.Transfer(ctx, move)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "the next turn is after the deadline")
	assert.Less(t, time.Since(start), time.Second, "known at once, without waiting for the deadline")
	assert.False(t, hwpartner.IsOutcomeUnknown(err), "nothing was sent: %v", err)
	assert.ErrorContains(t, err, "rate limit of 0.001 requests per second")

	ctx, cancel = context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := c.Funds.Transfer(ctx, move)
		done <- err
	}()
	cancel()
	err = <-done
	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, hwpartner.IsOutcomeUnknown(err))
	assert.Equal(t, 1, srv.RequestCount(hwpartnertest.OpUpdateIndirectPartnerAccount), "only the first was sent")
	assert.Equal(t, hwpartnertest.Yuan(1), srv.Balance("r-1"))

	_, err = c.Funds.OwnBalance(t.Context())
	assert.NoError(t, err, "each operation has its own pace")
}

func TestPacingPerOperationAndDefault(t *testing.T) {
	t.Parallel()
	srv := flowFake(t)
	short := func() context.Context {
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		t.Cleanup(cancel)
		return ctx
	}
	c := fakeClient(t, srv, hwpartner.WithRateLimit("", 0.001), hwpartner.WithRateLimit("UpdateIndirectPartnerAccount", 0))
	_, err := c.Funds.OwnBalance(t.Context())
	require.NoError(t, err)
	_, err = c.Funds.OwnBalance(short())
	assert.ErrorIs(t, err, context.DeadlineExceeded, `"" sets the pace of every other operation`)
	for range 3 {
		_, err = c.Funds.Transfer(short(), &funds.TransferParams{ResellerID: "r-1", Amount: hwpartner.AmountFromYuan(1)})
		assert.NoError(t, err, "0 stops pacing an operation")
	}

	for _, bad := range []float64{-1, math.NaN(), math.Inf(1)} {
		_, err := hwpartner.NewClient(hwpartner.WithAKSK("ak", "sk"), hwpartner.WithRateLimit("ListPartnerBalances", bad))
		assert.Error(t, err, bad)
	}
}

func TestPacingUsesTheDocumentedExceptions(t *testing.T) {
	t.Parallel()
	srv := flowFake(t)
	c := fakeClient(t, srv)
	within := func(d time.Duration) context.Context {
		ctx, cancel := context.WithTimeout(t.Context(), d)
		t.Cleanup(cancel)
		return ctx
	}
	check := &customers.CheckIdentityParams{Type: customers.SearchName, Value: "newcustomer01"}
	_, err := c.Customers.CheckIdentity(t.Context(), check)
	require.NoError(t, err)
	_, err = c.Customers.CheckIdentity(within(150*time.Millisecond), check)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "CheckUserIdentity is paced at its documented 5/s: the next turn is 200 ms away")

	move := &funds.TransferParams{ResellerID: "r-1", Amount: hwpartner.AmountFromYuan(1)}
	_, err = c.Funds.Transfer(t.Context(), move)
	require.NoError(t, err)
	_, err = c.Funds.Transfer(within(time.Second), move)
	assert.NoError(t, err, "a transfer's next turn, at the default 10/s, is 100 ms away")
	assert.Zero(t, srv.Throttled(""))
}
