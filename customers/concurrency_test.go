package customers_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// Many goroutines fund and reclaim customers, the distributor's own and a
// reseller's, through one client at once: every move is applied exactly
// once and the books balance at every moment.
func TestConcurrentCustomerMovesKeepTheBooksBalanced(t *testing.T) {
	t.Parallel()
	const (
		workers   = 16
		perWorker = 20
	)
	c, srv := setup(t)
	type target struct{ customer, reseller string }
	targets := []target{{funded, ""}, {ofReseller, resellerID}}
	for i := range 2 {
		id := fmt.Sprintf("c-extra-%d", i)
		_, err := srv.SeedCustomer(hwpartnertest.Customer{ID: id, Owner: resellerID, Balance: hwpartnertest.MustParseAmount(t, "20.00")})
		require.NoError(t, err)
		targets = append(targets, target{id, resellerID})
	}
	total := srv.TotalBalance()
	require.Equal(t, hwpartnertest.Yuan(1680), total)
	var (
		mu    sync.Mutex
		gain  = map[string]core.Amount{}
		moved int
		wg    sync.WaitGroup
	)
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
			rng := rand.New(rand.NewPCG(uint64(w), 11))
			for range perWorker {
				tg := targets[rng.IntN(len(targets))]
				a := core.AmountFromCents(1 + rng.Int64N(4000))
				var err error
				g := a
				if rng.IntN(2) == 0 {
					_, err = c.Customers.Transfer(t.Context(), &customers.TransferParams{CustomerID: tg.customer, ResellerID: tg.reseller, Amount: a})
				} else {
					_, err = c.Customers.Reclaim(t.Context(), &customers.ReclaimParams{CustomerID: tg.customer, ResellerID: tg.reseller, Amount: a})
					g = a.Neg()
				}
				if err != nil {
					assert.ErrorIs(t, err, hwpartner.ErrInsufficientBalance)
					continue
				}
				mu.Lock()
				gain[tg.customer] = gain[tg.customer].Add(g)
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
	start := map[string]string{funded: "100.00", ofReseller: "40.00", "c-extra-0": "20.00", "c-extra-1": "20.00"}
	var fromReseller core.Amount
	for _, tg := range targets {
		want := amount(t, start[tg.customer]).Add(gain[tg.customer])
		assert.Equal(t, want.String(), srv.CustomerBalance(tg.customer).String(), tg.customer)
		if tg.reseller != "" {
			fromReseller = fromReseller.Add(gain[tg.customer])
		}
	}
	assert.True(t, srv.Balance(srv.DomainID()).Equal(amount(t, "1000.00").Sub(gain[funded])), "the distributor has %s", srv.Balance(srv.DomainID()))
	assert.True(t, srv.Balance(resellerID).Equal(amount(t, "500.00").Sub(fromReseller)), "the reseller has %s", srv.Balance(resellerID))
	assert.Greater(t, moved, workers*perWorker/3)
}
