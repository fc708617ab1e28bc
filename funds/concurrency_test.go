package funds_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// Many goroutines move money through one client at once: every move is
// applied exactly once, none is lost or doubled, and the books balance.
func TestConcurrentMovesKeepTheBooksBalanced(t *testing.T) {
	t.Parallel()
	const (
		workers   = 16
		perWorker = 25
		resellers = 4
	)
	c, srv := setup(t)
	ids := []string{resellerID}
	for i := 1; i < resellers; i++ {
		id := fmt.Sprintf("reseller-%d", i)
		require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: id, Balance: hwpartnertest.MustParseAmount(t, "100.00")}))
		ids = append(ids, id)
	}
	total := srv.TotalBalance()
	require.Equal(t, hwpartnertest.Yuan(1400), total)

	var (
		mu    sync.Mutex
		net   = map[string]core.Amount{} // what each reseller gained
		moved int
		wg    sync.WaitGroup
	)
	// The sum is read while the moves run too: no moment shows money in
	// flight, created or lost.
	done := make(chan struct{})
	sampled := make(chan int)
	go func() {
		n := 0
		defer func() { sampled <- n }()
		for {
			select {
			case <-done:
				return
			default:
			}
			if got := srv.TotalBalance(); got != total {
				t.Errorf("the books showed %s during the moves, want %s", got, total)
				return
			}
			n++
		}
	}()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for range perWorker {
				id := ids[rng.IntN(len(ids))]
				a := core.AmountFromCents(1 + rng.Int64N(6000)) // 0.01 … 60.00
				var err error
				gain := a
				if rng.IntN(2) == 0 {
					_, err = c.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: id, Amount: a})
				} else {
					_, err = c.Funds.Reclaim(t.Context(), &funds.ReclaimParams{ResellerID: id, Amount: a})
					gain = a.Neg()
				}
				if err != nil {
					// Running short is expected; anything else is a failure.
					assert.ErrorIs(t, err, hwpartner.ErrInsufficientBalance)
					continue
				}
				mu.Lock()
				net[id] = net[id].Add(gain)
				moved++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(done)
	assert.Positive(t, <-sampled)

	assert.Equal(t, total, srv.TotalBalance(), "money was created or lost")
	assert.Len(t, srv.AdjustRecords(), moved)
	assert.Equal(t, workers*perWorker, srv.RequestCount(opTransfer)+srv.RequestCount(opReclaim), "no call was repeated")
	var sum core.Amount
	for _, id := range ids {
		want := amount(t, "100.00").Add(net[id])
		assert.True(t, srv.Balance(id).Equal(want), "%s: %s, want %s", id, srv.Balance(id), want)
		sum = sum.Add(net[id])
	}
	assert.True(t, srv.Balance(srv.DomainID()).Equal(amount(t, "1000.00").Sub(sum)), "the distributor has %s", srv.Balance(srv.DomainID()))
	assert.Greater(t, moved, workers*perWorker/2)
}
