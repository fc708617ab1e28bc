package vouchers_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// manyResellers seeds n resellers and returns their ids.
func (e *env) manyResellers(t *testing.T, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("bulk-%03d", i)
		require.NoError(t, e.srv.SeedReseller(hwpartnertest.IndirectPartner{ID: ids[i]}))
	}
	return ids
}

func TestIssueInBatches(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ids := e.manyResellers(t, 250)
	res, err := e.c.Vouchers.IssueInBatches(t.Context(), &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: ids, Amount: amount(t, "2")})
	require.NoError(t, err)
	assert.Len(t, res.Issued, 250)
	require.Len(t, res.Batches, 3)
	for i, size := range []int{100, 100, 50} {
		b := res.Batches[i]
		assert.Len(t, b.ResellerIDs, size)
		assert.Equal(t, vouchers.BatchAnswered, b.Status)
		require.NotNil(t, b.Result)
		assert.NoError(t, b.Err)
	}
	assert.Empty(t, res.Failed())
	assert.Empty(t, res.Unknown())
	assert.Empty(t, res.NotSent())
	assert.Equal(t, "500.00", e.balance(t, parentID))
	first := ids[0]
	ids[0] = "changed by the caller"
	assert.Equal(t, first, res.Batches[0].ResellerIDs[0], "the result keeps its own copy")

	sent := e.wire.sent()
	require.Len(t, sent, 3)
	var body struct {
		IDs []string `json:"indirect_partner_ids"`
	}
	require.NoError(t, json.Unmarshal(sent[2].Body, &body))
	assert.Equal(t, ids[200:], body.IDs)
}

func TestIssueInBatchesItemFailuresDoNotStop(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ids := e.manyResellers(t, 150)
	ids[120] = foreign
	res, err := e.c.Vouchers.IssueInBatches(t.Context(), &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: ids, Amount: amount(t, "1")})
	var pe *vouchers.PartialError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 150, pe.Items)
	assert.Equal(t, []string{foreign}, res.Failed())
	assert.Len(t, res.Issued, 149)
	assert.Equal(t, vouchers.BatchAnswered, res.Batches[1].Status)
	assert.True(t, hwpartner.IsPermission(err))
}

func TestIssueInBatchesStopsOnUnknownOutcome(t *testing.T) {
	t.Parallel()
	for _, f := range []hwpartnertest.Fault{
		{Status: http.StatusServiceUnavailable, Times: 1},
		{Drop: hwpartnertest.DropAfterProcessing, Times: 1},
	} {
		e := setup(t)
		ids := e.manyResellers(t, 250)
		ids[10] = foreign // an item failure in the answered batch
		e.wire.hook = func(n int, _ *http.Request) {
			if n == 2 {
				e.srv.InjectFault("UpdateCouponQuotas", f)
			}
		}
		res, err := e.c.Vouchers.IssueInBatches(t.Context(), &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: ids, Amount: amount(t, "1")})
		require.NotNil(t, res)
		var be *vouchers.BatchError
		require.ErrorAs(t, err, &be)
		assert.Equal(t, 1, be.Index)
		assert.Equal(t, 3, be.Batches)
		assert.Equal(t, vouchers.BatchUnknown, be.Status)
		assert.Equal(t, 50, be.NotSent)
		assert.True(t, hwpartner.IsOutcomeUnknown(err))
		var pe *vouchers.PartialError
		require.ErrorAs(t, err, &pe, "failures of answered batches stay visible")
		assert.Equal(t, []string{foreign}, res.Failed())
		assert.Contains(t, err.Error(), "stopped at batch 2 of 3 (outcome unknown); 1 batch answered, 50 more resellers not sent")

		assert.Equal(t, []vouchers.BatchStatus{vouchers.BatchAnswered, vouchers.BatchUnknown, vouchers.BatchNotSent},
			[]vouchers.BatchStatus{res.Batches[0].Status, res.Batches[1].Status, res.Batches[2].Status})
		assert.Equal(t, ids[100:200], res.Unknown())
		assert.Equal(t, ids[200:], res.NotSent())
		assert.Len(t, res.Issued, 99)
		assert.Error(t, res.Batches[1].Err)
		assert.Equal(t, 2, e.srv.RequestCount("UpdateCouponQuotas"), "nothing after the unknown batch is sent")
	}
}

func TestIssueInBatchesStopsOnRefusedBatch(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ids := e.manyResellers(t, 201)
	e.wire.hook = func(n int, _ *http.Request) {
		if n == 2 {
			e.srv.InjectFault("UpdateCouponQuotas", hwpartnertest.Fault{Status: http.StatusTooManyRequests, Code: "CBC.0250", Times: 1})
		}
	}
	res, err := e.c.Vouchers.IssueInBatches(t.Context(), &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: ids, Amount: amount(t, "1")})
	var be *vouchers.BatchError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, vouchers.BatchFailed, be.Status)
	assert.Nil(t, be.Partial)
	assert.True(t, hwpartner.IsThrottled(err))
	assert.False(t, hwpartner.IsOutcomeUnknown(err))
	assert.Equal(t, ids[100:200], res.Failed(), "a refused batch issued nothing")
	assert.Equal(t, ids[200:], res.NotSent())
	assert.Empty(t, res.Unknown())
}

func TestIssueInBatchesCancelled(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ids := e.manyResellers(t, 120)
	ctx, cancel := context.WithCancel(t.Context())
	e.wire.after = func(n int) {
		if n == 1 {
			cancel() // once the first batch was answered: the next is never sent
		}
	}
	res, err := e.c.Vouchers.IssueInBatches(ctx, &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: ids, Amount: amount(t, "1")})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, res)
	assert.Equal(t, 1, e.srv.RequestCount("UpdateCouponQuotas"))
	assert.Equal(t, vouchers.BatchNotSent, res.Batches[1].Status)
	assert.Equal(t, ids[100:], res.NotSent())
	if res.Batches[0].Status == vouchers.BatchUnknown {
		// The cancellation raced the answer: that batch's outcome is unknown.
		assert.Equal(t, ids[:100], res.Unknown())
	} else {
		assert.Equal(t, vouchers.BatchAnswered, res.Batches[0].Status)
	}

	cancelled, stop := context.WithCancel(t.Context())
	stop()
	e.wire.reset()
	res, err = e.c.Vouchers.IssueInBatches(cancelled, &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: ids, Amount: amount(t, "1")})
	var be *vouchers.BatchError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, vouchers.BatchNotSent, be.Status)
	assert.Equal(t, ids, res.NotSent())
	assert.Empty(t, e.wire.sent())
}

func TestIssueInBatchesValidation(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ids := make([]string, 150)
	for i := range ids {
		ids[i] = fmt.Sprintf("r%d", i)
	}
	ids[149] = ""
	res, err := e.c.Vouchers.IssueInBatches(t.Context(), &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: ids, Amount: amount(t, "1")})
	assert.Nil(t, res)
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []hwpartner.FieldError{{Field: "indirect_partner_ids[149]", GoField: "ResellerIDs[149]", Problem: "is required"}}, ve.Fields, "more than 100 is fine here")
	_, err = e.c.Vouchers.IssueInBatches(t.Context(), nil)
	require.ErrorAs(t, err, &ve)
	assert.Len(t, ve.Fields, 3)
	assert.Empty(t, e.wire.sent())
	assert.Zero(t, e.srv.RequestCount(""))
}

// A reseller listed twice is refused even when the two listings would
// fall in different batches: no batch is sent.
func TestIssueInBatchesRepeatedReseller(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ids := e.manyResellers(t, 250)
	ids[180] = ids[5]   // second batch repeats the first
	ids[240] = ids[120] // third batch repeats the second
	res, err := e.c.Vouchers.IssueInBatches(t.Context(), &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: ids, Amount: amount(t, "1")})
	assert.Nil(t, res)
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "UpdateCouponQuotas", ve.Operation)
	assert.Equal(t, []hwpartner.FieldError{
		{Field: "indirect_partner_ids[180]", GoField: "ResellerIDs[180]", Problem: "repeats an earlier id: the API would issue to it twice"},
		{Field: "indirect_partner_ids[240]", GoField: "ResellerIDs[240]", Problem: "repeats an earlier id: the API would issue to it twice"},
	}, ve.Fields)
	var be *vouchers.BatchError
	assert.False(t, errors.As(err, &be), "refused before any batch")
	assert.Empty(t, e.wire.sent())
	assert.Zero(t, e.srv.RequestCount(""), "no request reached the server")
	assert.Equal(t, "1000.00", e.balance(t, parentID))
}

func TestBatchStrings(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "not sent", vouchers.BatchNotSent.String())
	assert.Equal(t, "answered", vouchers.BatchAnswered.String())
	assert.Equal(t, "failed", vouchers.BatchFailed.String())
	assert.Equal(t, "outcome unknown", vouchers.BatchUnknown.String())
	assert.Equal(t, "BatchStatus(9)", vouchers.BatchStatus(9).String())

	cause := errors.New("boom")
	be := &vouchers.BatchError{Index: 0, Batches: 2, Status: vouchers.BatchFailed, NotSent: 7, Err: cause}
	assert.Equal(t, "hwpartner: vouchers: IssueInBatches stopped at batch 1 of 2 (failed); 0 batches answered, 7 more resellers not sent: boom", be.Error())
	assert.Equal(t, []error{cause}, be.Unwrap())
	be.Partial = &vouchers.PartialError{Failures: []vouchers.Failure{{ID: "x"}}}
	assert.Contains(t, be.Error(), "; 1 item failed and 0 went unreported in the answered batches: boom")
	assert.Len(t, be.Unwrap(), 2)

	// A BatchError built without a cause still prints and unwraps.
	bare := &vouchers.BatchError{Batches: 1, Status: vouchers.BatchNotSent}
	assert.Equal(t, "hwpartner: vouchers: IssueInBatches stopped at batch 1 of 1 (not sent); 0 batches answered, 0 more resellers not sent", bare.Error())
	assert.Empty(t, bare.Unwrap())
}
