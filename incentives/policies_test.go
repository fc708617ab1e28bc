package incentives_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/incentives"
)

const opName = "ListIncentiveDiscountPolicies"

// setup starts a fake and a client with fast retries.
func setup(t *testing.T, opts ...hwpartnertest.Option) (*hwpartnertest.Server, *incentives.Service) {
	t.Helper()
	srv := hwpartnertest.NewServer(t, opts...)
	return srv, clientFor(t, srv, srv.AccessKey(), srv.SecretKey())
}

func clientFor(t *testing.T, srv *hwpartnertest.Server, ak, sk string) *incentives.Service {
	t.Helper()
	c, err := hwpartner.NewClient(
		hwpartner.WithAKSK(ak, sk),
		hwpartner.WithEndpoint(srv.URL),
		hwpartner.WithRetry(3, time.Millisecond, 2*time.Millisecond),
	)
	require.NoError(t, err)
	return c.Incentives
}

func seedPolicies(t *testing.T, srv *hwpartnertest.Server, n int) {
	t.Helper()
	ps := make([]hwpartnertest.DiscountPolicy, n)
	for i := range ps {
		ps[i] = hwpartnertest.DiscountPolicy{
			ServiceTypeCode: fmt.Sprintf("hws.service.type.s%03d", i),
			ServiceTypeName: fmt.Sprintf("服务%d", i),
			IncentivePolicy: "1", AllowDiscount: "YES",
		}
	}
	require.NoError(t, srv.SeedDiscountPolicies(ps...))
}

func feb2024() incentives.Month { return incentives.Month{Year: 2024, Month: time.February} }

func TestDiscountPoliciesWire(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	srv.SeedDemo()

	page, err := svc.DiscountPolicies(t.Context(), &incentives.DiscountPoliciesParams{
		Month:           incentives.MonthOf(time.Date(2024, 1, 31, 16, 30, 0, 0, time.UTC)),
		ServiceTypeCode: hwpartner.Ptr("hws.service.type.obs"),
		ListOptions:     hwpartner.ListOptions{Offset: 0, Limit: 50},
	})
	require.NoError(t, err)

	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, opName, string(r.Operation))
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "/v2/products/incentive-discount-policies", r.Path)
	// 16:30 UTC on 31 January is already February in UTC+8.
	assert.Equal(t, map[string][]string{
		"time":              {"2024-02"},
		"service_type_code": {"hws.service.type.obs"},
		"limit":             {"50"},
	}, map[string][]string(r.Query))
	assert.Empty(t, r.Body, "a GET sends no body")
	assert.Contains(t, r.Header.Get("Authorization"), "SDK-HMAC-SHA256 Access="+srv.AccessKey())
	assert.Equal(t, http.StatusOK, r.Status)

	require.Len(t, page.Items, 1)
	assert.Equal(t, incentives.Policy{
		ServiceTypeCode: "hws.service.type.obs", ServiceTypeName: "对象存储服务",
		IncentivePolicy: incentives.PolicySpecificProduct, AllowDiscount: incentives.DiscountAllowed,
	}, page.Items[0])
	assert.Equal(t, 1, page.Total)
	assert.Equal(t, 50, page.Limit)
	assert.False(t, page.HasMore())
	assert.NotEmpty(t, page.RequestID)
	assert.Equal(t, 1, page.Attempts)
}

func TestDiscountPoliciesServiceTypeFilter(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	require.NoError(t, srv.SeedDiscountPolicies(
		hwpartnertest.DiscountPolicy{ServiceTypeCode: "hws.service.type.obs", ServiceTypeName: "OBS", IncentivePolicy: "1", AllowDiscount: "YES"},
		hwpartnertest.DiscountPolicy{ServiceTypeCode: "", ServiceTypeName: "no type", IncentivePolicy: "2", AllowDiscount: "NO"},
	))
	tests := []struct {
		name      string
		code      *string
		wantQuery []string // nil: parameter absent
		wantNames []string
	}{
		{"nil sends no filter", nil, nil, []string{"OBS", "no type"}},
		{"empty string is a filter value", hwpartner.Ptr(""), []string{""}, []string{"no type"}},
		{"a code filters", hwpartner.Ptr("hws.service.type.obs"), []string{"hws.service.type.obs"}, []string{"OBS"}},
	}
	for _, tt := range tests {
		srv.ResetRequests()
		page, err := svc.DiscountPolicies(t.Context(), &incentives.DiscountPoliciesParams{Month: feb2024(), ServiceTypeCode: tt.code})
		require.NoError(t, err, tt.name)
		var names []string
		for _, p := range page.Items {
			names = append(names, p.ServiceTypeName)
		}
		assert.Equal(t, tt.wantNames, names, tt.name)
		q := srv.Requests()[0].Query
		got, present := q["service_type_code"]
		assert.Equal(t, tt.wantQuery != nil, present, tt.name)
		assert.Equal(t, tt.wantQuery, got, tt.name)
		assert.Equal(t, []string{"2024-02"}, q["time"], tt.name)
		_, hasOffset := q["offset"]
		assert.False(t, hasOffset, "zero paging is not sent")
	}
}

func TestDiscountPoliciesMonthSelectsPolicies(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	srv.SeedDemo()
	rds := func(m incentives.Month) incentives.Policy {
		page, err := svc.DiscountPolicies(t.Context(), &incentives.DiscountPoliciesParams{Month: m, ServiceTypeCode: hwpartner.Ptr("hws.service.type.rds")})
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		return page.Items[0]
	}
	before := rds(incentives.Month{Year: 2024, Month: time.December})
	after := rds(incentives.Month{Year: 2025, Month: time.January})
	assert.Equal(t, incentives.PolicySpecificProduct, before.IncentivePolicy)
	assert.True(t, before.AllowDiscount.Allowed())
	assert.Equal(t, incentives.PolicyCreditNoRebate, after.IncentivePolicy)
	assert.False(t, after.AllowDiscount.Allowed())
}

func TestDiscountPoliciesPaging(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	seedPolicies(t, srv, 25)

	page, err := svc.DiscountPolicies(t.Context(), &incentives.DiscountPoliciesParams{
		Month: feb2024(), ListOptions: hwpartner.ListOptions{Offset: 20, Limit: 10},
	})
	require.NoError(t, err)
	require.Len(t, page.Items, 5)
	assert.Equal(t, "hws.service.type.s020", page.Items[0].ServiceTypeCode)
	assert.Equal(t, 25, page.Total)
	assert.Equal(t, 20, page.Offset)
	assert.False(t, page.HasMore())
	assert.Equal(t, map[string][]string{"time": {"2024-02"}, "offset": {"20"}, "limit": {"10"}}, map[string][]string(srv.Requests()[0].Query))

	first, err := svc.DiscountPolicies(t.Context(), &incentives.DiscountPoliciesParams{Month: feb2024()})
	require.NoError(t, err)
	assert.Len(t, first.Items, 10, "the API's default page size")
	assert.Equal(t, 10, first.Limit)
	assert.True(t, first.HasMore())
	assert.Equal(t, 10, first.NextOffset())
}

func TestDiscountPoliciesIter(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	seedPolicies(t, srv, 23)
	code := "hws.service.type.s999" // changed after the call: must not matter
	p := &incentives.DiscountPoliciesParams{Month: feb2024(), ListOptions: hwpartner.ListOptions{Offset: 1, Limit: 10}}
	p.ServiceTypeCode = nil
	seq := svc.DiscountPoliciesIter(t.Context(), p)
	p.Month = incentives.Month{Year: 1999, Month: time.March}
	p.ServiceTypeCode = &code

	var got []string
	for pol, err := range seq {
		require.NoError(t, err)
		got = append(got, pol.ServiceTypeCode)
	}
	require.Len(t, got, 22)
	assert.Equal(t, "hws.service.type.s001", got[0])
	assert.Equal(t, "hws.service.type.s022", got[21])
	var offsets []string
	for _, r := range srv.Requests() {
		assert.Equal(t, []string{"2024-02"}, r.Query["time"])
		offsets = append(offsets, r.Query.Get("offset"))
	}
	assert.Equal(t, []string{"1", "11", "21"}, offsets)
}

func TestDiscountPoliciesIterStopsEarlyAndOnError(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	seedPolicies(t, srv, 30)

	n := 0
	for _, err := range svc.DiscountPoliciesIter(t.Context(), &incentives.DiscountPoliciesParams{Month: feb2024()}) {
		require.NoError(t, err)
		n++
		if n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)
	reqs := srv.Requests()
	require.Len(t, reqs, 1, "one page of 100 covers the records read")
	assert.Equal(t, "100", reqs[0].Query.Get("limit"), "an unset limit walks in pages of 100")

	srv.ResetRequests()
	srv.InjectFault(opName, hwpartnertest.Fault{Status: http.StatusForbidden, Code: "CBC.0151"})
	var errs []error
	for _, err := range svc.DiscountPoliciesIter(t.Context(), &incentives.DiscountPoliciesParams{Month: feb2024()}) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.True(t, hwpartner.IsPermission(errs[0]))

	srv.ResetRequests()
	errs = nil
	for _, err := range svc.DiscountPoliciesIter(t.Context(), nil) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, errs[0], &ve)
	assert.Zero(t, srv.RequestCount(""))
}

func TestDiscountPoliciesValidation(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	long := strings.Repeat("码", 65)
	tests := []struct {
		name   string
		params *incentives.DiscountPoliciesParams
		fields []string
	}{
		{"nil params", nil, []string{"time"}},
		{"no month", &incentives.DiscountPoliciesParams{}, []string{"time"}},
		{"month 13", &incentives.DiscountPoliciesParams{Month: incentives.Month{Year: 2024, Month: 13}}, []string{"time"}},
		{"month without year digits", &incentives.DiscountPoliciesParams{Month: incentives.Month{Year: 12024, Month: 1}}, []string{"time"}},
		{"every bad field", &incentives.DiscountPoliciesParams{
			ServiceTypeCode: &long,
			ListOptions:     hwpartner.ListOptions{Offset: -1, Limit: 101},
		}, []string{"time", "service_type_code", "offset", "limit"}},
		{"negative limit", &incentives.DiscountPoliciesParams{Month: feb2024(), ListOptions: hwpartner.ListOptions{Limit: -1}}, []string{"limit"}},
	}
	for _, tt := range tests {
		_, err := svc.DiscountPolicies(t.Context(), tt.params)
		var ve *hwpartner.ValidationError
		require.ErrorAs(t, err, &ve, tt.name)
		assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest, tt.name)
		assert.Equal(t, opName, string(ve.Operation), tt.name)
		var fields []string
		for _, f := range ve.Fields {
			fields = append(fields, f.Field)
		}
		assert.Equal(t, tt.fields, fields, tt.name)
	}
	assert.Zero(t, srv.RequestCount(""), "nothing is sent")

	// The limits themselves are accepted.
	ok := &incentives.DiscountPoliciesParams{
		Month:           incentives.Month{Year: 0, Month: time.January},
		ServiceTypeCode: hwpartner.Ptr(strings.Repeat("码", 64)),
		ListOptions:     hwpartner.ListOptions{Offset: 1<<31 - 1, Limit: 100},
	}
	require.NoError(t, ok.Validate())
	_, err := svc.DiscountPolicies(t.Context(), ok)
	require.NoError(t, err)
	assert.Equal(t, "0000-01", srv.Requests()[0].Query.Get("time"))
}

func TestDiscountPoliciesErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fault  hwpartnertest.Fault
		class  error
		status int
	}{
		{"invalid parameter", hwpartnertest.Fault{Status: 400, Code: "CBC.0100"}, hwpartner.ErrInvalidRequest, 400},
		{"token expired", hwpartnertest.Fault{Status: 401, Code: "CBC.0154"}, hwpartner.ErrAuth, 401},
		{"illegal operation", hwpartnertest.Fault{Status: 403, Code: "CBC.0150"}, hwpartner.ErrPermission, 403},
		{"not allowed", hwpartnertest.Fault{Status: 403, Code: "CBC.0155"}, hwpartner.ErrPermission, 403},
		{"sandbox account", hwpartnertest.Fault{Status: 400, Code: "CBC.99005035"}, hwpartner.ErrPermission, 400},
		{"not a partner with HTTP 200", hwpartnertest.Fault{Status: 200, Code: "CBC.5001"}, hwpartner.ErrPermission, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, svc := setup(t)
			srv.InjectFault(opName, tt.fault)
			_, err := svc.DiscountPolicies(t.Context(), &incentives.DiscountPoliciesParams{Month: feb2024()})
			var apiErr *hwpartner.Error
			require.ErrorAs(t, err, &apiErr)
			assert.ErrorIs(t, err, tt.class)
			assert.Equal(t, tt.fault.Code, apiErr.Code)
			assert.Equal(t, tt.status, apiErr.StatusCode)
			assert.Equal(t, opName, string(apiErr.Operation))
			assert.Equal(t, "incentives", apiErr.Service)
			assert.NotEmpty(t, apiErr.RequestID)
			assert.Equal(t, 1, srv.RequestCount(opName), "client errors are not retried")
		})
	}
}

func TestDiscountPoliciesAccountKinds(t *testing.T) {
	t.Parallel()
	kinds := []struct {
		kind  hwpartnertest.AccountKind
		class error // nil: allowed
	}{
		{hwpartnertest.SolutionProvider, nil},
		{hwpartnertest.Reseller, hwpartner.ErrPermission},
		{hwpartnertest.NotPartner, hwpartner.ErrPermission},
	}
	for _, k := range kinds {
		ak := "AK" + strings.ToUpper(strings.ReplaceAll(k.kind.String(), " ", ""))
		srv := hwpartnertest.NewServer(t, hwpartnertest.WithCredential(hwpartnertest.Credential{
			AccessKey: ak, SecretKey: "secret-" + ak,
			Account: hwpartnertest.Account{DomainID: "d-" + ak, Name: ak, Kind: k.kind},
		}))
		srv.SeedDemo()
		svc := clientFor(t, srv, ak, "secret-"+ak)
		page, err := svc.DiscountPolicies(t.Context(), &incentives.DiscountPoliciesParams{Month: feb2024()})
		if k.class == nil {
			require.NoError(t, err, k.kind.String())
			assert.NotEmpty(t, page.Items)
			continue
		}
		assert.ErrorIs(t, err, k.class, k.kind.String())
	}
}

func TestDiscountPoliciesRetried(t *testing.T) {
	t.Parallel()
	for _, f := range []hwpartnertest.Fault{
		{Status: 503, Times: 2},
		{Status: 429, Code: "CBC.0250", Times: 1, RetryAfter: "0"},
		{Status: 500, Code: "CBC.0999", Times: 1},
		{Drop: hwpartnertest.DropAfterRead, Times: 1},
	} {
		srv, svc := setup(t)
		srv.SeedDemo()
		srv.InjectFault(opName, f)
		page, err := svc.DiscountPolicies(t.Context(), &incentives.DiscountPoliciesParams{Month: feb2024()})
		require.NoError(t, err, "%+v", f)
		assert.NotEmpty(t, page.Items)
		want := 2
		if f.Times == 2 {
			want = 3
		}
		assert.Equal(t, want, page.Attempts, "%+v", f)
		assert.Equal(t, want, srv.RequestCount(opName))
	}

	srv, svc := setup(t)
	srv.InjectFault(opName, hwpartnertest.Fault{Status: 429, Code: "CBC.0250"})
	_, err := svc.DiscountPolicies(t.Context(), &incentives.DiscountPoliciesParams{Month: feb2024()})
	assert.True(t, hwpartner.IsThrottled(err))
	assert.Equal(t, 4, srv.RequestCount(opName), "the first attempt and three retries")
}

func TestDiscountPoliciesCancelled(t *testing.T) {
	t.Parallel()
	srv, svc := setup(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := svc.DiscountPolicies(ctx, &incentives.DiscountPoliciesParams{Month: feb2024()})
	require.ErrorIs(t, err, context.Canceled)
	var oe *hwpartner.OperationError
	assert.ErrorAs(t, err, &oe)
	assert.Zero(t, srv.RequestCount(""))
}

func TestDiscountPoliciesServerRefusals(t *testing.T) {
	t.Parallel()
	// Bypass client validation to check what the fake itself refuses.
	srv := hwpartnertest.NewServer(t)
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithEndpoint(srv.URL))
	require.NoError(t, err)
	op := &hwpartner.Operation{Name: opName, Method: http.MethodGet, Path: "/v2/products/incentive-discount-policies"}
	for _, q := range []map[string][]string{
		{},
		{"time": {"2024-2"}},
		{"time": {"2024-13"}},
		{"time": {"2024-02"}, "limit": {"0"}},
		{"time": {"2024-02"}, "limit": {""}},
		{"time": {"2024-02"}, "offset": {"-1"}},
		{"time": {"2024-02"}, "service_type_code": {strings.Repeat("a", 65)}},
	} {
		_, err := c.Do(t.Context(), op, url.Values(q), nil)
		assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest, "%v", q)
		assert.True(t, core.HasCode(err, "CBC.0100"), "%v", q)
	}
}

func TestIncentivePolicyDecoding(t *testing.T) {
	t.Parallel()
	// A transport answering with a bare integer, which a strict decoder
	// would refuse.
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		body := `{"total_count":3,"policies":[` +
			`{"service_type_code":"a","service_type_name":"A","incentive_policy":13,"allow_discount":"NO"},` +
			`{"service_type_code":"b","service_type_name":"B","incentive_policy":"7","allow_discount":"MAYBE"},` +
			`{"service_type_code":"c","service_type_name":"C","incentive_policy":null}]}`
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
	})
	c, err := hwpartner.NewClient(hwpartner.WithAKSK("ak", "sk"), hwpartner.WithEndpoint("https://bss.example"), hwpartner.WithTransport(rt))
	require.NoError(t, err)
	page, err := c.Incentives.DiscountPolicies(t.Context(), &incentives.DiscountPoliciesParams{Month: feb2024()})
	require.NoError(t, err)
	require.Len(t, page.Items, 3)
	assert.Equal(t, incentives.PolicyCreditNoRebate, page.Items[0].IncentivePolicy)
	assert.Equal(t, "performance credit, no rebate", page.Items[0].IncentivePolicy.String())
	assert.Equal(t, incentives.IncentivePolicy("7"), page.Items[1].IncentivePolicy)
	assert.False(t, page.Items[1].IncentivePolicy.Known())
	assert.Equal(t, `incentive policy "7"`, page.Items[1].IncentivePolicy.String())
	assert.Equal(t, `allow_discount "MAYBE"`, page.Items[1].AllowDiscount.String())
	assert.False(t, page.Items[1].AllowDiscount.Allowed())
	assert.Empty(t, page.Items[2].IncentivePolicy)

	var p incentives.IncentivePolicy
	assert.Error(t, p.UnmarshalJSON([]byte(`1.5`)))
	assert.Error(t, p.UnmarshalJSON([]byte(`{}`)))
}

func TestPolicyConstants(t *testing.T) {
	t.Parallel()
	assert.Equal(t, map[incentives.IncentivePolicy]string{
		"0": "non-specific product", "1": "specific product",
		"2": "no performance credit, no rebate", "13": "performance credit, no rebate",
	}, map[incentives.IncentivePolicy]string{
		incentives.PolicyNonSpecificProduct: incentives.PolicyNonSpecificProduct.String(),
		incentives.PolicySpecificProduct:    incentives.PolicySpecificProduct.String(),
		incentives.PolicyNoCreditNoRebate:   incentives.PolicyNoCreditNoRebate.String(),
		incentives.PolicyCreditNoRebate:     incentives.PolicyCreditNoRebate.String(),
	})
	for _, p := range []incentives.IncentivePolicy{"0", "1", "2", "13"} {
		assert.True(t, p.Known())
	}
	assert.Equal(t, "partner discount allowed", incentives.DiscountAllowed.String())
	assert.Equal(t, "no partner discount", incentives.DiscountNotAllowed.String())
	assert.True(t, incentives.DiscountAllowed.Allowed())
	assert.Equal(t, incentives.AllowDiscount("NO"), incentives.DiscountNotAllowed)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// recorder is a core.Requester that records what a service asks for.
type recorder struct {
	op     *core.Operation
	params any
}

func (r *recorder) Do(_ context.Context, op *core.Operation, params, result any) (core.ResponseMeta, error) {
	r.op, r.params = op, params
	return core.ResponseMeta{}, errors.New("recorded")
}

func TestNewService(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	svc := incentives.NewService(rec)
	_, err := svc.DiscountPolicies(t.Context(), &incentives.DiscountPoliciesParams{Month: feb2024()})
	require.EqualError(t, err, "recorded")
	require.NotNil(t, rec.op)
	assert.Equal(t, opName, rec.op.Name)
	assert.Equal(t, "incentives", rec.op.Service)
	assert.Equal(t, http.MethodGet, rec.op.Method)
	assert.Equal(t, "/v2/products/incentive-discount-policies", rec.op.Path)
	assert.False(t, rec.op.MovesMoney, "a query, so the transport may retry it")
}
