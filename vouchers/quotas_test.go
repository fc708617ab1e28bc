package vouchers_test

import (
	"context"
	"fmt"
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

func TestQuotasWire(t *testing.T) {
	t.Parallel()
	e := setup(t)
	cst := time.FixedZone("CST", 8*3600)
	_, err := e.c.Vouchers.Quotas(t.Context(), &vouchers.QuotasParams{
		ResellerID:      r1,
		QuotaIDs:        []string{"a", "b"},
		Statuses:        []vouchers.Status{vouchers.StatusNormal, vouchers.StatusFrozen},
		Type:            hwpartner.Ptr(vouchers.CashVoucherQuota),
		CreatedAfter:    time.Date(2025, 1, 2, 8, 30, 0, 0, cst),
		CreatedBefore:   time.Date(2025, 2, 1, 0, 0, 0, 999, time.UTC),
		EffectiveAfter:  time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		EffectiveBefore: time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC),
		ExpiresAfter:    time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC),
		ExpiresBefore:   time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC),
		ListOptions:     hwpartner.ListOptions{Offset: 20, Limit: 5},
	})
	require.NoError(t, err)
	w := e.wire.last(t)
	assert.Equal(t, http.MethodPost, w.Method)
	assert.Equal(t, "/v2/partners/coupon-quotas/query", w.Path)
	assert.Empty(t, w.RawQuery)
	assert.JSONEq(t, `{
		"indirect_partner_id":"reseller-0001","quota_ids":["a","b"],"quota_status_list":[0,5],"quota_type":0,
		"create_time_begin":"2025-01-02T00:30:00Z","create_time_end":"2025-02-01T00:00:00Z",
		"effective_time_begin":"2025-03-01T00:00:00Z","effective_time_end":"2025-03-02T00:00:00Z",
		"expire_time_begin":"2025-04-01T00:00:00Z","expire_time_end":"2025-04-02T00:00:00Z",
		"offset":20,"limit":5}`, string(w.Body))

	_, err = e.c.Vouchers.Quotas(t.Context(), nil)
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(e.wire.last(t).Body), "unset filters are not sent")
	_, err = e.c.Vouchers.Quotas(t.Context(), &vouchers.QuotasParams{QuotaIDs: []string{}, Statuses: []vouchers.Status{}})
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(e.wire.last(t).Body))
}

func TestQuotasDecodesTheAnswer(t *testing.T) {
	t.Parallel()
	e := setup(t)
	created := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	id, err := e.srv.SeedQuota(hwpartnertest.VoucherQuota{
		Type: 1, Value: hwpartnertest.MustParseAmount(t, "2000"), Balance: hwpartnertest.MustParseAmount(t, "1999.99"), Created: created, Expires: created.AddDate(2, 0, 0),
		Limits: []hwpartnertest.VoucherLimit{{Key: "regionCode", Values: []hwpartnertest.VoucherLimitValue{{Value1: "cn-north-4", Value2: "Beijing 4"}}}},
	})
	require.NoError(t, err)
	page, err := e.c.Vouchers.Quotas(t.Context(), &vouchers.QuotasParams{Type: hwpartner.Ptr(vouchers.CashCouponQuota)})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, 1, page.Total)
	assert.NotEmpty(t, page.RequestID)
	q := page.Items[0]
	assert.Equal(t, id, q.ID)
	assert.Equal(t, vouchers.CashCouponQuota, q.Type)
	assert.Equal(t, vouchers.StatusNormal, q.Status)
	assert.Equal(t, "2000.00", q.Value.String())
	assert.Equal(t, "1999.99", q.Balance.String())
	assert.Equal(t, 1, q.MeasureID)
	assert.Equal(t, "CNY", q.Currency)
	assert.True(t, q.Created.Equal(created))
	assert.True(t, q.Effective.Equal(created))
	assert.True(t, q.Expires.Equal(created.AddDate(2, 0, 0)))
	assert.Equal(t, []vouchers.Limit{{Key: "regionCode", Values: []vouchers.LimitValue{{Value1: "cn-north-4", Value2: "Beijing 4"}}}}, q.Limits)
}

func TestQuotasFilters(t *testing.T) {
	t.Parallel()
	e := setup(t)
	seed := func(q hwpartnertest.VoucherQuota) string {
		id, err := e.srv.SeedQuota(q)
		require.NoError(t, err)
		return id
	}
	old := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	later := time.Now().AddDate(1, 0, 0)
	frozen := seed(hwpartnertest.VoucherQuota{Value: hwpartnertest.MustParseAmount(t, "1"), Created: old, Expires: later})
	expired := seed(hwpartnertest.VoucherQuota{Value: hwpartnertest.MustParseAmount(t, "1"), Created: old, Expires: later})
	adjusting := seed(hwpartnertest.VoucherQuota{Value: hwpartnertest.MustParseAmount(t, "1"), Status: 4, Created: old, Expires: later})
	coupon := seed(hwpartnertest.VoucherQuota{Value: hwpartnertest.MustParseAmount(t, "1"), Type: 1})
	require.NoError(t, e.srv.FreezeQuota(frozen))
	require.NoError(t, e.srv.ExpireQuota(expired))
	children := e.issue(t, "1", r1)

	ids := func(p *vouchers.QuotasParams) []string {
		t.Helper()
		var out []string
		for q, err := range e.c.Vouchers.QuotasIter(t.Context(), p) {
			require.NoError(t, err)
			out = append(out, q.ID)
		}
		return out
	}
	assert.Equal(t, []string{parentID, frozen, expired, adjusting}, ids(nil), "the default type is cash voucher; the caller's own quotas only")
	assert.Equal(t, []string{coupon}, ids(&vouchers.QuotasParams{Type: hwpartner.Ptr(vouchers.CashCouponQuota)}))
	assert.Equal(t, []string{frozen}, ids(&vouchers.QuotasParams{Statuses: []vouchers.Status{vouchers.StatusFrozen}}))
	assert.Equal(t, []string{expired, adjusting}, ids(&vouchers.QuotasParams{Statuses: []vouchers.Status{vouchers.StatusInvalid, vouchers.StatusAdjusting}}))
	assert.Equal(t, []string{parentID}, ids(&vouchers.QuotasParams{Statuses: []vouchers.Status{vouchers.StatusNormal}}))
	assert.Equal(t, []string{parentID}, ids(&vouchers.QuotasParams{QuotaIDs: []string{parentID, "nope"}}))
	assert.Equal(t, []string{frozen, expired, adjusting}, ids(&vouchers.QuotasParams{CreatedBefore: old}))
	assert.Equal(t, []string{parentID}, ids(&vouchers.QuotasParams{CreatedAfter: old.Add(time.Second)}))
	assert.Equal(t, []string{expired}, ids(&vouchers.QuotasParams{ExpiresBefore: time.Now().Add(time.Hour)}))
	assert.Equal(t, children, ids(&vouchers.QuotasParams{ResellerID: r1}), "a reseller's quotas")
	assert.Empty(t, ids(&vouchers.QuotasParams{ResellerID: r2}))

	_, err := e.c.Vouchers.Quotas(t.Context(), &vouchers.QuotasParams{ResellerID: foreign})
	assert.True(t, hwpartner.IsPermission(err), "another distributor's reseller: %v", err)
	var apiErr *hwpartner.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "CBC.99000037", apiErr.Code)
}

func TestQuotasIterPages(t *testing.T) {
	t.Parallel()
	e := setup(t)
	for range 24 {
		_, err := e.srv.SeedQuota(hwpartnertest.VoucherQuota{Value: hwpartnertest.MustParseAmount(t, "1")})
		require.NoError(t, err)
	}
	e.wire.reset()
	n := 0
	for q, err := range e.c.Vouchers.QuotasIter(t.Context(), &vouchers.QuotasParams{ListOptions: hwpartner.ListOptions{Limit: 10}}) {
		require.NoError(t, err)
		assert.NotEmpty(t, q.ID)
		n++
	}
	assert.Equal(t, 25, n)
	var bodies []string
	for _, w := range e.wire.sent() {
		bodies = append(bodies, string(w.Body))
	}
	assert.Equal(t, []string{`{"limit":10}`, `{"offset":10,"limit":10}`, `{"offset":20,"limit":10}`}, bodies)

	page, err := e.c.Vouchers.Quotas(t.Context(), &vouchers.QuotasParams{ListOptions: hwpartner.ListOptions{Offset: 20, Limit: 10}})
	require.NoError(t, err)
	assert.Len(t, page.Items, 5)
	assert.Equal(t, 25, page.Total)
	assert.False(t, page.HasMore())

	// Stopping early fetches no more pages.
	e.wire.reset()
	for range e.c.Vouchers.QuotasIter(t.Context(), &vouchers.QuotasParams{ListOptions: hwpartner.ListOptions{Limit: 2}}) {
		break
	}
	assert.Len(t, e.wire.sent(), 1)
}

func TestQuotasValidation(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ids := make([]string, 51)
	for i := range ids {
		ids[i] = fmt.Sprint(i)
	}
	ids[3] = ""
	_, err := e.c.Vouchers.Quotas(t.Context(), &vouchers.QuotasParams{
		ResellerID:   strings.Repeat("r", 65),
		QuotaIDs:     ids,
		Statuses:     []vouchers.Status{0, 3, 4, 5, vouchers.StatusReclaimed, 1},
		Type:         hwpartner.Ptr(vouchers.QuotaType(2)),
		CreatedAfter: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		ListOptions:  hwpartner.ListOptions{Offset: -1, Limit: 101},
	})
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "ListQuotaCoupons", ve.Operation)
	got := fields(t, err)
	assert.Equal(t, []string{"indirect_partner_id", "quota_ids", "quota_ids[3]", "quota_status_list",
		"quota_status_list[4]", "quota_status_list[5]", "quota_type", "create_time_begin", "offset", "limit"}, got)

	// The iterator yields the same error and stops.
	n := 0
	for _, err := range e.c.Vouchers.QuotasIter(t.Context(), &vouchers.QuotasParams{Statuses: []vouchers.Status{9}}) {
		assert.ErrorAs(t, err, &ve)
		n++
	}
	assert.Equal(t, 1, n)
	assert.Empty(t, e.wire.sent())
}

func TestQuotasRetried(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.srv.InjectFault("ListQuotaCoupons", hwpartnertest.Fault{Status: http.StatusServiceUnavailable, Times: 2})
	page, err := e.c.Vouchers.Quotas(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, 3, page.Attempts)
	assert.Len(t, page.Items, 1)
	assert.Equal(t, 3, e.srv.RequestCount("ListQuotaCoupons"))
}

func TestQuotasErrors(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.srv.InjectFault("ListQuotaCoupons", hwpartnertest.Fault{Status: http.StatusForbidden, Code: "CBC.0151", Message: "Access denied.", Times: 1})
	_, err := e.c.Vouchers.Quotas(t.Context(), nil)
	var apiErr *hwpartner.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "CBC.0151", apiErr.Code)
	assert.Equal(t, "Access denied.", apiErr.Message)
	assert.Equal(t, "vouchers", apiErr.Service)
	assert.Equal(t, "ListQuotaCoupons", apiErr.Operation)
	assert.NotEmpty(t, apiErr.RequestID)
	assert.True(t, hwpartner.IsPermission(err))
	assert.Equal(t, 1, e.srv.RequestCount("ListQuotaCoupons"), "a refusal is not retried")

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = e.c.Vouchers.Quotas(ctx, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestQuotasForSolutionProviders(t *testing.T) {
	t.Parallel()
	e := setup(t)
	require.NoError(t, e.srv.AddCredential(hwpartnertest.Credential{
		AccessKey: "SPAK", SecretKey: "sp-secret",
		Account: hwpartnertest.Account{DomainID: "sp-domain", Name: "sp", Kind: hwpartnertest.SolutionProvider},
	}))
	own, err := e.srv.SeedQuota(hwpartnertest.VoucherQuota{Owner: "sp-domain", Value: hwpartnertest.MustParseAmount(t, "10")})
	require.NoError(t, err)
	c, err := hwpartner.NewClient(hwpartner.WithAKSK("SPAK", "sp-secret"), hwpartner.WithEndpoint(e.srv.URL))
	require.NoError(t, err)
	page, err := c.Vouchers.Quotas(t.Context(), nil)
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "a solution provider sees its own quotas only")
	assert.Equal(t, own, page.Items[0].ID)
	_, err = c.Vouchers.Issued(t.Context(), nil)
	assert.True(t, hwpartner.IsPermission(err), "ListIssuedCouponQuotas is for distributors only")
}
