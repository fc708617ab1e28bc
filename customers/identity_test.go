package customers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func TestCheckIdentity(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	res, err := c.Customers.CheckIdentity(t.Context(), &customers.CheckIdentityParams{Type: customers.SearchName, Value: "zhao-studio"})
	require.NoError(t, err)
	r := last(t, srv)
	assert.Equal(t, opCheck, string(r.Operation))
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/v2/partners/sub-customers/users/check-identity", r.Path)
	assert.JSONEq(t, `{"search_type":"name","search_value":"zhao-studio"}`, string(r.Body))
	assert.False(t, res.Available, "the login name is taken")
	assert.Equal(t, customers.CheckUsedByUser, res.Result)
	assert.Nil(t, res.MobileRemaining)
	assert.NotEmpty(t, res.RequestID)

	res, err = c.Customers.CheckIdentity(t.Context(), &customers.CheckIdentityParams{Type: customers.SearchName, Value: "-new-name_1"})
	require.NoError(t, err)
	assert.True(t, res.Available)
	assert.Equal(t, customers.CheckAvailable, res.Result)

	res, err = c.Customers.CheckIdentity(t.Context(), &customers.CheckIdentityParams{Type: customers.SearchEmail, Value: "ZHAO@example.com"})
	require.NoError(t, err)
	assert.False(t, res.Available)

	res, err = c.Customers.CheckIdentity(t.Context(), &customers.CheckIdentityParams{Type: customers.SearchMobile, Value: "0086-13800000009"})
	require.NoError(t, err)
	assert.True(t, res.Available)
	require.NotNil(t, res.MobileRemaining)
	assert.Equal(t, 5, *res.MobileRemaining)
}

func TestCheckIdentityValidation(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	cases := []struct {
		p      customers.CheckIdentityParams
		fields []string
	}{
		{customers.CheckIdentityParams{}, []string{"search_value", "search_type"}},
		{customers.CheckIdentityParams{Type: "phone", Value: "x"}, []string{"search_type"}},
		{customers.CheckIdentityParams{Type: customers.SearchName, Value: "abcd"}, []string{"search_value"}},
		{customers.CheckIdentityParams{Type: customers.SearchName, Value: strings.Repeat("a", 33)}, []string{"search_value"}},
		{customers.CheckIdentityParams{Type: customers.SearchName, Value: "_abcde"}, []string{"search_value"}},
		{customers.CheckIdentityParams{Type: customers.SearchName, Value: "1abcde"}, []string{"search_value"}},
		{customers.CheckIdentityParams{Type: customers.SearchName, Value: "op_abcde"}, []string{"search_value"}},
		{customers.CheckIdentityParams{Type: customers.SearchName, Value: "shadow_abc"}, []string{"search_value"}},
		{customers.CheckIdentityParams{Type: customers.SearchName, Value: "ab.cde"}, []string{"search_value"}},
		{customers.CheckIdentityParams{Type: customers.SearchMobile, Value: "13800000000"}, []string{"search_value"}},
		{customers.CheckIdentityParams{Type: customers.SearchMobile, Value: "86-13800000000"}, []string{"search_value"}},
		{customers.CheckIdentityParams{Type: customers.SearchEmail, Value: "no-at-sign"}, []string{"search_value"}},
		{customers.CheckIdentityParams{Type: customers.SearchEmail, Value: strings.Repeat("a", 60) + "@b.cn"}, []string{"search_value"}},
	}
	for _, tc := range cases {
		_, err := c.Customers.CheckIdentity(t.Context(), &tc.p)
		assert.Equal(t, tc.fields, fields(t, err), tc.p.String())
		assert.NotContains(t, err.Error(), "13800000000")
	}
	_, err := c.Customers.CheckIdentity(t.Context(), nil)
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	assert.Zero(t, srv.RequestCount(""))

	// Any country code on an explicit endpoint; 0086 only on the China site.
	require.NoError(t, (&customers.CheckIdentityParams{Type: customers.SearchMobile, Value: "0052-5512345678"}).Validate())
	mt := newMock(t)
	mt.answer(http.MethodPost, "/v2/partners/sub-customers/users/check-identity", 200, `{"check_result":"available"}`)
	cn := mockClient(t, mt, hwpartner.SiteChina)
	_, err = cn.Customers.CheckIdentity(t.Context(), &customers.CheckIdentityParams{Type: customers.SearchMobile, Value: "0052-5512345678"})
	assert.Equal(t, []string{"search_value"}, fields(t, err))
	intl := mockClient(t, mt, hwpartner.SiteInternational)
	_, err = intl.Customers.CheckIdentity(t.Context(), &customers.CheckIdentityParams{Type: customers.SearchMobile, Value: "0052-5512345678"})
	require.NoError(t, err)
	assert.Equal(t, 1, mt.calls())
}

func TestCheckIdentityMobileLimit(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	srv.ConfigureCustomers(hwpartnertest.CustomerRules{DirectCustomers: true, MobileRegistrations: 1})
	createWithMobile(t, c, srv, "u-77", "13800000077")
	res, err := c.Customers.CheckIdentity(t.Context(), &customers.CheckIdentityParams{Type: customers.SearchMobile, Value: "0086-13800000077"})
	require.NoError(t, err)
	assert.False(t, res.Available)
	require.NotNil(t, res.MobileRemaining)
	assert.Zero(t, *res.MobileRemaining)
}

func TestCheckIdentityErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status int
		code   string
		class  error
	}{
		{400, "CBC.0100", hwpartner.ErrInvalidRequest},
		{403, "CBC.0151", hwpartner.ErrPermission},
		{429, "CBC.0250", hwpartner.ErrThrottled},
		{500, "CBC.0999", nil},
	} {
		c, srv := setup(t)
		srv.InjectFault(opCheck, hwpartnertest.Fault{Status: tc.status, Code: tc.code})
		_, err := c.Customers.CheckIdentity(t.Context(), &customers.CheckIdentityParams{Type: customers.SearchName, Value: "abcdef"})
		assert.True(t, core.HasCode(err, tc.code), tc.code)
		if tc.class != nil {
			assert.ErrorIs(t, err, tc.class)
		}
	}
	// An answer the SDK cannot read is not taken as available.
	mt := newMock(t)
	mt.answer(http.MethodPost, "/v2/partners/sub-customers/users/check-identity", 200, `{"check_result":"maybe"}`)
	_, err := mockClient(t, mt, hwpartner.SiteChina).Customers.CheckIdentity(t.Context(),
		&customers.CheckIdentityParams{Type: customers.SearchName, Value: "abcdef"})
	var opErr *hwpartner.OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Contains(t, err.Error(), "maybe")
}
