package vouchers_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

func TestRecordsQueryString(t *testing.T) {
	t.Parallel()
	e := setup(t)
	cst := time.FixedZone("CST", 8*3600)
	cases := []struct {
		p    *vouchers.RecordsParams
		want string
	}{
		{nil, ""},
		{&vouchers.RecordsParams{ParentQuotaID: hwpartner.Ptr("")}, "parent_quota_id="},
		{&vouchers.RecordsParams{Operation: vouchers.OperationReclaim}, "operation_type=11"},
		{&vouchers.RecordsParams{
			ResellerID: r1, QuotaID: "Q1", ParentQuotaID: hwpartner.Ptr("P1"), Operation: vouchers.OperationIssue,
			OperatedAfter:  time.Date(2025, 5, 6, 16, 5, 1, 0, cst),
			OperatedBefore: time.Date(2025, 5, 7, 0, 0, 0, 0, time.UTC),
			ListOptions:    hwpartner.ListOptions{Offset: 100, Limit: 100},
		}, "indirect_partner_id=reseller-0001&limit=100&offset=100&operation_time_begin=2025-05-06T08%3A05%3A01Z" +
			"&operation_time_end=2025-05-07T00%3A00%3A00Z&operation_type=10&parent_quota_id=P1&quota_id=Q1"},
	}
	for _, tc := range cases {
		_, err := e.c.Vouchers.Records(t.Context(), tc.p)
		require.NoError(t, err)
		w := e.wire.last(t)
		assert.Equal(t, http.MethodGet, w.Method)
		assert.Equal(t, "/v2/partners/coupon-quotas/records", w.Path)
		assert.Equal(t, tc.want, w.RawQuery)
	}
}

func TestRecordsContent(t *testing.T) {
	t.Parallel()
	e := setup(t)
	res, err := e.c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: []string{r1, foreign}, Amount: amount(t, "25")})
	require.Error(t, err)
	child := res.Issued[0].QuotaID
	_, err = e.c.Vouchers.Reclaim(t.Context(), &vouchers.ReclaimParams{QuotaIDs: []string{child}, Remark: hwpartner.Ptr("unused")})
	require.NoError(t, err)

	page, err := e.c.Vouchers.Records(t.Context(), nil)
	require.NoError(t, err)
	require.Equal(t, 3, page.Total)
	issued, refused, reclaimed := page.Items[0], page.Items[1], page.Items[2]

	assert.Equal(t, vouchers.OperationIssue, issued.Operation)
	assert.Equal(t, vouchers.ResultSucceeded, issued.Result)
	assert.Equal(t, child, issued.QuotaID)
	assert.Equal(t, parentID, issued.ParentQuotaID)
	assert.Equal(t, "25.00", issued.Amount.String())
	assert.Equal(t, hwpartnertest.DefaultAccountName, issued.Operator)
	assert.Equal(t, r1, issued.ResellerID)
	assert.Equal(t, "acc-1", issued.ResellerAccountName)
	assert.Equal(t, "Reseller One", issued.ResellerName)
	assert.WithinDuration(t, time.Now(), issued.Time.Time, time.Minute)
	assert.NotEmpty(t, issued.ID)

	assert.Equal(t, vouchers.ResultFailed, refused.Result)
	assert.Equal(t, foreign, refused.ResellerID)
	assert.Empty(t, refused.ResellerName, "another distributor's reseller is not described")
	assert.Empty(t, refused.QuotaID, "no quota was created")

	assert.Equal(t, vouchers.OperationReclaim, reclaimed.Operation)
	assert.Equal(t, vouchers.ResultSucceeded, reclaimed.Result)
	assert.Equal(t, child, reclaimed.QuotaID)
	assert.Equal(t, "25.00", reclaimed.Amount.String())
	assert.Equal(t, "unused", reclaimed.Remark)
}

func TestRecordsFilters(t *testing.T) {
	t.Parallel()
	// Within the gateway's 15-minute allowance for signatures.
	start := time.Now().Add(-10 * time.Minute).Truncate(time.Second)
	at := func(d time.Duration) func() time.Time { return func() time.Time { return start.Add(d) } }
	e := setup(t)
	e.srv.SetClock(at(0))
	a := e.issue(t, "1", r1)
	e.srv.SetClock(at(5 * time.Minute))
	b := e.issue(t, "1", r2)
	e.srv.SetClock(at(10 * time.Minute))
	_, err := e.c.Vouchers.Reclaim(t.Context(), &vouchers.ReclaimParams{QuotaIDs: a})
	require.NoError(t, err)

	ids := func(p *vouchers.RecordsParams) []string {
		t.Helper()
		var out []string
		for r, err := range e.c.Vouchers.RecordsIter(t.Context(), p) {
			require.NoError(t, err)
			out = append(out, r.Operation.String()+":"+r.QuotaID)
		}
		return out
	}
	assert.Equal(t, []string{"issue:" + a[0], "issue:" + b[0], "reclaim:" + a[0]}, ids(nil))
	assert.Equal(t, []string{"reclaim:" + a[0]}, ids(&vouchers.RecordsParams{Operation: vouchers.OperationReclaim}))
	assert.Equal(t, []string{"issue:" + a[0], "reclaim:" + a[0]}, ids(&vouchers.RecordsParams{QuotaID: a[0]}))
	assert.Equal(t, []string{"issue:" + b[0]}, ids(&vouchers.RecordsParams{ResellerID: r2}))
	assert.Equal(t, []string{"issue:" + b[0]}, ids(&vouchers.RecordsParams{OperatedAfter: start.Add(time.Minute), OperatedBefore: start.Add(9 * time.Minute)}))
	assert.Empty(t, ids(&vouchers.RecordsParams{ParentQuotaID: hwpartner.Ptr("")}))
	assert.Len(t, ids(&vouchers.RecordsParams{ParentQuotaID: hwpartner.Ptr(parentID)}), 3)
}

func TestRecordsIterPages(t *testing.T) {
	t.Parallel()
	e := setup(t)
	// 30 records from one call (30 resellers).
	ids := e.manyResellers(t, 30)
	_, err := e.c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: ids, Amount: amount(t, "1")})
	require.NoError(t, err)
	e.wire.reset()
	n := 0
	for _, err := range e.c.Vouchers.RecordsIter(t.Context(), &vouchers.RecordsParams{ListOptions: hwpartner.ListOptions{Limit: 12}}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 30, n)
	assert.Len(t, e.wire.sent(), 3)

	// An error mid-walk is yielded once, then the walk stops.
	e.srv.InjectFault("ListCouponQuotasRecords", hwpartnertest.Fault{Status: http.StatusBadRequest, Code: "CBC.0100"})
	var errs int
	for _, err := range e.c.Vouchers.RecordsIter(t.Context(), nil) {
		if err != nil {
			errs++
			assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
		}
	}
	assert.Equal(t, 1, errs)
}

func TestRecordsValidation(t *testing.T) {
	t.Parallel()
	e := setup(t)
	long := strings.Repeat("x", 65)
	_, err := e.c.Vouchers.Records(t.Context(), &vouchers.RecordsParams{
		ResellerID: long, QuotaID: long, ParentQuotaID: &long, Operation: "12",
		OperatedAfter: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), OperatedBefore: time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC),
		ListOptions: hwpartner.ListOptions{Offset: -5},
	})
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "ListCouponQuotasRecords", ve.Operation)
	got := fields(t, err)
	assert.Equal(t, []string{"indirect_partner_id", "quota_id", "parent_quota_id", "operation_type", "operation_time_begin", "operation_time_end", "offset"}, got)
	assert.Empty(t, e.wire.sent())
}

// The error table of both history reads: 400 CBC.0100, 403 CBC.0151 and
// 500 CBC.0999, the last retried since these are queries.
func TestIssuedAndRecordsErrorTable(t *testing.T) {
	t.Parallel()
	for _, op := range []string{"ListIssuedCouponQuotas", "ListCouponQuotasRecords"} {
		call := func(e *env) error {
			if op == "ListIssuedCouponQuotas" {
				_, err := e.c.Vouchers.Issued(t.Context(), nil)
				return err
			}
			_, err := e.c.Vouchers.Records(t.Context(), nil)
			return err
		}
		for _, tc := range []struct {
			status int
			code   string
			class  error
		}{
			{http.StatusBadRequest, "CBC.0100", hwpartner.ErrInvalidRequest},
			{http.StatusForbidden, "CBC.0151", hwpartner.ErrPermission},
		} {
			e := setup(t)
			e.srv.InjectFault(hwpartnertest.Op(op), hwpartnertest.Fault{Status: tc.status, Code: tc.code})
			err := call(e)
			var apiErr *hwpartner.Error
			require.ErrorAs(t, err, &apiErr, op)
			assert.Equal(t, tc.code, apiErr.Code, op)
			assert.Equal(t, op, string(apiErr.Operation))
			assert.NotEmpty(t, apiErr.RequestID, op)
			assert.ErrorIs(t, err, tc.class, op)
			assert.Equal(t, 1, e.srv.RequestCount(hwpartnertest.Op(op)), "%s %s is not retried", op, tc.code)
		}
		e := setup(t)
		e.srv.InjectFault(hwpartnertest.Op(op), hwpartnertest.Fault{Status: http.StatusInternalServerError, Code: "CBC.0999", Times: 1})
		require.NoError(t, call(e), op)
		assert.Equal(t, 2, e.srv.RequestCount(hwpartnertest.Op(op)), "%s is retried after CBC.0999", op)
	}
}
