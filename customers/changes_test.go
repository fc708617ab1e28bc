package customers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func TestAccountChangesWire(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	// 20:00 UTC is the next day in Beijing.
	from := time.Date(2024, time.May, 1, 20, 0, 0, 0, time.UTC)
	to := time.Date(2024, time.May, 3, 1, 0, 0, 0, time.FixedZone("UTC-5", -5*3600))
	page, err := c.Customers.AccountChanges(t.Context(), &customers.AccountChangesParams{
		BalanceType: customers.BalanceCash, TradeType: customers.TradeAllocate, From: from, To: to,
		ResellerID: resellerID, ListOptions: core.ListOptions{Offset: 3, Limit: 50},
	})
	require.NoError(t, err)
	r := last(t, srv)
	assert.Equal(t, opChanges, string(r.Operation))
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "/v2/accounts/partner-accounts/account-change-records", r.Path)
	assert.Equal(t, url.Values{"balance_type": {"BALANCE_TYPE_DEBIT"}, "trade_type": {"BEADJUST"},
		"trade_time_begin": {"2024-05-02"}, "trade_time_end": {"2024-05-03"}, "indirect_partner_id": {resellerID},
		"offset": {"3"}, "limit": {"50"}}, r.Query)
	assert.Empty(t, r.Body)
	assert.Zero(t, page.Total)
	assert.Empty(t, page.Items)
}

func TestAccountChangesShowTheMoves(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	res, err := c.Customers.Transfer(t.Context(), &customers.TransferParams{CustomerID: funded, Amount: amount(t, "30.00")})
	require.NoError(t, err)
	_, err = c.Customers.Reclaim(t.Context(), &customers.ReclaimParams{CustomerID: funded, Amount: amount(t, "10.00")})
	require.NoError(t, err)
	page, err := c.Customers.AccountChanges(t.Context(), &customers.AccountChangesParams{BalanceType: customers.BalanceCash})
	require.NoError(t, err)
	assert.Equal(t, url.Values{"balance_type": {"BALANCE_TYPE_DEBIT"}}, last(t, srv).Query)
	require.Len(t, page.Items, 2)
	assert.Equal(t, 2, page.Total)
	// Newest first.
	re, ad := page.Items[0], page.Items[1]
	assert.Equal(t, customers.DetailAllocate, ad.DetailType)
	assert.Equal(t, res.TransactionID, ad.TradeID)
	assertAmount(t, "30.00", ad.Amount)
	assertAmount(t, "970.00", ad.BalanceAfter)
	assert.Equal(t, customers.Expense, ad.Direction)
	assert.Equal(t, funded, ad.CustomerID)
	assert.Equal(t, "zhao-studio", ad.AccountName)
	assert.Equal(t, "CNY", ad.Currency)
	assert.NotEmpty(t, ad.ID)
	assert.False(t, ad.Time.IsZero())
	assert.Equal(t, customers.DetailRetrieve, re.DetailType)
	assert.Equal(t, customers.Income, re.Direction)
	assertAmount(t, "980.00", re.BalanceAfter)

	// Filtered by kind, and the credit account has none.
	page, err = c.Customers.AccountChanges(t.Context(), &customers.AccountChangesParams{BalanceType: customers.BalanceCash, TradeType: customers.TradeRetrieve})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	page, err = c.Customers.AccountChanges(t.Context(), &customers.AccountChangesParams{BalanceType: customers.BalanceCredit})
	require.NoError(t, err)
	assert.Empty(t, page.Items)
	// A reseller's ledger needs its distributor.
	_, err = c.Customers.AccountChanges(t.Context(), &customers.AccountChangesParams{BalanceType: customers.BalanceCash, ResellerID: "r-unknown"})
	assert.True(t, core.HasCode(err, "CBC.99000037"))
}

func TestAccountChangesIter(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	for range 7 {
		_, err := c.Customers.Transfer(t.Context(), &customers.TransferParams{CustomerID: funded, Amount: amount(t, "1.00")})
		require.NoError(t, err)
	}
	srv.ResetRequests()
	var after []string
	for ch, err := range c.Customers.AccountChangesIter(t.Context(), &customers.AccountChangesParams{BalanceType: customers.BalanceCash,
		ListOptions: core.ListOptions{Limit: 3}}) {
		require.NoError(t, err)
		after = append(after, ch.BalanceAfter.String())
	}
	assert.Equal(t, []string{"993.00", "994.00", "995.00", "996.00", "997.00", "998.00", "999.00"}, after)
	assert.Equal(t, 3, srv.RequestCount(opChanges))
	n := 0
	for _, err := range c.Customers.AccountChangesIter(t.Context(), nil) {
		n++
		assert.Equal(t, []string{"balance_type"}, fields(t, err))
	}
	assert.Equal(t, 1, n)
}

func TestAccountChangesValidation(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	for _, tc := range []struct {
		p      customers.AccountChangesParams
		fields []string
	}{
		{customers.AccountChangesParams{}, []string{"balance_type"}},
		{customers.AccountChangesParams{BalanceType: "CASH", TradeType: "GIFT"}, []string{"balance_type", "trade_type"}},
		{customers.AccountChangesParams{BalanceType: customers.BalanceCash, From: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
			To: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}, []string{"trade_time_begin", "trade_time_end"}},
		{customers.AccountChangesParams{BalanceType: customers.BalanceCash, ResellerID: strings.Repeat("r", 65),
			ListOptions: core.ListOptions{Offset: -1, Limit: 101}}, []string{"indirect_partner_id", "offset", "limit"}},
	} {
		_, err := c.Customers.AccountChanges(t.Context(), &tc.p)
		assert.Equal(t, tc.fields, fields(t, err))
	}
	assert.Zero(t, srv.RequestCount(""))
	for _, tt := range []customers.TradeType{customers.TradeRecharge, customers.TradeDeduct, customers.TradeRefund, customers.TradeFreeze,
		customers.TradeTransfer, customers.TradeAdjust, customers.TradeAllocate, customers.TradeRetrieve, customers.TradeUnbind,
		customers.TradeBonusConvert, customers.TradeModeTransfer} {
		require.NoError(t, (&customers.AccountChangesParams{BalanceType: customers.BalanceCredit, TradeType: tt}).Validate())
	}
}

func TestAccountChangesErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status int
		code   string
		class  error
	}{
		{400, "CBC.0100", hwpartner.ErrInvalidRequest},
		{400, "CBC.99000037", hwpartner.ErrPermission},
		{403, "CBC.0151", hwpartner.ErrPermission},
		{500, "CBC.0999", nil},
	} {
		c, srv := setup(t)
		srv.InjectFault(opChanges, hwpartnertest.Fault{Status: tc.status, Code: tc.code})
		_, err := c.Customers.AccountChanges(t.Context(), &customers.AccountChangesParams{BalanceType: customers.BalanceCash})
		assert.True(t, core.HasCode(err, tc.code))
		if tc.class != nil {
			assert.ErrorIs(t, err, tc.class)
		}
	}
	assert.Equal(t, "income", customers.Income.String())
	assert.Equal(t, "expense", customers.Expense.String())
	assert.Equal(t, "9", customers.Direction("9").String())
}

func TestAccountChangesDefaultWindowIsBeijingTime(t *testing.T) {
	t.Parallel()
	// 17:00 UTC on May 1 is May 2 in Beijing: a move then is "today" on
	// May 2 and outside a window ending May 1.
	clock := &testClock{t: time.Date(2024, time.May, 1, 17, 0, 0, 0, time.UTC)}
	// The client corrects its clock from the gateway's first refusal.
	c, srv := setup(t)
	srv.SetClock(clock.Now)
	_, err := c.Customers.Transfer(t.Context(), &customers.TransferParams{CustomerID: funded, Amount: amount(t, "1.00")})
	require.NoError(t, err)
	page, err := c.Customers.AccountChanges(t.Context(), &customers.AccountChangesParams{BalanceType: customers.BalanceCash})
	require.NoError(t, err)
	assert.Len(t, page.Items, 1)
	page, err = c.Customers.AccountChanges(t.Context(), &customers.AccountChangesParams{BalanceType: customers.BalanceCash,
		To: time.Date(2024, time.May, 1, 12, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	assert.Empty(t, page.Items)
}
