package hwpartnertest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func TestSeedQuota(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	id, err := srv.SeedQuota(hwpartnertest.VoucherQuota{Value: hwpartnertest.MustParseAmount(t, "12.5")})
	require.NoError(t, err)
	q, ok := srv.Quota(id)
	require.True(t, ok)
	assert.Equal(t, id, q.ID)
	assert.Equal(t, hwpartnertest.DefaultDomainID, q.Owner)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "12.50"), q.Value)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "12.50"), q.Balance, "the balance starts at the value")
	assert.Equal(t, 0, q.Status)
	assert.Empty(t, q.ParentID)
	assert.WithinDuration(t, time.Now(), q.Created, time.Minute)
	assert.Equal(t, q.Created, q.Effective)
	assert.Equal(t, q.Effective.AddDate(1, 0, 0), q.Expires)

	limits := []hwpartnertest.VoucherLimit{{Key: "regionCode", Values: []hwpartnertest.VoucherLimitValue{{Value1: "cn-north-4"}}}}
	limited, err := srv.SeedQuota(hwpartnertest.VoucherQuota{Value: hwpartnertest.MustParseAmount(t, "1"), Limits: limits})
	require.NoError(t, err)
	limits[0].Values[0].Value1 = "changed by the caller"
	q, _ = srv.Quota(limited)
	assert.Equal(t, "cn-north-4", q.Limits[0].Values[0].Value1, "the fake keeps its own copy")
	q.Limits[0].Key = "changed again"
	q, _ = srv.Quota(limited)
	assert.Equal(t, "regionCode", q.Limits[0].Key)

	for name, bad := range map[string]hwpartnertest.VoucherQuota{
		"duplicate id":   {ID: id, Value: hwpartnertest.MustParseAmount(t, "1")},
		"no value":       {},
		"zero value":     {Value: hwpartnertest.MustParseAmount(t, "0")},
		"bad balance":    {Value: hwpartnertest.MustParseAmount(t, "1"), Balance: hwpartnertest.MustParseAmount(t, "-1")},
		"issued quota":   {Value: hwpartnertest.MustParseAmount(t, "1"), ParentID: id},
		"negative value": {Value: hwpartnertest.MustParseAmount(t, "-1")},
	} {
		_, err := srv.SeedQuota(bad)
		assert.Error(t, err, name)
	}
	_, ok = srv.Quota("nope")
	assert.False(t, ok)
}

func TestQuotaHooks(t *testing.T) {
	t.Parallel()
	now := time.Now()
	srv := hwpartnertest.NewServer(t, hwpartnertest.WithClock(func() time.Time { return now }))
	id, err := srv.SeedQuota(hwpartnertest.VoucherQuota{Value: hwpartnertest.MustParseAmount(t, "100")})
	require.NoError(t, err)

	require.NoError(t, srv.SpendQuota(id, hwpartnertest.MustParseAmount(t, "40.01")))
	q, _ := srv.Quota(id)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "59.99"), q.Balance)
	assert.Error(t, srv.SpendQuota(id, hwpartnertest.MustParseAmount(t, "60")), "more than the balance")
	assert.Error(t, srv.SpendQuota(id, hwpartnertest.MustParseAmount(t, "0")))
	assert.Error(t, srv.SpendQuota(id, hwpartnertest.MustParseAmount(t, "-1")))

	require.NoError(t, srv.FreezeQuota(id))
	q, _ = srv.Quota(id)
	assert.Equal(t, 5, q.Status)

	other, err := srv.SeedQuota(hwpartnertest.VoucherQuota{Value: hwpartnertest.MustParseAmount(t, "1")})
	require.NoError(t, err)
	require.NoError(t, srv.ExpireQuota(other))
	q, _ = srv.Quota(other)
	assert.Equal(t, 3, q.Status, "an expired normal quota reads as invalid")
	assert.Equal(t, now, q.Expires)

	for _, f := range []func(string) error{srv.FreezeQuota, srv.ExpireQuota, func(id string) error { return srv.SpendQuota(id, hwpartnertest.MustParseAmount(t, "1")) }} {
		assert.Error(t, f("nope"))
	}
}

func TestSeedDemoVouchers(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	srv.SeedDemo()
	q, ok := srv.Quota(hwpartnertest.DemoVoucherQuotaID)
	require.True(t, ok)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "10000.00"), q.Balance)
	assert.Equal(t, 0, q.Status)
	assert.Equal(t, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), q.Created)

	c := client(t, srv)
	var ans struct {
		Failures []struct {
			ID   string `json:"id"`
			Code string `json:"error_code"`
		} `json:"error_details"`
		Issued []struct {
			ID string `json:"id"`
		} `json:"simple_quota_infos"`
	}
	do(t, c, issueOp, map[string]any{
		"quota_id":             hwpartnertest.DemoVoucherQuotaID,
		"indirect_partner_ids": []string{hwpartnertest.DemoReseller1, hwpartnertest.DemoReseller2, hwpartnertest.DemoReseller3, hwpartnertest.DemoForeignResellerID},
		"quota_amount":         1.5, // a JSON number is accepted too
	}, &ans)
	assert.Len(t, ans.Issued, 3)
	require.Len(t, ans.Failures, 1)
	assert.Equal(t, hwpartnertest.DemoForeignResellerID, ans.Failures[0].ID)
	assert.Equal(t, "CBC.99000037", ans.Failures[0].Code)
	q, _ = srv.Quota(hwpartnertest.DemoVoucherQuotaID)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "9995.50"), q.Balance)
}

// issueDemo issues amount of the demo quota to the first demo reseller
// and returns the new reseller quota's id.
func issueDemo(t *testing.T, c *hwpartner.Client, amount string) string {
	t.Helper()
	var issued struct {
		Issued []struct {
			QuotaID string `json:"quota_id"`
		} `json:"simple_quota_infos"`
	}
	do(t, c, issueOp, map[string]any{
		"quota_id": hwpartnertest.DemoVoucherQuotaID, "indirect_partner_ids": []string{hwpartnertest.DemoReseller1}, "quota_amount": amount,
	}, &issued)
	require.Len(t, issued.Issued, 1)
	return issued.Issued[0].QuotaID
}

var (
	listOp    = hwpartner.Operation{Name: "ListQuotaCoupons", Method: http.MethodPost, Path: "/v2/partners/coupon-quotas/query"}
	issueOp   = hwpartner.Operation{Name: "UpdateCouponQuotas", Method: http.MethodPost, Path: "/v2/partners/coupon-quotas/indirect-partner-adjust", MovesMoney: true}
	reclaimOp = hwpartner.Operation{Name: "ReclaimCouponQuotas", Method: http.MethodPost, Path: "/v2/partners/coupon-quotas/indirect-partner-reclaim", MovesMoney: true}
	issuedOp  = hwpartner.Operation{Name: "ListIssuedCouponQuotas", Method: http.MethodGet, Path: "/v2/partners/issued-coupon-quotas"}
	recordsOp = hwpartner.Operation{Name: "ListCouponQuotasRecords", Method: http.MethodGet, Path: "/v2/partners/coupon-quotas/records"}
)

func client(t *testing.T, srv *hwpartnertest.Server) *hwpartner.Client {
	t.Helper()
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithEndpoint(srv.URL), hwpartner.WithRetry(0, 0, 0))
	require.NoError(t, err)
	return c
}

func do(t *testing.T, c *hwpartner.Client, op hwpartner.Operation, params, result any) {
	t.Helper()
	_, err := c.Do(t.Context(), &op, params, result)
	require.NoError(t, err)
}

// The fake refuses what the API refuses, and accepts what it accepts, so
// client bugs show up in tests.
func TestVoucherWireRules(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	srv.SeedDemo()
	c := client(t, srv)
	refused := []struct {
		name   string
		op     hwpartner.Operation
		params any
	}{
		{"unknown field", listOp, map[string]any{"quota_idz": []string{}}},
		{"quota_type 2", listOp, map[string]any{"quota_type": 2}},
		{"status 6", listOp, map[string]any{"quota_status_list": []int{6}}},
		{"six statuses", listOp, map[string]any{"quota_status_list": []int{0, 0, 0, 0, 0, 0}}},
		{"51 ids", listOp, map[string]any{"quota_ids": make([]string, 51)}},
		{"long reseller id", listOp, map[string]any{"indirect_partner_id": strings.Repeat("r", 65)}},
		{"empty time", listOp, map[string]any{"create_time_begin": ""}},
		{"bad time", listOp, map[string]any{"expire_time_end": "2025-01-01 00:00:00"}},
		{"null limit", listOp, map[string]any{"limit": nil}},
		{"limit 101", listOp, map[string]any{"limit": 101}},
		{"negative offset", listOp, map[string]any{"offset": -1}},
		{"offset text", listOp, map[string]any{"offset": "1"}},
		{"no quota_id", issueOp, map[string]any{"indirect_partner_ids": []string{"r"}, "quota_amount": "1"}},
		{"no resellers", issueOp, map[string]any{"quota_id": "q", "indirect_partner_ids": []string{}, "quota_amount": "1"}},
		{"empty reseller", issueOp, map[string]any{"quota_id": "q", "indirect_partner_ids": []string{""}, "quota_amount": "1"}},
		{"3 decimals", issueOp, map[string]any{"quota_id": "q", "indirect_partner_ids": []string{"r"}, "quota_amount": "1.005"}},
		{"zero amount", issueOp, map[string]any{"quota_id": "q", "indirect_partner_ids": []string{"r"}, "quota_amount": 0}},
		{"11 quotas", reclaimOp, map[string]any{"quota_ids": strings.Split("a b c d e f g h i j k", " ")}},
		{"long remark", reclaimOp, map[string]any{"quota_ids": []string{"a"}, "remark": strings.Repeat("x", 257)}},
		{"unknown query key", issuedOp, url.Values{"quotaid": {"x"}}},
		{"long quota_id", issuedOp, url.Values{"quota_id": {strings.Repeat("x", 65)}}},
		{"limit 0", issuedOp, url.Values{"limit": {"0"}}},
		{"empty time", recordsOp, url.Values{"operation_time_begin": {""}}},
		{"limit text", recordsOp, url.Values{"limit": {"ten"}}},
		{"long operation_type", recordsOp, url.Values{"operation_type": {"123456789"}}},
	}
	for _, tc := range refused {
		_, err := c.Do(t.Context(), &tc.op, tc.params, nil)
		var apiErr *hwpartner.Error
		if assert.ErrorAs(t, err, &apiErr, tc.name) {
			assert.Equal(t, "CBC.0100", apiErr.Code, tc.name)
			assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode, tc.name)
		}
	}
	q, _ := srv.Quota(hwpartnertest.DemoVoucherQuotaID)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "10000.00"), q.Balance, "no refused request moved anything")

	var page struct {
		Total  int `json:"total_count"`
		Quotas []struct {
			ID    string          `json:"quota_id"`
			Value json.RawMessage `json:"quota_value"`
		} `json:"quotas"`
	}
	do(t, c, listOp, map[string]any{"quota_type": "", "offset": nil, "create_time_end": nil}, &page)
	assert.Equal(t, 3, page.Total, `quota_type "" means 0; null filters are ignored`)
	assert.Equal(t, `10000.00`, string(page.Quotas[0].Value), "balances are JSON numbers")
	do(t, c, listOp, map[string]any{"quota_type": 1}, &page)
	assert.Equal(t, 1, page.Total)

	var records struct {
		Total int `json:"total_count"`
	}
	do(t, c, reclaimOp, map[string]any{"quota_ids": []string{"unknown"}}, nil)
	do(t, c, recordsOp, url.Values{"operation_type": {"99"}}, &records)
	assert.Equal(t, 1, records.Total, "an unknown operation_type is no filter")
	do(t, c, recordsOp, url.Values{"operation_type": {"10"}}, &records)
	assert.Equal(t, 0, records.Total)
}

func TestVoucherAccountKinds(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t,
		hwpartnertest.WithCredential(hwpartnertest.Credential{AccessKey: "RAK", SecretKey: "rsk", Account: hwpartnertest.Account{DomainID: "r", Kind: hwpartnertest.Reseller}}),
		hwpartnertest.WithCredential(hwpartnertest.Credential{AccessKey: "NAK", SecretKey: "nsk", Account: hwpartnertest.Account{DomainID: "n", Kind: hwpartnertest.NotPartner}}),
	)
	for ak, code := range map[string]string{"RAK": "CBC.0155", "NAK": "CBC.5001"} {
		c, err := hwpartner.NewClient(hwpartner.WithAKSK(ak, strings.ToLower(ak[:1])+"sk"), hwpartner.WithEndpoint(srv.URL))
		require.NoError(t, err)
		for _, op := range []hwpartner.Operation{listOp, issuedOp, recordsOp} {
			_, err := c.Do(t.Context(), &op, nil, nil)
			var apiErr *hwpartner.Error
			require.ErrorAs(t, err, &apiErr, op.Name)
			assert.Equal(t, code, apiErr.Code, op.Name)
		}
	}
}

// The reclaim answer's quota_balance is the quota's balance after the
// reclaim (api.md §4.3); the amount returned is in the "11" record.
func TestReclaimAnswersBalanceAfter(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	srv.SeedDemo()
	c := client(t, srv)
	child := issueDemo(t, c, "100")
	require.NoError(t, srv.SpendQuota(child, hwpartnertest.MustParseAmount(t, "30.25")))

	var ans struct {
		Failures  []json.RawMessage `json:"error_details"`
		Reclaimed []struct {
			QuotaID      string          `json:"quota_id"`
			QuotaBalance json.RawMessage `json:"quota_balance"`
		} `json:"simple_quota_infos"`
	}
	do(t, c, reclaimOp, map[string]any{"quota_ids": []string{child}}, &ans)
	assert.Empty(t, ans.Failures)
	require.Len(t, ans.Reclaimed, 1)
	assert.Equal(t, child, ans.Reclaimed[0].QuotaID)
	assert.Equal(t, "0.00", string(ans.Reclaimed[0].QuotaBalance), "the balance after the reclaim, as a JSON number")

	q, _ := srv.Quota(child)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "0.00"), q.Balance)
	assert.Equal(t, 6, q.Status)
	parent, _ := srv.Quota(hwpartnertest.DemoVoucherQuotaID)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "9969.75"), parent.Balance, "the child's remaining 69.75 went back")

	var records struct {
		Records []struct {
			Amount json.RawMessage `json:"amount"`
			Result string          `json:"result"`
		} `json:"records"`
	}
	do(t, c, recordsOp, url.Values{"quota_id": {child}, "operation_type": {"11"}}, &records)
	require.Len(t, records.Records, 1)
	assert.Equal(t, "69.75", string(records.Records[0].Amount), "the record carries the amount returned")
	assert.Equal(t, "0", records.Records[0].Result)
}

// ListQuotaCoupons documents statuses 0, 3, 4 and 5 only: a reclaimed
// reseller quota is listed there as invalid, and ListIssuedCouponQuotas
// keeps reporting it as reclaimed.
func TestReclaimedQuotaInListQuotaCoupons(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	srv.SeedDemo()
	c := client(t, srv)
	child := issueDemo(t, c, "5")
	do(t, c, reclaimOp, map[string]any{"quota_ids": []string{child}}, nil)

	type page struct {
		Total  int `json:"total_count"`
		Quotas []struct {
			ID     string `json:"quota_id"`
			Status int    `json:"quota_status"`
		} `json:"quotas"`
	}
	list := func(statuses ...int) page {
		t.Helper()
		body := map[string]any{"indirect_partner_id": hwpartnertest.DemoReseller1}
		if statuses != nil {
			body["quota_status_list"] = statuses
		}
		var p page
		do(t, c, listOp, body, &p)
		return p
	}
	all := list()
	require.Len(t, all.Quotas, 1)
	assert.Equal(t, child, all.Quotas[0].ID)
	assert.Equal(t, 3, all.Quotas[0].Status, "reclaimed reads as invalid here")
	assert.Equal(t, 1, list(3).Total, "and the invalid filter finds it")
	assert.Zero(t, list(0, 4, 5).Total)

	var issuedPage page
	do(t, c, issuedOp, url.Values{"quota_id": {child}}, &issuedPage)
	require.Len(t, issuedPage.Quotas, 1)
	assert.Equal(t, 6, issuedPage.Quotas[0].Status)
}
