package customers_test

import (
	"fmt"
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

func TestBalances(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	res, err := c.Customers.Balances(t.Context(), &customers.BalancesParams{CustomerIDs: []string{funded, referral, "nobody", funded}})
	require.NoError(t, err)
	r := last(t, srv)
	assert.Equal(t, opBalances, string(r.Operation))
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/v2/accounts/customer-accounts/balances/batch-query", r.Path)
	assert.JSONEq(t, `{"customer_infos":[{"customer_id":"c-funded"},{"customer_id":"c-referral"},{"customer_id":"nobody"},{"customer_id":"c-funded"}]}`,
		string(r.Body))
	// Referral and unknown customers are left out, as the API does.
	require.Len(t, res.Balances, 1)
	b, ok := res.Balance(funded)
	require.True(t, ok)
	require.NotNil(t, b.Amount)
	assertAmount(t, "100.00", *b.Amount)
	require.NotNil(t, b.DebtAmount)
	assert.True(t, b.DebtAmount.IsZero())
	assert.Equal(t, "CNY", b.Currency)
	assert.Equal(t, customers.MeasureYuan, b.MeasureID)
	_, ok = res.Balance(referral)
	assert.False(t, ok)
	assert.NotEmpty(t, res.RequestID)

	res, err = c.Customers.Balances(t.Context(), &customers.BalancesParams{CustomerIDs: []string{ofReseller}, ResellerID: resellerID})
	require.NoError(t, err)
	assert.JSONEq(t, `{"customer_infos":[{"customer_id":"c-acme-1"}],"indirect_partner_id":"r-acme"}`, string(last(t, srv).Body))
	b, ok = res.Balance(ofReseller)
	require.True(t, ok)
	assertAmount(t, "40.00", *b.Amount)

	_, err = c.Customers.Balances(t.Context(), &customers.BalancesParams{CustomerIDs: []string{ofReseller}, ResellerID: "r-unknown"})
	assert.True(t, core.HasCode(err, "CBC.99000037"))
}

func TestBalancesDecodeExactly(t *testing.T) {
	t.Parallel()
	mt := newMock(t)
	mt.answer(http.MethodPost, "/v2/accounts/customer-accounts/balances/batch-query", 200,
		`{"customer_balances":[{"customer_id":"a","amount":98765432109876.53,"debt_amount":"0.10","currency":"CNY","measure_id":1},{"customer_id":"b"}]}`)
	res, err := mockClient(t, mt, hwpartner.SiteChina).Customers.Balances(t.Context(), &customers.BalancesParams{CustomerIDs: []string{"a", "b"}})
	require.NoError(t, err)
	a, _ := res.Balance("a")
	assert.Equal(t, "98765432109876.53", a.Amount.String())
	assert.Equal(t, "0.10", a.DebtAmount.String())
	b, _ := res.Balance("b")
	assert.Nil(t, b.Amount, "an absent amount is not a zero balance")
}

func TestBalancesValidation(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprint(i)
	}
	for _, tc := range []struct {
		p      customers.BalancesParams
		fields []string
	}{
		{customers.BalancesParams{}, []string{"customer_infos"}},
		{customers.BalancesParams{CustomerIDs: many}, []string{"customer_infos"}},
		{customers.BalancesParams{CustomerIDs: []string{"a", "", strings.Repeat("c", 65)}}, []string{"customer_infos[1]", "customer_infos[2]"}},
		{customers.BalancesParams{CustomerIDs: []string{"a"}, ResellerID: strings.Repeat("r", 65)}, []string{"indirect_partner_id"}},
	} {
		_, err := c.Customers.Balances(t.Context(), &tc.p)
		assert.Equal(t, tc.fields, fields(t, err))
	}
	_, err := c.Customers.Balances(t.Context(), nil)
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	assert.Zero(t, srv.RequestCount(""))
	require.NoError(t, (&customers.BalancesParams{CustomerIDs: many[:100]}).Validate())
}

func TestBalancesStrictAndErrors(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	srv.ConfigureCustomers(hwpartnertest.CustomerRules{StrictBalances: true})
	_, err := c.Customers.Balances(t.Context(), &customers.BalancesParams{CustomerIDs: []string{"nobody"}})
	assert.ErrorIs(t, err, hwpartner.ErrNotFound)
	assert.True(t, core.HasCode(err, "CBC.5002"))
	for _, tc := range []struct {
		status int
		code   string
		class  error
	}{
		{400, "CBC.0100", hwpartner.ErrInvalidRequest},
		{403, "CBC.0151", hwpartner.ErrPermission},
		{200, "CBC.5002", hwpartner.ErrNotFound},
		{500, "CBC.0999", nil},
	} {
		srv.InjectFault(opBalances, hwpartnertest.Fault{Status: tc.status, Code: tc.code})
		_, err := c.Customers.Balances(t.Context(), &customers.BalancesParams{CustomerIDs: []string{funded}})
		assert.True(t, core.HasCode(err, tc.code), tc.code)
		if tc.class != nil {
			assert.ErrorIs(t, err, tc.class)
		}
		srv.ClearFaults()
	}
}
