package customers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func TestFreezeAndUnfreeze(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	p := &customers.FreezeParams{CustomerIDs: []string{resale, funded}, Reason: "unpaid", Type: customers.FreezeAccountAndResource}
	res, err := c.Customers.Freeze(t.Context(), p)
	require.NoError(t, err, "partial failure is an answer, not an error")
	r := last(t, srv)
	assert.Equal(t, opFreeze, string(r.Operation))
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/v2/partners/sub-customers/freeze", r.Path)
	assert.JSONEq(t, `{"customer_ids":["c-resale","c-funded"],"reason":"unpaid","freeze_type":"ACCOUNT_AND_RESOURCE"}`, string(r.Body))
	assert.True(t, res.Failed())
	require.Len(t, res.Errors, 1)
	assert.Equal(t, funded, res.Errors[0].CustomerID)
	assert.Equal(t, "CBC.99000035", res.Errors[0].Code)
	assert.NotEmpty(t, res.Errors[0].Message)
	assert.Equal(t, []string{resale}, res.Succeeded(p))
	assert.Equal(t, "ACCOUNT_AND_RESOURCE", srv.CustomerFrozen(resale))
	cu, err := c.Customers.Get(t.Context(), resale)
	require.NoError(t, err)
	assert.Equal(t, customers.AccountAndResourceFrozen, cu.Frozen)

	// Unfreezing must name the freeze type.
	res, err = c.Customers.Unfreeze(t.Context(), &customers.FreezeParams{CustomerIDs: []string{resale}, Reason: "paid"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"customer_ids":["c-resale"],"reason":"paid"}`, string(last(t, srv).Body))
	assert.True(t, res.Failed())
	res, err = c.Customers.Unfreeze(t.Context(), &customers.FreezeParams{CustomerIDs: []string{resale}, Reason: "paid", Type: customers.FreezeAccountAndResource})
	require.NoError(t, err)
	assert.Equal(t, opUnfreeze, string(last(t, srv).Operation))
	assert.JSONEq(t, `{"customer_ids":["c-resale"],"reason":"paid","unfreeze_type":"ACCOUNT_AND_RESOURCE"}`, string(last(t, srv).Body))
	assert.False(t, res.Failed())
	assert.Empty(t, srv.CustomerFrozen(resale))
}

func TestFreezeValidation(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = fmt.Sprint(i)
	}
	for _, tc := range []struct {
		p      customers.FreezeParams
		fields []string
	}{
		{customers.FreezeParams{}, []string{"customer_ids", "reason"}},
		{customers.FreezeParams{CustomerIDs: eleven, Reason: strings.Repeat("r", 257), ResellerID: strings.Repeat("x", 65), Type: "ALL"},
			[]string{"customer_ids", "reason", "indirect_partner_id", "freeze_type"}},
		{customers.FreezeParams{CustomerIDs: []string{""}, Reason: "x"}, []string{"customer_ids[0]"}},
	} {
		_, err := c.Customers.Freeze(t.Context(), &tc.p)
		assert.Equal(t, tc.fields, fields(t, err))
	}
	_, err := c.Customers.Unfreeze(t.Context(), &customers.FreezeParams{CustomerIDs: []string{"a"}, Reason: "x", Type: "ALL"})
	assert.Equal(t, []string{"unfreeze_type"}, fields(t, err))
	_, err = c.Customers.Freeze(t.Context(), nil)
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	assert.Zero(t, srv.RequestCount(""))
	require.NoError(t, (&customers.FreezeParams{CustomerIDs: eleven[:10], Reason: strings.Repeat("r", 256)}).Validate())
}

func TestFreezeOnTheInternationalSite(t *testing.T) {
	t.Parallel()
	mt := newMock(t)
	mt.answer(http.MethodPost, "/v2/partners/sub-customers/freeze", 200,
		`{"error_details":[{"id":"c2","error_code":"CBC.99000035","error_msg":"not yours"}]}`)
	mt.answer(http.MethodPost, "/v2/partners/sub-customers/unfreeze", 200, `{}`)
	c := mockClient(t, mt, hwpartner.SiteEU)
	p := &customers.FreezeParams{CustomerIDs: []string{"c1", "c2"}, Reason: "risk", ResellerID: "r1"}
	res, err := c.Customers.Freeze(t.Context(), p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"customer_ids":["c1","c2"],"reason":"risk","indirect_partner_id":"r1"}`, mt.last().body)
	assert.Equal(t, []string{"c1"}, res.Succeeded(p))
	res, err = c.Customers.Unfreeze(t.Context(), p)
	require.NoError(t, err)
	assert.False(t, res.Failed())
	assert.Equal(t, []string{"c1", "c2"}, res.Succeeded(p))
}

func TestFreezeErrors(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	srv.InjectFault(opFreeze, hwpartnertest.Fault{Status: 403, Code: "CBC.0151", Times: 1})
	_, err := c.Customers.Freeze(t.Context(), &customers.FreezeParams{CustomerIDs: []string{resale}, Reason: "x"})
	assert.ErrorIs(t, err, hwpartner.ErrPermission)
	// Freezing twice leaves the same state: retried after a 5xx.
	srv.InjectFault(opFreeze, hwpartnertest.Fault{Status: 502, Times: 1})
	res, err := c.Customers.Freeze(t.Context(), &customers.FreezeParams{CustomerIDs: []string{resale}, Reason: "x"})
	require.NoError(t, err)
	assert.False(t, res.Failed())
	assert.Equal(t, 2, res.Attempts)
}
