package customers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func TestBudgetsAgainstTheFake(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	b, err := c.Customers.ShowBudget(t.Context(), &customers.BudgetParams{CustomerID: resale})
	require.NoError(t, err)
	r := last(t, srv)
	assert.Equal(t, opShowBudget, string(r.Operation))
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "/v2/partners/sub-customers/budget", r.Path)
	assert.Equal(t, url.Values{"customer_id": {resale}}, r.Query)
	assert.True(t, b.Amount.IsZero())
	assert.Equal(t, "USD", b.Currency)

	mode := customers.FreezeAutomatic
	_, err = c.Customers.SetBudget(t.Context(), &customers.SetBudgetParams{CustomerID: resale, Amount: amount(t, "250.50"),
		Unfreeze: true, Type: customers.BudgetPackage, FreezeMode: &mode})
	require.NoError(t, err)
	r = last(t, srv)
	assert.Equal(t, opSetBudget, string(r.Operation))
	assert.Equal(t, http.MethodPost, r.Method)
	assert.JSONEq(t, `{"customer_id":"c-resale","budget_amount":"250.50","cancel_partner_frozen":"1","budget_type":"PACKAGE","frozen_operate_type":1}`,
		string(r.Body))
	assert.Empty(t, srv.CustomerFrozen(resale), "unfrozen with the budget")

	b, err = c.Customers.ShowBudget(t.Context(), &customers.BudgetParams{CustomerID: resale})
	require.NoError(t, err)
	assertAmount(t, "250.50", b.Amount)
	assert.Equal(t, customers.BudgetPackage, b.Type)

	// Manual freezing is 0, and is sent.
	manual := customers.FreezeManual
	_, err = c.Customers.SetBudget(t.Context(), &customers.SetBudgetParams{CustomerID: resale, Amount: amount(t, "300"), FreezeMode: &manual})
	require.NoError(t, err)
	assert.JSONEq(t, `{"customer_id":"c-resale","budget_amount":"300.00","frozen_operate_type":0}`, string(last(t, srv).Body))

	list, err := c.Customers.ListBudgets(t.Context(), &customers.ListBudgetsParams{CustomerIDs: []string{resale, funded, "nobody"}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"customer_ids":["c-resale","c-funded","nobody"]}`, string(last(t, srv).Body))
	require.Len(t, list.Budgets, 1, "customers that are not resale ones are left out")
	bi, ok := list.Budget(resale)
	require.True(t, ok)
	assertAmount(t, "300.00", bi.Amount)
	assert.Equal(t, customers.BudgetMonthly, bi.Type)
	assert.Equal(t, "USD", list.Currency)
	_, ok = list.Budget(funded)
	assert.False(t, ok)

	recs, err := c.Customers.BudgetRecords(t.Context(), &customers.BudgetRecordsParams{CustomerID: resale,
		OperationType: customers.BudgetSet, ListOptions: core.ListOptions{Limit: 1}})
	require.NoError(t, err)
	assert.Equal(t, url.Values{"customer_id": {resale}, "operation_type": {"SETTING"}, "limit": {"1"}}, last(t, srv).Query)
	assert.Equal(t, 2, recs.Total)
	require.Len(t, recs.Items, 1)
	assertAmount(t, "300.00", recs.Items[0].Amount)
	assert.Equal(t, "USD", recs.Items[0].Currency)
	assert.Equal(t, 1, recs.Items[0].MeasureID)
	var all []string
	for rec, err := range c.Customers.BudgetRecordsIter(t.Context(), &customers.BudgetRecordsParams{CustomerID: resale, ListOptions: core.ListOptions{Limit: 1}}) {
		require.NoError(t, err)
		all = append(all, rec.Amount.String())
	}
	assert.Equal(t, []string{"300.00", "250.50"}, all)

	// Customers that are not resale ones are refused.
	_, err = c.Customers.ShowBudget(t.Context(), &customers.BudgetParams{CustomerID: funded})
	assert.True(t, core.HasCode(err, "CBC.99000035"))
}

func TestBudgetValidation(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	long := strings.Repeat("x", 65)
	_, err := c.Customers.ShowBudget(t.Context(), &customers.BudgetParams{ResellerID: long})
	assert.Equal(t, []string{"customer_id", "indirect_partner_id"}, fields(t, err))
	bad := customers.FreezeMode(2)
	_, err = c.Customers.SetBudget(t.Context(), &customers.SetBudgetParams{Amount: amount(t, "2147483647.01"), Type: "WEEKLY", FreezeMode: &bad})
	assert.Equal(t, []string{"customer_id", "budget_amount", "budget_type", "frozen_operate_type"}, fields(t, err))
	_, err = c.Customers.SetBudget(t.Context(), &customers.SetBudgetParams{CustomerID: resale, Amount: amount(t, "0.001")})
	assert.Equal(t, []string{"budget_amount"}, fields(t, err))
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprint(i)
	}
	_, err = c.Customers.ListBudgets(t.Context(), &customers.ListBudgetsParams{CustomerIDs: many})
	assert.Equal(t, []string{"customer_ids"}, fields(t, err))
	_, err = c.Customers.ListBudgets(t.Context(), nil)
	assert.Equal(t, []string{"customer_ids"}, fields(t, err))
	_, err = c.Customers.BudgetRecords(t.Context(), &customers.BudgetRecordsParams{OperationType: "ADD", Type: "X",
		ListOptions: core.ListOptions{Limit: 101}})
	assert.Equal(t, []string{"customer_id", "operation_type", "budget_type", "limit"}, fields(t, err))
	_, err = c.Customers.SetBudget(t.Context(), nil)
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	_, err = c.Customers.ShowBudget(t.Context(), nil)
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	_, err = c.Customers.BudgetRecords(t.Context(), nil)
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	assert.Zero(t, srv.RequestCount(""))
	require.NoError(t, (&customers.SetBudgetParams{CustomerID: "c", Amount: amount(t, "2147483647.00")}).Validate())
	require.NoError(t, (&customers.ListBudgetsParams{CustomerIDs: many[:100]}).Validate())
}

func TestBudgetsOnTheInternationalSite(t *testing.T) {
	t.Parallel()
	mt := newMock(t)
	mt.answer(http.MethodGet, "/v2/partners/sub-customers/budget", 200,
		`{"budget_amount":1000.5,"used_amount":"12.34","measure_id":1,"currency":"USD","budget_type":"MONTHLY"}`)
	mt.answer(http.MethodPost, "/v2/partners/sub-customers/budget", http.StatusNoContent, "")
	mt.answer(http.MethodPost, "/v2/partners/sub-customers/budget/query", 200,
		`{"measure_id":1,"currency":"USD","budget_infos":[{"customer_id":"c1","budget_amount":"5","used_amount":0,"budget_type":"PACKAGE"}]}`)
	mt.answer(http.MethodGet, "/v2/partners/sub-customers/budget/records", 200,
		`{"total_count":1,"measure_id":1,"currency":"USD","record_list":[{"budget_amount":5,"operation_type":"DELETE",`+
			`"operation_time":"2024-05-01T08:00:00Z","operator":"system","budget_type":"PACKAGE","partner_corp_name":"P","partner_account_name":"p"}]}`)
	c := mockClient(t, mt, hwpartner.SiteInternational)
	b, err := c.Customers.ShowBudget(t.Context(), &customers.BudgetParams{CustomerID: "c1", ResellerID: "r1"})
	require.NoError(t, err)
	assert.Equal(t, url.Values{"customer_id": {"c1"}, "indirect_partner_id": {"r1"}}, mt.last().query)
	assert.Equal(t, "1000.50", b.Amount.String())
	assert.Equal(t, "12.34", b.Used.String())
	assert.Equal(t, customers.BudgetMonthly, b.Type)
	res, err := c.Customers.SetBudget(t.Context(), &customers.SetBudgetParams{CustomerID: "c1", ResellerID: "r1", Amount: amount(t, "7")})
	require.NoError(t, err, "204 is success")
	assert.Equal(t, http.StatusNoContent, res.StatusCode)
	assert.JSONEq(t, `{"customer_id":"c1","budget_amount":"7.00","indirect_partner_id":"r1"}`, mt.last().body)
	list, err := c.Customers.ListBudgets(t.Context(), &customers.ListBudgetsParams{CustomerIDs: []string{"c1"}, ResellerID: "r1"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"customer_ids":["c1"],"indirect_partner_id":"r1"}`, mt.last().body)
	assert.Equal(t, customers.BudgetPackage, list.Budgets[0].Type)
	recs, err := c.Customers.BudgetRecords(t.Context(), &customers.BudgetRecordsParams{CustomerID: "c1", Type: customers.BudgetPackage})
	require.NoError(t, err)
	assert.Equal(t, url.Values{"customer_id": {"c1"}, "budget_type": {"PACKAGE"}}, mt.last().query)
	require.Len(t, recs.Items, 1)
	assert.Equal(t, customers.BudgetDeleted, recs.Items[0].OperationType)
	assert.Equal(t, "system", recs.Items[0].Operator)
	assert.Equal(t, "P", recs.Items[0].PartnerCorpName)
	assert.Equal(t, "p", recs.Items[0].PartnerAccountName)
}

func TestBudgetErrors(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	srv.InjectFault(opSetBudget, hwpartnertest.Fault{Status: 400, Code: "CBC.99000035", Times: 1})
	_, err := c.Customers.SetBudget(t.Context(), &customers.SetBudgetParams{CustomerID: resale, Amount: amount(t, "1")})
	assert.ErrorIs(t, err, hwpartner.ErrPermission)
	// Setting a budget is idempotent: a 5xx is retried.
	srv.InjectFault(opSetBudget, hwpartnertest.Fault{Status: 503, Times: 1})
	_, err = c.Customers.SetBudget(t.Context(), &customers.SetBudgetParams{CustomerID: resale, Amount: amount(t, "1")})
	require.NoError(t, err)
	assert.Equal(t, 3, srv.RequestCount(opSetBudget))
	_, err = c.Customers.ShowBudget(t.Context(), &customers.BudgetParams{CustomerID: resale, ResellerID: "r-unknown"})
	assert.True(t, core.HasCode(err, "CBC.99000037"))
}
