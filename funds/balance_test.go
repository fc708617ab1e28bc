package funds_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func TestBalanceOfAReseller(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	b, err := c.Funds.Balance(t.Context(), resellerID)
	require.NoError(t, err)

	r := last(t, srv)
	assert.Equal(t, opBalances, string(r.Operation))
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "/v2/accounts/partner-accounts/balances", r.Path)
	assert.Equal(t, url.Values{"indirect_partner_id": {resellerID}}, r.Query)
	assert.Empty(t, r.Body)

	cash, ok := b.Account(funds.AccountCash)
	require.True(t, ok)
	assertAmount(t, "100.00", cash.Amount)
	assert.Equal(t, "CNY", cash.Currency)
	assert.Equal(t, funds.MeasureYuan, cash.MeasureID)
	assert.NotEmpty(t, cash.AccountID)
	require.NotNil(t, cash.DesignatedAmount)
	assert.True(t, cash.DesignatedAmount.IsZero())
	_, ok = b.Account(funds.AccountCredit)
	assert.False(t, ok)
	assert.Equal(t, http.StatusOK, b.StatusCode)
	assert.NotEmpty(t, b.RequestID)
}

func TestOwnBalance(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	b, err := c.Funds.OwnBalance(t.Context())
	require.NoError(t, err)
	assert.Empty(t, last(t, srv).Query)
	cash, ok := b.Account(funds.AccountCash)
	require.True(t, ok)
	assertAmount(t, "1000.00", cash.Amount)
}

func TestBalanceIsExactBeyondFloatPrecision(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	// 16 significant digits: a float64 cannot hold this value.
	require.NoError(t, srv.SetBalance(resellerID, hwpartnertest.MustParseAmount(t, "98765432109876.53")))
	b, err := c.Funds.Balance(t.Context(), resellerID)
	require.NoError(t, err)
	cash, _ := b.Account(funds.AccountCash)
	assert.Equal(t, "98765432109876.53", cash.Amount.String())
}

func TestBalanceValidation(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	for _, id := range []string{"", strings.Repeat("r", 65)} {
		_, err := c.Funds.Balance(t.Context(), id)
		var ve *hwpartner.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, opBalances, string(ve.Operation))
		assert.True(t, ve.Has("indirect_partner_id"))
	}
	assert.Zero(t, srv.RequestCount(""))
}

func TestBalanceOfSomeoneElsesReseller(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	seedOther(t, srv)
	for _, id := range []string{theirs, "no-such-reseller"} {
		_, err := c.Funds.Balance(t.Context(), id)
		assert.ErrorIs(t, err, hwpartner.ErrPermission)
		assert.True(t, hwpartner.IsPermission(err))
		var apiErr *hwpartner.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "CBC.99000037", apiErr.Code)
		assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	}
}

func TestBalanceByAccountKind(t *testing.T) {
	t.Parallel()
	t.Run("solution provider reads its own accounts", func(t *testing.T) {
		t.Parallel()
		_, srv := setup(t)
		sp := asKind(t, srv, hwpartnertest.SolutionProvider)
		require.NoError(t, srv.SetBalance("d-solution provider", hwpartnertest.MustParseAmount(t, "7.00")))
		// As documented, the reseller id is ignored for non-distributors.
		b, err := sp.Funds.Balance(t.Context(), resellerID)
		require.NoError(t, err)
		cash, _ := b.Account(funds.AccountCash)
		assertAmount(t, "7.00", cash.Amount)
	})
	for _, kind := range []hwpartnertest.AccountKind{hwpartnertest.Reseller, hwpartnertest.NotPartner} {
		t.Run(kind.String()+" is refused", func(t *testing.T) {
			t.Parallel()
			_, srv := setup(t)
			_, err := asKind(t, srv, kind).Funds.OwnBalance(t.Context())
			assert.ErrorIs(t, err, hwpartner.ErrPermission)
		})
	}
}

// The documented codes of the two fund read endpoints (api.md §3.5).
var readErrors = []struct {
	status int
	code   string
	class  error
}{
	{400, "CBC.0100", hwpartner.ErrInvalidRequest},
	{400, "CBC.99000037", hwpartner.ErrPermission},
	{403, "CBC.0151", hwpartner.ErrPermission},
	{200, "CBC.5001", hwpartner.ErrPermission},
	{500, "CBC.0999", nil},
}

func TestReadDocumentedErrors(t *testing.T) {
	t.Parallel()
	reads := map[string]func(c *hwpartner.Client) error{
		opBalances: func(c *hwpartner.Client) error { _, err := c.Funds.Balance(t.Context(), resellerID); return err },
		opRecords:  func(c *hwpartner.Client) error { _, err := c.Funds.Records(t.Context(), nil); return err },
	}
	for op, read := range reads {
		for _, tc := range readErrors {
			t.Run(op+" "+tc.code, func(t *testing.T) {
				t.Parallel()
				c, srv := setup(t)
				srv.InjectFault(hwpartnertest.Op(op), hwpartnertest.Fault{Status: tc.status, Code: tc.code})
				err := read(c)
				var apiErr *hwpartner.Error
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, tc.code, apiErr.Code)
				assert.Equal(t, tc.status, apiErr.StatusCode)
				assert.Equal(t, op, string(apiErr.Operation))
				assert.NotEmpty(t, apiErr.RequestID)
				if tc.class != nil {
					assert.ErrorIs(t, err, tc.class)
				}
				want := 1
				if tc.status >= 500 {
					want = 4 // a query: retried
				}
				assert.Equal(t, want, srv.RequestCount(hwpartnertest.Op(op)))
			})
		}
	}
}

func TestAccountTypeNames(t *testing.T) {
	t.Parallel()
	for typ, want := range map[funds.AccountType]string{
		funds.AccountCash: "cash", funds.AccountCredit: "credit", funds.AccountReward: "reward",
		funds.AccountDeposit: "deposit", funds.AccountAllocatable: "allocatable",
	} {
		assert.Equal(t, want, typ.String())
	}
	assert.Equal(t, "unknown", funds.AccountType(42).String())
}

func TestRecordPrintsWithoutTheCustomerName(t *testing.T) {
	t.Parallel()
	r := funds.Record{TransactionID: "T1", CustomerID: "c1", CustomerName: "Li Xiaoming", OperationType: funds.OperationTransfer, Amount: amount(t, "1.50")}
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("record", "r", r)
	for _, s := range []string{fmt.Sprint(r), fmt.Sprintf("%v %+v %#v %s", r, r, r, &r), r.String(), r.GoString(), logged.String()} {
		assert.NotContains(t, s, "Li Xiaoming")
		assert.Contains(t, s, "T1")
		assert.Contains(t, s, "1.50")
	}
}

func TestOperationTypeNames(t *testing.T) {
	t.Parallel()
	for typ, want := range map[funds.OperationType]string{
		funds.OperationTransfer: "transfer", funds.OperationReclaim: "reclaim", funds.OperationUnbindReclaim: "unbind reclaim",
	} {
		assert.Equal(t, want, typ.String())
	}
	// An operation type the SDK does not know prints as sent.
	assert.Equal(t, "SOURCE_OPERATION_NEW", funds.OperationType("SOURCE_OPERATION_NEW").String())
}
