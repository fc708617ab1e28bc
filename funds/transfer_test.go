package funds_test

import (
	"context"
	"errors"
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
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// mover runs Transfer or Reclaim, so each money test covers both.
type mover struct {
	op     string
	path   string
	idKey  string // the transaction id's name in the answer
	opType funds.OperationType
	move   func(ctx context.Context, c *hwpartner.Client, id string, a core.Amount) (string, core.ResponseMeta, error)
	// after is the distributor's and reseller's balances after moving 30.00
	// from the setup balances (1000.00 and 100.00).
	afterDistributor, afterReseller string
}

var movers = []mover{
	{
		op: opTransfer, path: "/v2/accounts/partner-accounts/indirect-partner-adjust", idKey: "transfer_id",
		opType: funds.OperationTransfer,
		move: func(ctx context.Context, c *hwpartner.Client, id string, a core.Amount) (string, core.ResponseMeta, error) {
			r, err := c.Funds.Transfer(ctx, &funds.TransferParams{ResellerID: id, Amount: a})
			if err != nil {
				return "", core.ResponseMeta{}, err
			}
			return r.TransactionID, r.ResponseMeta, nil
		},
		afterDistributor: "970.00", afterReseller: "130.00",
	},
	{
		op: opReclaim, path: "/v2/accounts/partner-accounts/indirect-partner-reclaim", idKey: "trans_id",
		opType: funds.OperationReclaim,
		move: func(ctx context.Context, c *hwpartner.Client, id string, a core.Amount) (string, core.ResponseMeta, error) {
			r, err := c.Funds.Reclaim(ctx, &funds.ReclaimParams{ResellerID: id, Amount: a})
			if err != nil {
				return "", core.ResponseMeta{}, err
			}
			return r.TransactionID, r.ResponseMeta, nil
		},
		afterDistributor: "1030.00", afterReseller: "70.00",
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

// assertUnmoved checks the setup balances.
func assertUnmoved(t *testing.T, srv *hwpartnertest.Server) {
	t.Helper()
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "1000.00"), srv.Balance(srv.DomainID()))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "100.00"), srv.Balance(resellerID))
	assert.Empty(t, srv.AdjustRecords())
}

// assertMovedOnce checks that 30.00 moved exactly once.
func assertMovedOnce(t *testing.T, srv *hwpartnertest.Server, m mover) {
	t.Helper()
	assert.Equal(t, m.afterDistributor, srv.Balance(srv.DomainID()).String())
	assert.Equal(t, m.afterReseller, srv.Balance(resellerID).String())
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "1100.00"), srv.TotalBalance())
	require.Len(t, srv.AdjustRecords(), 1)
}

func TestMoveSendsTheDocumentedRequestAndMovesMoneyExactly(t *testing.T) {
	t.Parallel()
	forEachMover(t, func(t *testing.T, m mover) {
		c, srv := setup(t)
		id, meta, err := m.move(t.Context(), c, resellerID, amount(t, "29.99"))
		require.NoError(t, err)
		_, _, err = m.move(t.Context(), c, resellerID, amount(t, "0.01"))
		require.NoError(t, err)

		reqs := srv.Requests()
		require.Len(t, reqs, 2)
		r := reqs[0]
		assert.Equal(t, m.op, string(r.Operation))
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, m.path, r.Path)
		assert.Empty(t, r.Query)
		assert.JSONEq(t, `{"indirect_partner_id":"`+resellerID+`","amount":"29.99"}`, string(r.Body))
		assert.JSONEq(t, `{"indirect_partner_id":"`+resellerID+`","amount":"0.01"}`, string(reqs[1].Body))
		assert.Equal(t, http.StatusOK, r.Status)

		// 29.99 + 0.01 moved, exactly.
		assert.Equal(t, m.afterDistributor, srv.Balance(srv.DomainID()).String())
		assert.Equal(t, m.afterReseller, srv.Balance(resellerID).String())
		assert.Equal(t, hwpartnertest.MustParseAmount(t, "1100.00"), srv.TotalBalance())

		recs := srv.AdjustRecords()
		require.Len(t, recs, 2)
		assert.Equal(t, id, recs[0].TransID)
		assert.Equal(t, string(m.opType), recs[0].OperationType)
		assert.Equal(t, resellerID, recs[0].CustomerID)
		assert.Equal(t, hwpartnertest.MustParseAmount(t, "29.99"), recs[0].Amount)
		assert.NotEmpty(t, id)
		assert.Equal(t, 1, meta.Attempts)
		assert.NotEmpty(t, meta.RequestID)
	})
}

func TestAmountsAreSentAsExactStrings(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	for in, wire := range map[string]string{"5": `"5.00"`, "0.5": `"0.50"`, "12.30": `"12.30"`} {
		_, err := c.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: resellerID, Amount: amount(t, in)})
		require.NoError(t, err)
		assert.JSONEq(t, `{"indirect_partner_id":"`+resellerID+`","amount":`+wire+`}`, string(last(t, srv).Body))
	}
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "982.20"), srv.Balance(srv.DomainID()))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "117.80"), srv.Balance(resellerID))
}

func TestMoveValidationSendsNothing(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	cases := map[string]struct {
		id     string
		amount core.Amount
		fields []string
	}{
		"nothing":        {"", core.Amount{}, []string{"indirect_partner_id", "amount"}},
		"long id":        {strings.Repeat("r", 65), amount(t, "1"), []string{"indirect_partner_id"}},
		"negative":       {resellerID, amount(t, "-1.00"), []string{"amount"}},
		"three decimals": {resellerID, amount(t, "1.005"), []string{"amount"}},
		"zero and no id": {"", amount(t, "0.00"), []string{"indirect_partner_id", "amount"}},
	}
	for name, tc := range cases {
		_, errT := c.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: tc.id, Amount: tc.amount})
		_, errR := c.Funds.Reclaim(t.Context(), &funds.ReclaimParams{ResellerID: tc.id, Amount: tc.amount})
		for op, err := range map[string]error{opTransfer: errT, opReclaim: errR} {
			var ve *hwpartner.ValidationError
			require.ErrorAs(t, err, &ve, name)
			assert.Equal(t, op, string(ve.Operation))
			assert.Len(t, ve.Fields, len(tc.fields), name)
			for _, f := range tc.fields {
				assert.True(t, ve.Has(f), "%s: %s", name, f)
			}
			assert.False(t, hwpartner.IsOutcomeUnknown(err))
		}
	}
	_, err := c.Funds.Transfer(t.Context(), nil)
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	_, err = c.Funds.Reclaim(t.Context(), nil)
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	assert.Zero(t, srv.RequestCount(""))
	assertUnmoved(t, srv)
}

func TestMoveAcceptsTheLimits(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	long := strings.Repeat("r", 64)
	require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: long}))
	_, err := c.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: long, Amount: amount(t, "0.01")})
	require.NoError(t, err)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "0.01"), srv.Balance(long))
}

func TestInsufficientBalance(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	_, err := c.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: resellerID, Amount: amount(t, "1000.01")})
	assert.ErrorIs(t, err, hwpartner.ErrInsufficientBalance)
	assert.True(t, hwpartner.IsInsufficientBalance(err))
	assert.True(t, core.HasCode(err, "CBC.99005003"))
	assert.False(t, hwpartner.IsOutcomeUnknown(err))

	_, err = c.Funds.Reclaim(t.Context(), &funds.ReclaimParams{ResellerID: resellerID, Amount: amount(t, "100.01")})
	assert.ErrorIs(t, err, hwpartner.ErrInsufficientBalance)
	assert.False(t, hwpartner.IsOutcomeUnknown(err))

	assert.Equal(t, 1, srv.RequestCount(opTransfer))
	assert.Equal(t, 1, srv.RequestCount(opReclaim))
	assertUnmoved(t, srv)

	// The whole balance may move.
	_, err = c.Funds.Reclaim(t.Context(), &funds.ReclaimParams{ResellerID: resellerID, Amount: amount(t, "100.00")})
	require.NoError(t, err)
	_, err = c.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: resellerID, Amount: amount(t, "1100.00")})
	require.NoError(t, err)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "0.00"), srv.Balance(srv.DomainID()))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "1100.00"), srv.Balance(resellerID))
}

func TestMoveToSomeoneElsesReseller(t *testing.T) {
	t.Parallel()
	forEachMover(t, func(t *testing.T, m mover) {
		c, srv := setup(t)
		seedOther(t, srv)
		for _, id := range []string{theirs, "no-such-reseller"} {
			_, _, err := m.move(t.Context(), c, id, amount(t, "1.00"))
			assert.ErrorIs(t, err, hwpartner.ErrPermission)
			assert.True(t, core.HasCode(err, "CBC.99000037"))
		}
		assert.Equal(t, hwpartnertest.MustParseAmount(t, "50.00"), srv.Balance(theirs))
		assertUnmoved(t, srv)
	})
}

func TestOnlyDistributorsMayMoveMoney(t *testing.T) {
	t.Parallel()
	for _, kind := range []hwpartnertest.AccountKind{hwpartnertest.SolutionProvider, hwpartnertest.Reseller, hwpartnertest.NotPartner} {
		forEachMover(t, func(t *testing.T, m mover) {
			_, srv := setup(t)
			c := asKind(t, srv, kind)
			_, _, err := m.move(t.Context(), c, resellerID, amount(t, "1.00"))
			assert.ErrorIs(t, err, hwpartner.ErrPermission, kind.String())
			assert.False(t, hwpartner.IsOutcomeUnknown(err))
			assertUnmoved(t, srv)
		})
	}
}

// The documented codes of the two money endpoints (api.md §3.2, §3.3),
// plus flow control.
func TestMoveDocumentedErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status  int
		code    string
		class   error
		unknown bool
	}{
		{400, "CBC.0100", hwpartner.ErrInvalidRequest, false},
		{400, "CBC.99000037", hwpartner.ErrPermission, false},
		{400, "CBC.99005003", hwpartner.ErrInsufficientBalance, false},
		{401, "CBC.0154", hwpartner.ErrAuth, false},
		{403, "CBC.0150", hwpartner.ErrPermission, false},
		{403, "CBC.0151", hwpartner.ErrPermission, false},
		{429, "CBC.0250", hwpartner.ErrThrottled, false},
		{500, "CBC.0999", hwpartner.ErrOutcomeUnknown, true},
	}
	forEachMover(t, func(t *testing.T, m mover) {
		for _, tc := range cases {
			_, srv := setup(t)
			c := client(t, srv, srv.AccessKey(), srv.SecretKey())
			srv.InjectFault(hwpartnertest.Op(m.op), hwpartnertest.Fault{Status: tc.status, Code: tc.code, Message: "refused", Times: 1})
			_, _, err := m.move(t.Context(), c, resellerID, amount(t, "30.00"))
			var apiErr *hwpartner.Error
			require.ErrorAs(t, err, &apiErr, tc.code)
			assert.Equal(t, tc.code, apiErr.Code)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, m.op, string(apiErr.Operation))
			assert.NotEmpty(t, apiErr.RequestID)
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
		_, _, err := m.move(t.Context(), c, resellerID, amount(t, "30.00"))

		assert.True(t, hwpartner.IsOutcomeUnknown(err))
		assert.Contains(t, err.Error(), "outcome unknown")
		assert.Contains(t, err.Error(), "funds.Service.Resolve")
		var apiErr *hwpartner.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
		var unknown *funds.OutcomeUnknownError
		require.ErrorAs(t, err, &unknown)
		assert.Equal(t, m.opType, unknown.Lookup.Operation)
		assert.Equal(t, resellerID, unknown.Lookup.ResellerID)
		assertAmount(t, "30.00", unknown.Lookup.Amount)
		// On the server's clock, learnt from the answer's Date (whole seconds).
		assert.WithinRange(t, unknown.Lookup.Started, before.Add(-core.ClockReadSlack), time.Now().Add(core.ClockReadSlack))
		assert.True(t, unknown.Lookup.Aligned)

		assert.Equal(t, 1, srv.RequestCount(hwpartnertest.Op(m.op)))
		assertUnmoved(t, srv) // the fault answered without carrying it out

		out, err := c.Funds.Resolve(t.Context(), &unknown.Lookup)
		require.NoError(t, err)
		assert.Equal(t, funds.NotRecorded, out.Resolution)
	})
}

func TestMoveDroppedAfterProcessingIsReportedUnknownAndNotRepeated(t *testing.T) {
	t.Parallel()
	forEachMover(t, func(t *testing.T, m mover) {
		c, srv := setup(t)
		srv.InjectFault(hwpartnertest.Op(m.op), hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})
		_, _, err := m.move(t.Context(), c, resellerID, amount(t, "30.00"))

		assert.ErrorIs(t, err, hwpartner.ErrOutcomeUnknown)
		var opErr *hwpartner.OperationError
		require.ErrorAs(t, err, &opErr)
		assert.Equal(t, 1, opErr.Attempts)
		assert.Equal(t, 1, srv.RequestCount(hwpartnertest.Op(m.op)))
		assertMovedOnce(t, srv, m) // the money moved, once

		var unknown *funds.OutcomeUnknownError
		require.ErrorAs(t, err, &unknown)
		out, err := c.Funds.Resolve(t.Context(), &unknown.Lookup)
		require.NoError(t, err)
		assert.Equal(t, funds.Recorded, out.Resolution)
		require.NotNil(t, out.Record)
		assert.Equal(t, srv.AdjustRecords()[0].TransID, out.Record.TransactionID)
		assertAmount(t, "30.00", out.Record.Amount)
	})
}

func TestMoveDroppedBeforeProcessingIsStillUnknown(t *testing.T) {
	t.Parallel()
	forEachMover(t, func(t *testing.T, m mover) {
		c, srv := setup(t)
		srv.InjectFault(hwpartnertest.Op(m.op), hwpartnertest.Fault{Drop: hwpartnertest.DropAfterRead, Times: 1})
		_, _, err := m.move(t.Context(), c, resellerID, amount(t, "30.00"))
		assert.True(t, hwpartner.IsOutcomeUnknown(err))
		assert.Equal(t, 1, srv.RequestCount(hwpartnertest.Op(m.op)))
		assertUnmoved(t, srv)
	})
}

// timeoutAfterSend lets the fake carry the first requests out, then
// reports a read timeout instead of their answers, as when an answer is
// too slow.
type timeoutAfterSend struct {
	base http.RoundTripper
	left atomic.Int32
}

func (rt *timeoutAfterSend) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := rt.base.RoundTrip(req)
	if err == nil && rt.left.Add(-1) >= 0 {
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
		rt := &timeoutAfterSend{base: base}
		rt.left.Store(1)
		c, srv := setup(t, hwpartner.WithTransport(rt))
		_, _, err := m.move(t.Context(), c, resellerID, amount(t, "30.00"))
		assert.True(t, hwpartner.IsOutcomeUnknown(err))
		assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
		var opErr *hwpartner.OperationError
		require.ErrorAs(t, err, &opErr)
		assert.Equal(t, 1, opErr.Attempts)
		assert.Equal(t, 1, srv.RequestCount(hwpartnertest.Op(m.op)))
		assertMovedOnce(t, srv, m)

		// A query is retried after the same failure.
		rt.left.Store(1)
		b, err := c.Funds.Balance(t.Context(), resellerID)
		require.NoError(t, err)
		assert.Equal(t, 2, b.Attempts)
	})
}

func TestMoveIsNotRetriedAfterTheClientTimeout(t *testing.T) {
	t.Parallel()
	forEachMover(t, func(t *testing.T, m mover) {
		c, srv := setup(t, hwpartner.WithTimeout(100*time.Millisecond))
		// Ten times the timeout. The fake notices a client that left only
		// once it has read the body, so it may still carry the move out
		// afterwards, as a real server may: nothing is asserted about it.
		srv.InjectFault(hwpartnertest.Op(m.op), hwpartnertest.Fault{Latency: time.Second, Times: 1})
		_, _, err := m.move(t.Context(), c, resellerID, amount(t, "30.00"))
		assert.True(t, hwpartner.IsOutcomeUnknown(err))
		var opErr *hwpartner.OperationError
		require.ErrorAs(t, err, &opErr)
		assert.Equal(t, 1, opErr.Attempts)
		assert.LessOrEqual(t, srv.RequestCount(hwpartnertest.Op(m.op)), 1)
	})
}

func TestMoveWithACancelledContextSendsNothing(t *testing.T) {
	t.Parallel()
	forEachMover(t, func(t *testing.T, m mover) {
		c, srv := setup(t)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, _, err := m.move(ctx, c, resellerID, amount(t, "30.00"))
		assert.ErrorIs(t, err, context.Canceled)
		assert.False(t, hwpartner.IsOutcomeUnknown(err), "nothing was sent")
		assert.Zero(t, srv.RequestCount(""))
	})
}

// refusedFirst makes its first request dial a closed port (connection
// refused: the request provably never left), then forwards to the fake.
type refusedFirst struct {
	closed string // host:port nobody listens on
	calls  atomic.Int32
	base   *http.Transport
}

func (rt *refusedFirst) RoundTrip(req *http.Request) (*http.Response, error) {
	if rt.calls.Add(1) == 1 {
		r := req.Clone(req.Context())
		r.URL.Host = rt.closed
		return rt.base.RoundTrip(r)
	}
	return rt.base.RoundTrip(req)
}

func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

func TestMoveIsRetriedWhenTheRequestNeverLeft(t *testing.T) {
	t.Parallel()
	forEachMover(t, func(t *testing.T, m mover) {
		base := &http.Transport{}
		t.Cleanup(base.CloseIdleConnections)
		rt := &refusedFirst{closed: closedPort(t), base: base}
		c, srv := setup(t, hwpartner.WithTransport(rt))
		id, meta, err := m.move(t.Context(), c, resellerID, amount(t, "30.00"))
		require.NoError(t, err)
		assert.NotEmpty(t, id)
		assert.Equal(t, 2, meta.Attempts)
		assert.Equal(t, int32(2), rt.calls.Load())
		assert.Equal(t, 1, srv.RequestCount(hwpartnertest.Op(m.op)))
		assertMovedOnce(t, srv, m)
	})
}

func TestOutcomeUnknownErrorUnwraps(t *testing.T) {
	t.Parallel()
	inner := &core.OperationError{Operation: opTransfer, OutcomeUnknown: true, Err: errors.New("reset")}
	err := error(&funds.OutcomeUnknownError{Err: inner})
	assert.Equal(t, inner.Error(), err.Error())
	assert.ErrorIs(t, err, core.ErrOutcomeUnknown)
	var opErr *core.OperationError
	assert.ErrorAs(t, err, &opErr)
}

// Each Validate works on its own, before any client exists, and names the
// wire fields.
func TestParamsValidate(t *testing.T) {
	t.Parallel()
	fields := func(err error) []string {
		var ve *core.ValidationError
		require.ErrorAs(t, err, &ve)
		var out []string
		for _, f := range ve.Fields {
			out = append(out, f.Field)
		}
		return out
	}
	one := amount(t, "0.01")
	assert.NoError(t, (&funds.TransferParams{ResellerID: resellerID, Amount: one}).Validate())
	assert.NoError(t, (&funds.ReclaimParams{ResellerID: resellerID, Amount: one}).Validate())
	assert.Equal(t, []string{"indirect_partner_id", "amount"}, fields((&funds.TransferParams{Amount: amount(t, "-0.01")}).Validate()))
	assert.Equal(t, []string{"amount"}, fields((&funds.ReclaimParams{ResellerID: resellerID, Amount: amount(t, "0.001")}).Validate()))

	assert.NoError(t, (&funds.RecordsParams{}).Validate())
	assert.NoError(t, (&funds.RecordsParams{OperationType: funds.OperationUnbindReclaim}).Validate())
	assert.Equal(t, []string{"operation_type", "limit"},
		fields((&funds.RecordsParams{OperationType: "transfer", ListOptions: core.ListOptions{Limit: 101}}).Validate()))

	started := time.Now()
	assert.NoError(t, (&funds.ResolveParams{Operation: funds.OperationReclaim, ResellerID: resellerID, Amount: one, Started: started}).Validate())
	assert.Equal(t, []string{"started"},
		fields((&funds.ResolveParams{Operation: funds.OperationTransfer, ResellerID: resellerID, Amount: one}).Validate()))
}
