package hwpartnertest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

var listPolicies = &hwpartner.Operation{
	Service: "incentives", Name: "ListIncentiveDiscountPolicies",
	Method: http.MethodGet, Path: "/v2/products/incentive-discount-policies",
}

// rawPolicies calls the fake with a hand-made query and returns the raw answer.
func rawPolicies(t *testing.T, srv *hwpartnertest.Server, q url.Values) (map[string]json.RawMessage, error) {
	t.Helper()
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithEndpoint(srv.URL), hwpartner.WithRetry(0, 0, 0))
	require.NoError(t, err)
	var out map[string]json.RawMessage
	_, err = c.Do(t.Context(), listPolicies, q, &out)
	return out, err
}

func TestSeedDiscountPoliciesChecksMonths(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	for _, m := range []string{"2025-1", "2025-13", "2025-00", "25-01", "2025-01-01"} {
		assert.Error(t, srv.SeedDiscountPolicies(hwpartnertest.DiscountPolicy{ServiceTypeCode: "x", From: m}), m)
		assert.Error(t, srv.SeedDiscountPolicies(hwpartnertest.DiscountPolicy{ServiceTypeCode: "x", Until: m}), m)
	}
	require.NoError(t, srv.SeedDiscountPolicies(hwpartnertest.DiscountPolicy{ServiceTypeCode: "x", From: "2025-01", Until: "2025-12"}))
	out, err := rawPolicies(t, srv, url.Values{"time": {"2024-12"}})
	require.NoError(t, err)
	assert.JSONEq(t, `0`, string(out["total_count"]), "rejected seeds were not kept; the kept one is not in force yet")
}

func TestFakePoliciesAnswer(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	require.NoError(t, srv.SeedDiscountPolicies(
		hwpartnertest.DiscountPolicy{ServiceTypeCode: "a", ServiceTypeName: "A", IncentivePolicy: "0", AllowDiscount: "YES", Until: "2025-03"},
		hwpartnertest.DiscountPolicy{ServiceTypeCode: "b", ServiceTypeName: "B", IncentivePolicy: "13", AllowDiscount: "NO", From: "2025-03"},
		hwpartnertest.DiscountPolicy{ServiceTypeCode: "c", ServiceTypeName: "C", IncentivePolicy: "2", AllowDiscount: "NO"},
	))
	out, err := rawPolicies(t, srv, url.Values{"time": {"2025-03"}, "limit": {"2"}})
	require.NoError(t, err)
	assert.Len(t, out, 2, "only total_count and policies")
	assert.JSONEq(t, `3`, string(out["total_count"]))
	assert.JSONEq(t, `[
		{"service_type_code":"a","service_type_name":"A","incentive_policy":"0","allow_discount":"YES"},
		{"service_type_code":"b","service_type_name":"B","incentive_policy":"13","allow_discount":"NO"}
	]`, string(out["policies"]))

	out, err = rawPolicies(t, srv, url.Values{"time": {"2025-04"}, "offset": {"1"}})
	require.NoError(t, err)
	assert.JSONEq(t, `2`, string(out["total_count"]), "a is no longer in force")
	assert.JSONEq(t, `[{"service_type_code":"c","service_type_name":"C","incentive_policy":"2","allow_discount":"NO"}]`, string(out["policies"]))

	out, err = rawPolicies(t, srv, url.Values{"time": {"2025-04"}, "offset": {"50"}})
	require.NoError(t, err)
	assert.JSONEq(t, `2`, string(out["total_count"]))
	assert.JSONEq(t, `[]`, string(out["policies"]), "past the end: an empty list, not null")
}

func TestFakePoliciesRefusals(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	for _, q := range []url.Values{
		{},
		{"time": {""}},
		{"time": {"2025-3"}},
		{"time": {"2025-03"}, "offset": {""}},
		{"time": {"2025-03"}, "offset": {"x"}},
		{"time": {"2025-03"}, "limit": {"101"}},
	} {
		_, err := rawPolicies(t, srv, q)
		var e *hwpartner.Error
		require.ErrorAs(t, err, &e, q)
		assert.Equal(t, "CBC.0100", e.Code, q)
		assert.Equal(t, http.StatusBadRequest, e.StatusCode, q)
	}
	op := *listPolicies
	op.Method = http.MethodPost
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithEndpoint(srv.URL))
	require.NoError(t, err)
	_, err = c.Do(t.Context(), &op, nil, nil)
	assert.True(t, hwpartner.IsNotFound(err), "only GET is routed")
}
