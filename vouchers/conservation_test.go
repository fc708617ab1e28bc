package vouchers_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// Voucher value is neither created nor lost: whatever many concurrent
// issues and reclaims do, the parent's balance plus its children's stays
// the parent's value.
func TestConservationUnderConcurrency(t *testing.T) {
	t.Parallel()
	e := setup(t)
	resellers := e.manyResellers(t, 10)
	const (
		issuers    = 8
		perIssuer  = 15
		reclaimers = 4
	)
	each := amount(t, "7.77")
	issued := make(chan string, issuers*perIssuer*3)
	errs := make(chan error, issuers*perIssuer*2)
	var issuing, reclaiming sync.WaitGroup
	for g := range issuers {
		issuing.Add(1)
		go func() {
			defer issuing.Done()
			for i := range perIssuer {
				k := (g*perIssuer + i) % len(resellers)
				ids := []string{resellers[k], resellers[(k+3)%len(resellers)], resellers[(k+7)%len(resellers)]}
				// 8*15*3 issues of 7.77 ask for 2797.20 of 1000.00: many fail.
				res, err := e.c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: ids, Amount: each})
				var pe *vouchers.PartialError
				if err != nil && (!errors.As(err, &pe) || !hwpartner.IsInsufficientBalance(err)) {
					errs <- err
					continue
				}
				for _, is := range res.Issued {
					issued <- is.QuotaID
				}
			}
		}()
	}
	for range reclaimers {
		reclaiming.Add(1)
		go func() {
			defer reclaiming.Done()
			var batch []string
			flush := func() {
				if len(batch) == 0 {
					return
				}
				if _, err := e.c.Vouchers.Reclaim(t.Context(), &vouchers.ReclaimParams{QuotaIDs: batch}); err != nil {
					errs <- err
				}
				batch = nil
			}
			n := 0
			for id := range issued {
				n++
				if n%4 == 0 {
					continue // some quotas stay with the resellers
				}
				if batch = append(batch, id); len(batch) == 3 {
					flush()
				}
			}
			flush()
		}()
	}
	issuing.Wait()
	close(issued)
	reclaiming.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	// What the API reports, summed with the SDK's exact arithmetic.
	parents, err := e.c.Vouchers.Quotas(t.Context(), &vouchers.QuotasParams{QuotaIDs: []string{parentID}})
	require.NoError(t, err)
	require.Len(t, parents.Items, 1)
	total := parents.Items[0].Balance
	var children, reclaimed int
	for q, err := range e.c.Vouchers.IssuedIter(t.Context(), &vouchers.IssuedParams{ParentQuotaID: hwpartner.Ptr(parentID)}) {
		require.NoError(t, err)
		total = total.Add(q.Balance)
		children++
		if q.Status == vouchers.StatusReclaimed {
			reclaimed++
			assert.True(t, q.Balance.IsZero())
		}
	}
	assert.Equal(t, "1000.00", total.String(), "parent balance + children balances")
	assert.Positive(t, children)
	assert.Positive(t, reclaimed)
	assert.Less(t, reclaimed, children)

	// The records tell the same story.
	moved := hwpartner.AmountFromCents(0)
	for r, err := range e.c.Vouchers.RecordsIter(t.Context(), nil) {
		require.NoError(t, err)
		if r.Result != vouchers.ResultSucceeded {
			continue
		}
		if r.Operation == vouchers.OperationIssue {
			moved = moved.Add(r.Amount)
		} else {
			moved = moved.Sub(r.Amount)
		}
	}
	assert.Equal(t, amount(t, "1000").Sub(parents.Items[0].Balance).String(), moved.String())
	q, _ := e.srv.Quota(parentID)
	assert.True(t, q.Balance.Equal(parents.Items[0].Balance), "the fake has %s, the API says %s", q.Balance, parents.Items[0].Balance)
}
