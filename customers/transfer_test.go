package customers_test

import (
	"context"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// mover runs Transfer or Reclaim, so each money test covers both.
type mover struct {
	op     string
	path   string
	opType customers.OperationType
	move   func(ctx context.Context, c *hwpartner.Client, p moveArgs) (string, core.ResponseMeta, error)
	// after are the distributor's and c-funded's balances after moving
	// 30.00 from the setup balances (1000.00 and 100.00).
	afterDistributor, afterCustomer string
}

type moveArgs struct {
	customer, reseller string
	amount             core.Amount
}

var movers = []mover{
	{
		op: opTransfer, path: "/v2/accounts/partner-accounts/adjust-amount", opType: customers.OperationTransfer,
		move: func(ctx context.Context, c *hwpartner.Client, a moveArgs) (string, core.ResponseMeta, error) {
			r, err := c.Customers.Transfer(ctx, &customers.TransferParams{CustomerID: a.customer, ResellerID: a.reseller, Amount: a.amount})
			if err != nil {
				return "", core.ResponseMeta{}, err
			}
			return r.TransactionID, r.ResponseMeta, nil
		},
		afterDistributor: "970.00", afterCustomer: "130.00",
	},
	{
		op: opReclaim, path: "/v2/accounts/partner-accounts/reclaim", opType: customers.OperationReclaim,
		move: func(ctx context.Context, c *hwpartner.Client, a moveArgs) (string, core.ResponseMeta, error) {
			r, err := c.Customers.Reclaim(ctx, &customers.ReclaimParams{CustomerID: a.customer, ResellerID: a.reseller, Amount: a.amount})
			if err != nil {
				return "", core.ResponseMeta{}, err
			}
			return r.TransactionID, r.ResponseMeta, nil
		},
		afterDistributor: "1030.00", afterCustomer: "70.00",
	},
}

func forEachMover(t *testing.T, f func(t *testing.T, m mover)) {
	t.Helper()
	for _, m := range movers {
		t.Run(m.op, func(t *testing.T) {
			t.Parallel()
			f(t, m)
		})
	}
}

// The setup's books: distributor 1000, reseller 500, c-funded 100,
// c-acme-1 40.
const setupTotal = "1640.00"

func assertUnmoved(t *testing.T, srv *hwpartnertest.Server) {
	t.Helper()
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "1000.00"), srv.Balance(srv.DomainID()))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "100.00"), srv.CustomerBalance(funded))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "500.00"), srv.Balance(resellerID))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "40.00"), srv.CustomerBalance(ofReseller))
	assert.Equal(t, setupTotal, srv.TotalBalance().String())
	assert.Empty(t, srv.AdjustRecords())
}

func assertMovedOnce(t *testing.T, srv *hwpartnertest.Server, m mover) {
	t.Helper()
	assert.Equal(t, m.afterDistributor, srv.Balance(srv.DomainID()).String())
	assert.Equal(t, m.afterCustomer, srv.CustomerBalance(funded).String())
	assert.Equal(t, setupTotal, srv.TotalBalance().String())
	require.Len(t, srv.AdjustRecords(), 1)
}

func thirty(t *testing.T) moveArgs { return moveArgs{customer: funded, amount: amount(t, "30.00")} }

func TestMoveWireAndBooks(t *testing.T) {
	t.Parallel()
	forEachMover(t, func(t *testing.T, m mover) {
		c, srv := setup(t)
		id, meta, err := m.move(t.Context(), c, thirty(t))
		require.NoError(t, err)
		// The customer is looked up first, then the money moves.
		reqs := srv.Requests()
		require.Len(t, reqs, 2)
		assert.Equal(t, opList, string(reqs[0].Operation))
		assert.JSONEq(t, `{"customer_id":"c-funded"}`, string(reqs[0].Body))
		r := reqs[1]
		assert.Equal(t, m.op, string(r.Operation))
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, m.path, r.Path)
		assert.JSONEq(t, `{"customer_id":"c-funded","amount":"30.00"}`, string(r.Body))
		assert.NotEmpty(t, r.Header.Get("Authorization"))
		assertMovedOnce(t, srv, m)
		rec := srv.AdjustRecords()[0]
		assert.Equal(t, id, rec.TransID)
		assert.Equal(t, string(m.opType), rec.OperationType)
		assert.Equal(t, funded, rec.CustomerID)
		assert.Equal(t, hwpartnertest.MustParseAmount(t, "30.00"), rec.Amount)
		assert.Equal(t, 1, meta.Attempts)
		assert.NotEmpty(t, meta.RequestID)
		// The payer's ledger shows it.
		ch := srv.AccountChanges()
		require.Len(t, ch, 1)
		assert.Equal(t, srv.DomainID(), ch[0].Holder)
		assert.Equal(t, id, ch[0].TradeID)
		assert.Equal(t, m.op == opReclaim, ch[0].Income)
		assert.Equal(t, m.afterDistributor, ch[0].BalanceAfter.String())
	})
}

func TestMoveForAReseller(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	res, err := c.Customers.Transfer(t.Context(), &customers.TransferParams{CustomerID: ofReseller, ResellerID: resellerID, Amount: amount(t, "25.50")})
	require.NoError(t, err)
	assert.JSONEq(t, `{"customer_id":"c-acme-1","amount":"25.50","indirect_partner_id":"r-acme"}`, string(last(t, srv).Body))
	// Out of the reseller's account, not the distributor's.
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "474.50"), srv.Balance(resellerID))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "65.50"), srv.CustomerBalance(ofReseller))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "1000.00"), srv.Balance(srv.DomainID()))
	_, err = c.Customers.Reclaim(t.Context(), &customers.ReclaimParams{CustomerID: ofReseller, ResellerID: resellerID, Amount: amount(t, "65.50")})
	require.NoError(t, err)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "540.00"), srv.Balance(resellerID))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "0.00"), srv.CustomerBalance(ofReseller))
	assert.Equal(t, setupTotal, srv.TotalBalance().String())
	// Resolve finds it among the reseller's records.
	out, err := c.Customers.Resolve(t.Context(), &customers.ResolveParams{Operation: customers.OperationTransfer,
		CustomerID: ofReseller, ResellerID: resellerID, Amount: amount(t, "25.50"), Started: time.Now().Add(-time.Minute)})
	require.NoError(t, err)
	assert.Equal(t, customers.Recorded, out.Resolution)
	assert.Equal(t, res.TransactionID, out.Record.TransactionID)
	assert.Equal(t, "r-acme", lastOf(t, srv, opRecords).Query.Get("indirect_partner_id"))
}

func TestMoveRefusesAReferralCustomerBeforeSending(t *testing.T) {
	t.Parallel()
	forEachMover(t, func(t *testing.T, m mover) {
		c, srv := setup(t)
		for _, args := range []moveArgs{{customer: referral}, {customer: resale}} {
			args.amount = amount(t, "1.00")
			_, _, err := m.move(t.Context(), c, args)
			assert.ErrorIs(t, err, customers.ErrNotFundable)
			assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
			assert.False(t, hwpartner.IsOutcomeUnknown(err))
			var nf *customers.NotFundableError
			require.ErrorAs(t, err, &nf)
			assert.Equal(t, args.customer, nf.CustomerID)
			assert.Contains(t, err.Error(), "not partner-funded")
		}
		assert.Zero(t, srv.RequestCount(hwpartnertest.Op(m.op)), "nothing was sent")
		assertUnmoved(t, srv)
	})
}

func TestMoveToACustomerThatIsNotTheCallers(t *testing.T) {
	t.Parallel()
	forEachMover(t, func(t *testing.T, m mover) {
		c, srv := setup(t)
		seedOther(t, srv)
		for _, args := range []moveArgs{{customer: theirCustomer}, {customer: ofReseller}, {customer: "nobody"}} {
			args.amount = amount(t, "1.00")
			_, _, err := m.move(t.Context(), c, args)
			assert.ErrorIs(t, err, hwpartner.ErrNotFound, args.customer)
		}
		_, _, err := m.move(t.Context(), c, moveArgs{customer: ofReseller, reseller: theirReseller, amount: amount(t, "1.00")})
		assert.True(t, core.HasCode(err, "CBC.99000037"))
		assert.Zero(t, srv.RequestCount(hwpartnertest.Op(m.op)))
		assertUnmoved(t, srv)
	})
}

func TestMoveServerRefusesWhatTheLookupMissed(t *testing.T) {
	t.Parallel()
	// Between the lookup and the move the customer may change: the
	// server's own refusals come through classified.
	forEachMover(t, func(t *testing.T, m mover) {
		c, srv := setup(t)
		srv.InjectFault(hwpartnertest.Op(m.op), hwpartnertest.Fault{Status: 400, Code: "CBC.5021", Times: 1})
		_, _, err := m.move(t.Context(), c, thirty(t))
		assert.ErrorIs(t, err, customers.ErrNotFundable)
		srv.InjectFault(hwpartnertest.Op(m.op), hwpartnertest.Fault{Status: 400, Code: "CBC.99000035", Times: 1})
		_, _, err = m.move(t.Context(), c, thirty(t))
		assert.ErrorIs(t, err, hwpartner.ErrPermission)
		assertUnmoved(t, srv)
	})
	// And the fake's own check behind the lookup, with a lookup that lies.
	c, srv := setup(t)
	svc := customers.NewService(lyingLookup{c: c})
	_, err := svc.Transfer(t.Context(), &customers.TransferParams{CustomerID: referral, Amount: amount(t, "1.00")})
	assert.True(t, core.HasCode(err, "CBC.99007004"))
	srv.ConfigureCustomers(hwpartnertest.CustomerRules{NotFundableCode: "CBC.5021"})
	_, err = svc.Reclaim(t.Context(), &customers.ReclaimParams{CustomerID: referral, Amount: amount(t, "1.00")})
	assert.ErrorIs(t, err, customers.ErrNotFundable)
	assertUnmoved(t, srv)
}

// lyingLookup answers every customer lookup with a partner-funded customer.
type lyingLookup struct{ c *hwpartner.Client }

func (l lyingLookup) Do(ctx context.Context, op *core.Operation, params, result any) (core.ResponseMeta, error) {
	if op.Name == opList {
		id := referral
		return core.ResponseMeta{StatusCode: 200}, jsonInto(`{"count":1,"customer_infos":[{"customer_id":"`+id+`","account_name":"x","association_type":"2"}]}`, result)
	}
	return l.c.Do(ctx, op, params, result)
}

func TestInsufficientBalance(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	_, err := c.Customers.Transfer(t.Context(), &customers.TransferParams{CustomerID: funded, Amount: amount(t, "1000.01")})
	assert.ErrorIs(t, err, hwpartner.ErrInsufficientBalance)
	assert.False(t, hwpartner.IsOutcomeUnknown(err))
	_, err = c.Customers.Reclaim(t.Context(), &customers.ReclaimParams{CustomerID: funded, Amount: amount(t, "100.01")})
	assert.ErrorIs(t, err, hwpartner.ErrInsufficientBalance)
	// The earmarked part of the balance cannot be allocated.
	require.NoError(t, srv.SetDesignatedAmount(srv.DomainID(), hwpartnertest.MustParseAmount(t, "900.00")))
	_, err = c.Customers.Transfer(t.Context(), &customers.TransferParams{CustomerID: funded, Amount: amount(t, "100.01")})
	assert.ErrorIs(t, err, hwpartner.ErrInsufficientBalance)
	assertUnmoved(t, srv)
	_, err = c.Customers.Transfer(t.Context(), &customers.TransferParams{CustomerID: funded, Amount: amount(t, "100.00")})
	require.NoError(t, err)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "900.00"), srv.Balance(srv.DomainID()))
	// Everything the customer holds may come back.
	_, err = c.Customers.Reclaim(t.Context(), &customers.ReclaimParams{CustomerID: funded, Amount: amount(t, "200.00")})
	require.NoError(t, err)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "0.00"), srv.CustomerBalance(funded))
}

func TestReclaimFromACustomerNeverFunded(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	_, err := srv.SeedCustomer(hwpartnertest.Customer{ID: "c-new"})
	require.NoError(t, err)
	_, err = c.Customers.Reclaim(t.Context(), &customers.ReclaimParams{CustomerID: "c-new", Amount: amount(t, "1.00")})
	assert.ErrorIs(t, err, customers.ErrNoAllocation)
	assert.True(t, core.HasCode(err, "CBC.99000047"))
	_, err = c.Customers.Transfer(t.Context(), &customers.TransferParams{CustomerID: "c-new", Amount: amount(t, "1.00")})
	require.NoError(t, err)
	_, err = c.Customers.Reclaim(t.Context(), &customers.ReclaimParams{CustomerID: "c-new", Amount: amount(t, "1.00")})
	require.NoError(t, err)
}

func TestMoveValidationSendsNothing(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	cases := map[string]struct {
		args   moveArgs
		fields []string
	}{
		"nothing":        {moveArgs{}, []string{"customer_id", "amount"}},
		"long ids":       {moveArgs{customer: strings.Repeat("c", 65), reseller: strings.Repeat("r", 65), amount: amount(t, "1")}, []string{"customer_id", "indirect_partner_id"}},
		"negative":       {moveArgs{customer: funded, amount: amount(t, "-1.00")}, []string{"amount"}},
		"three decimals": {moveArgs{customer: funded, amount: amount(t, "1.005")}, []string{"amount"}},
	}
	for name, tc := range cases {
		for _, m := range movers {
			_, _, err := m.move(t.Context(), c, tc.args)
			var ve *hwpartner.ValidationError
			require.ErrorAs(t, err, &ve, name)
			assert.Equal(t, m.op, string(ve.Operation))
			assert.Equal(t, tc.fields, fields(t, err), name)
		}
	}
	_, err := c.Customers.Transfer(t.Context(), nil)
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	_, err = c.Customers.Reclaim(t.Context(), nil)
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	assert.Zero(t, srv.RequestCount(""))
	assertUnmoved(t, srv)
}

// The expected codes of the two money endpoints (api.md §10.6, §10.7).
func TestMoveDocumentedErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status  int
		code    string
		class   error
		unknown bool
	}{
		{400, "CBC.0100", hwpartner.ErrInvalidRequest, false},
		{400, "CBC.99000035", hwpartner.ErrPermission, false},
		{400, "CBC.99000037", hwpartner.ErrPermission, false},
		{400, "CBC.99005003", hwpartner.ErrInsufficientBalance, false},
		{400, "CBC.99000047", customers.ErrNoAllocation, false},
		{401, "CBC.0154", hwpartner.ErrAuth, false},
		{403, "CBC.0151", hwpartner.ErrPermission, false},
		{429, "CBC.0250", hwpartner.ErrThrottled, false},
		{500, "CBC.0999", hwpartner.ErrOutcomeUnknown, true},
	}
	forEachMover(t, func(t *testing.T, m mover) {
		for _, tc := range cases {
			c, srv := setup(t)
			srv.InjectFault(hwpartnertest.Op(m.op), hwpartnertest.Fault{Status: tc.status, Code: tc.code, Message: "refused", Times: 1})
			_, _, err := m.move(t.Context(), c, thirty(t))
			var apiErr *hwpartner.Error
			require.ErrorAs(t, err, &apiErr, tc.code)
			assert.Equal(t, tc.code, apiErr.Code)
			assert.Equal(t, m.op, string(apiErr.Operation))
			assert.ErrorIs(t, err, tc.class, tc.code)
			assert.Equal(t, tc.unknown, hwpartner.IsOutcomeUnknown(err), tc.code)
			assert.Equal(t, 1, srv.RequestCount(hwpartnertest.Op(m.op)), "%s: a money call is never repeated", tc.code)
			assertUnmoved(t, srv)
		}
	})
}

func TestMoveIsNotRetriedAfterA503(t *testing.T) {
	t.Parallel()
	forEachMover(t, func(t *testing.T, m mover) {
		c, srv := setup(t)
		srv.InjectFault(hwpartnertest.Op(m.op), hwpartnertest.Fault{Status: http.StatusServiceUnavailable, Times: 1})
		before := time.Now()
		_, _, err := m.move(t.Context(), c, thirty(t))
		assert.True(t, hwpartner.IsOutcomeUnknown(err))
		assert.Contains(t, err.Error(), "customers.Service.Resolve")
		var unknown *customers.OutcomeUnknownError
		require.ErrorAs(t, err, &unknown)
		assert.Equal(t, m.opType, unknown.Lookup.Operation)
		assert.Equal(t, funded, unknown.Lookup.CustomerID)
		assertAmount(t, "30.00", unknown.Lookup.Amount)
		assert.WithinRange(t, unknown.Lookup.Started, before.Add(-core.ClockReadSlack), time.Now().Add(core.ClockReadSlack))
		assert.True(t, unknown.Lookup.Aligned, "the customer lookup's answer taught the server's clock")
		assert.Equal(t, 1, srv.RequestCount(hwpartnertest.Op(m.op)))
		assertUnmoved(t, srv)
		out, err := c.Customers.Resolve(t.Context(), &unknown.Lookup)
		require.NoError(t, err)
		assert.Equal(t, customers.NotRecorded, out.Resolution)
	})
}

func TestMoveDroppedAfterProcessingIsUnknownAndResolved(t *testing.T) {
	t.Parallel()
	forEachMover(t, func(t *testing.T, m mover) {
		c, srv := setup(t)
		srv.InjectFault(hwpartnertest.Op(m.op), hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})
		_, _, err := m.move(t.Context(), c, thirty(t))
		assert.ErrorIs(t, err, hwpartner.ErrOutcomeUnknown)
		var opErr *hwpartner.OperationError
		require.ErrorAs(t, err, &opErr)
		assert.Equal(t, 1, opErr.Attempts)
		assert.Equal(t, 1, srv.RequestCount(hwpartnertest.Op(m.op)))
		assertMovedOnce(t, srv, m)
		var unknown *customers.OutcomeUnknownError
		require.ErrorAs(t, err, &unknown)
		out, err := c.Customers.Resolve(t.Context(), &unknown.Lookup)
		require.NoError(t, err)
		assert.Equal(t, customers.Recorded, out.Resolution)
		assert.Equal(t, srv.AdjustRecords()[0].TransID, out.Record.TransactionID)
	})
}

// timeoutAfterSend lets the fake carry the first requests out, then
// reports a read timeout instead of their answers.
type timeoutAfterSend struct {
	base http.RoundTripper
	op   string
	left atomic.Int32
}

func (rt *timeoutAfterSend) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := rt.base.RoundTrip(req)
	if err == nil && strings.HasSuffix(req.URL.Path, rt.op) && rt.left.Add(-1) >= 0 {
		resp.Body.Close()
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}
	}
	return resp, err
}

func TestMoveIsNotRetriedAfterATimeout(t *testing.T) {
	t.Parallel()
	forEachMover(t, func(t *testing.T, m mover) {
		base := &http.Transport{}
		t.Cleanup(base.CloseIdleConnections)
		rt := &timeoutAfterSend{base: base, op: m.path}
		rt.left.Store(1)
		c, srv := setup(t, hwpartner.WithTransport(rt))
		_, _, err := m.move(t.Context(), c, thirty(t))
		assert.True(t, hwpartner.IsOutcomeUnknown(err))
		assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
		assert.Equal(t, 1, srv.RequestCount(hwpartnertest.Op(m.op)))
		assertMovedOnce(t, srv, m)
	})
}

// An answer a proxy mangled, or one without its transaction id, is an
// unknown outcome, never a success or a resend.
func TestMoveMalformedAnswerIsUnknown(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"transfer_id":"","trans_id":""}`, "", "{}", "[]", "null", "<html>gateway</html>", `{"transfer_id":"AD1`} {
		for _, path := range []string{"/v2/accounts/partner-accounts/adjust-amount", "/v2/accounts/partner-accounts/reclaim"} {
			testMalformedMove(t, path, body)
		}
	}
}

func testMalformedMove(t *testing.T, path, body string) {
	{
		mt := newMock(t)
		mt.answer(http.MethodPost, "/v2/partners/sub-customers/query", 200,
			`{"count":1,"customer_infos":[{"customer_id":"c1","account_name":"x","association_type":"2"}]}`)
		mt.answer(http.MethodPost, path, 200, body)
		c := mockClient(t, mt, hwpartner.SiteChina)
		var err error
		if strings.HasSuffix(path, "adjust-amount") {
			_, err = c.Customers.Transfer(t.Context(), &customers.TransferParams{CustomerID: "c1", Amount: amount(t, "1")})
		} else {
			_, err = c.Customers.Reclaim(t.Context(), &customers.ReclaimParams{CustomerID: "c1", Amount: amount(t, "1")})
		}
		assert.True(t, hwpartner.IsOutcomeUnknown(err), "%s %q", path, body)
		var unknown *customers.OutcomeUnknownError
		assert.ErrorAs(t, err, &unknown)
		assert.Equal(t, 2, mt.calls(), "the lookup, then the move once")
	}
}

func TestMoveWithACancelledContextSendsNothing(t *testing.T) {
	t.Parallel()
	forEachMover(t, func(t *testing.T, m mover) {
		c, srv := setup(t)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, _, err := m.move(ctx, c, thirty(t))
		assert.ErrorIs(t, err, context.Canceled)
		assert.False(t, hwpartner.IsOutcomeUnknown(err))
		assert.Zero(t, srv.RequestCount(""))
	})
}

func TestOutcomeUnknownErrorUnwraps(t *testing.T) {
	t.Parallel()
	inner := &core.OperationError{Operation: opTransfer, OutcomeUnknown: true, Err: context.DeadlineExceeded}
	err := error(&customers.OutcomeUnknownError{Err: inner})
	assert.Equal(t, inner.Error(), err.Error())
	assert.ErrorIs(t, err, core.ErrOutcomeUnknown)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	cerr := error(&customers.CreateUnknownError{Err: inner})
	assert.Equal(t, inner.Error(), cerr.Error())
	assert.ErrorIs(t, cerr, core.ErrOutcomeUnknown)
}
