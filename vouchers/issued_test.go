package vouchers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

func TestIssuedQueryString(t *testing.T) {
	t.Parallel()
	e := setup(t)
	cases := []struct {
		p    *vouchers.IssuedParams
		want string
	}{
		{nil, ""},
		{&vouchers.IssuedParams{}, ""},
		{&vouchers.IssuedParams{ParentQuotaID: hwpartner.Ptr("")}, "parent_quota_id="},
		{&vouchers.IssuedParams{QuotaID: "q 1", ResellerID: r1, ParentQuotaID: hwpartner.Ptr("P+1"), ListOptions: hwpartner.ListOptions{Offset: 10, Limit: 5}},
			"indirect_partner_id=reseller-0001&limit=5&offset=10&parent_quota_id=P%2B1&quota_id=q%201"},
	}
	for _, tc := range cases {
		_, err := e.c.Vouchers.Issued(t.Context(), tc.p)
		require.NoError(t, err)
		w := e.wire.last(t)
		assert.Equal(t, http.MethodGet, w.Method)
		assert.Equal(t, "/v2/partners/issued-coupon-quotas", w.Path)
		assert.Equal(t, tc.want, w.RawQuery)
		assert.Empty(t, w.Body, "a GET sends no body")
	}
}

func TestIssuedContentAndFilters(t *testing.T) {
	t.Parallel()
	e := setup(t)
	other, err := e.srv.SeedQuota(hwpartnertest.VoucherQuota{Value: hwpartnertest.MustParseAmount(t, "100")})
	require.NoError(t, err)
	first := e.issue(t, "12.34", r1, r2)
	res, err := e.c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{QuotaID: other, ResellerIDs: []string{r1}, Amount: amount(t, "1")})
	require.NoError(t, err)
	second := res.Issued[0].QuotaID
	_, err = e.c.Vouchers.Reclaim(t.Context(), &vouchers.ReclaimParams{QuotaIDs: first[1:]})
	require.NoError(t, err)

	page, err := e.c.Vouchers.Issued(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, 3, page.Total)
	require.Len(t, page.Items, 3)
	q := page.Items[0]
	assert.Equal(t, first[0], q.ID)
	assert.Equal(t, parentID, q.ParentQuotaID)
	assert.Equal(t, r1, q.ResellerID)
	assert.Equal(t, "acc-1", q.ResellerAccountName)
	assert.Equal(t, "Reseller One", q.ResellerName)
	assert.Equal(t, "12.34", q.Value.String())
	assert.Equal(t, "12.34", q.Balance.String())
	assert.Equal(t, vouchers.StatusNormal, q.Status)
	assert.Equal(t, vouchers.CashVoucherQuota, q.Type)
	assert.False(t, q.Created.IsZero())
	reclaimed := page.Items[1]
	assert.Equal(t, vouchers.StatusReclaimed, reclaimed.Status, "reclaimed quotas stay listed")
	assert.True(t, reclaimed.Balance.IsZero())

	ids := func(p *vouchers.IssuedParams) []string {
		t.Helper()
		var out []string
		for q, err := range e.c.Vouchers.IssuedIter(t.Context(), p) {
			require.NoError(t, err)
			out = append(out, q.ID)
		}
		return out
	}
	assert.Equal(t, []string{first[0], second}, ids(&vouchers.IssuedParams{ResellerID: r1}))
	assert.Equal(t, []string{second}, ids(&vouchers.IssuedParams{ParentQuotaID: &other}))
	assert.Equal(t, first, ids(&vouchers.IssuedParams{ParentQuotaID: hwpartner.Ptr(parentID)}))
	assert.Empty(t, ids(&vouchers.IssuedParams{ParentQuotaID: hwpartner.Ptr("")}), `an empty parent id is a filter that matches nothing here`)
	assert.Equal(t, []string{second}, ids(&vouchers.IssuedParams{QuotaID: second}))
}

func TestIssuedIterPages(t *testing.T) {
	t.Parallel()
	e := setup(t)
	for range 7 {
		e.issue(t, "1", r1, r2, r3)
	}
	e.wire.reset()
	n := 0
	for _, err := range e.c.Vouchers.IssuedIter(t.Context(), &vouchers.IssuedParams{ResellerID: r2, ListOptions: hwpartner.ListOptions{Offset: 1, Limit: 2}}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 6, n, "7 quotas of r2 from offset 1")
	var queries []string
	for _, w := range e.wire.sent() {
		queries = append(queries, w.RawQuery)
	}
	assert.Equal(t, []string{
		"indirect_partner_id=reseller-0002&limit=2&offset=1",
		"indirect_partner_id=reseller-0002&limit=2&offset=3",
		"indirect_partner_id=reseller-0002&limit=2&offset=5",
	}, queries)
}

func TestIssuedValidationAndRetry(t *testing.T) {
	t.Parallel()
	e := setup(t)
	long := strings.Repeat("x", 65)
	_, err := e.c.Vouchers.Issued(t.Context(), &vouchers.IssuedParams{QuotaID: long, ResellerID: long, ParentQuotaID: &long, ListOptions: hwpartner.ListOptions{Limit: -1}})
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "ListIssuedCouponQuotas", ve.Operation)
	for _, f := range []string{"quota_id", "indirect_partner_id", "parent_quota_id", "limit"} {
		assert.True(t, ve.Has(f), f)
	}
	assert.Empty(t, e.wire.sent())

	e.srv.InjectFault("ListIssuedCouponQuotas", hwpartnertest.Fault{Drop: hwpartnertest.DropAfterRead, Times: 1})
	page, err := e.c.Vouchers.Issued(t.Context(), nil)
	require.NoError(t, err, "a query is retried after a dropped connection")
	assert.Equal(t, 2, page.Attempts)
}
