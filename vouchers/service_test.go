package vouchers_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// requester records the operations a service asks for.
type requester struct{ ops []core.Operation }

var errStop = errors.New("stop here")

func (r *requester) Do(_ context.Context, op *core.Operation, _, _ any) (core.ResponseMeta, error) {
	r.ops = append(r.ops, *op)
	return core.ResponseMeta{}, errStop
}

// The operations are declared once, with the retry policy money needs.
func TestOperations(t *testing.T) {
	t.Parallel()
	r := &requester{}
	s := vouchers.NewService(r)
	ctx := t.Context()
	_, err := s.Quotas(ctx, nil)
	assert.ErrorIs(t, err, errStop)
	_, err = s.Issue(ctx, &vouchers.IssueParams{QuotaID: "q", ResellerIDs: []string{"r"}, Amount: hwpartner.AmountFromCents(1)})
	assert.ErrorIs(t, err, errStop)
	_, err = s.Reclaim(ctx, &vouchers.ReclaimParams{QuotaIDs: []string{"q"}})
	assert.ErrorIs(t, err, errStop)
	_, err = s.Issued(ctx, nil)
	assert.ErrorIs(t, err, errStop)
	_, err = s.Records(ctx, nil)
	assert.ErrorIs(t, err, errStop)

	want := []struct {
		name, method, path string
		money              bool
	}{
		{"ListQuotaCoupons", http.MethodPost, "/v2/partners/coupon-quotas/query", false},
		{"UpdateCouponQuotas", http.MethodPost, "/v2/partners/coupon-quotas/indirect-partner-adjust", true},
		{"ReclaimCouponQuotas", http.MethodPost, "/v2/partners/coupon-quotas/indirect-partner-reclaim", true},
		{"ListIssuedCouponQuotas", http.MethodGet, "/v2/partners/issued-coupon-quotas", false},
		{"ListCouponQuotasRecords", http.MethodGet, "/v2/partners/coupon-quotas/records", false},
	}
	require.Len(t, r.ops, len(want))
	for i, w := range want {
		op := r.ops[i]
		assert.Equal(t, "vouchers", op.Service)
		assert.Equal(t, w.name, op.Name)
		assert.Equal(t, w.method, op.Method, w.name)
		assert.Equal(t, w.path, op.Path, w.name)
		assert.Equal(t, w.money, op.MovesMoney, w.name)
		assert.Equal(t, w.money, op.Check != "", "money-moving calls say how to check their outcome: %s", w.name)
	}
}

func TestIssueInBatchesNilContext(t *testing.T) {
	t.Parallel()
	r := &requester{}
	var ctx context.Context
	_, err := vouchers.NewService(r).IssueInBatches(ctx, &vouchers.IssueParams{QuotaID: "q", ResellerIDs: []string{"r"}, Amount: hwpartner.AmountFromCents(1)})
	var oe *hwpartner.OperationError
	require.ErrorAs(t, err, &oe)
	assert.False(t, oe.OutcomeUnknown)
	assert.Empty(t, r.ops)
}

// A cancelled context stops every call before it is sent; a money call
// stopped that way did nothing, so its outcome is not unknown.
func TestCancelledBeforeSending(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ids := e.issue(t, "10", r1)
	e.wire.reset()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	_, err := e.c.Vouchers.Issue(ctx, &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: []string{r2}, Amount: hwpartner.AmountFromYuan(1)})
	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, hwpartner.IsOutcomeUnknown(err), "nothing left: %v", err)
	_, err = e.c.Vouchers.Reclaim(ctx, &vouchers.ReclaimParams{QuotaIDs: ids})
	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, hwpartner.IsOutcomeUnknown(err), "nothing left: %v", err)
	_, err = e.c.Vouchers.Issued(ctx, nil)
	assert.ErrorIs(t, err, context.Canceled)
	_, err = e.c.Vouchers.Records(ctx, nil)
	assert.ErrorIs(t, err, context.Canceled)
	for range e.c.Vouchers.IssuedIter(ctx, nil) {
	}
	for range e.c.Vouchers.RecordsIter(ctx, nil) {
	}

	assert.Empty(t, e.wire.sent())
	assert.Equal(t, "990.00", e.balance(t, parentID))
	assert.Equal(t, "10.00", e.balance(t, ids[0]))
}
