package funds_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// seedMove records a past move of the distributor to resellerID.
func seedMove(t *testing.T, srv *hwpartnertest.Server, id string, op funds.OperationType, amt string, at time.Time) {
	t.Helper()
	require.NoError(t, srv.SeedAdjustRecord(hwpartnertest.AdjustRecord{
		TransID: id, CustomerID: resellerID, OperationType: string(op), Amount: hwpartnertest.MustParseAmount(t, amt), OperationTime: at}))
}

func TestResolve(t *testing.T) {
	t.Parallel()
	started := time.Now().Add(-time.Minute)
	lookup := funds.ResolveParams{Operation: funds.OperationTransfer, ResellerID: resellerID,
		Amount: amount(t, "30.00"), Started: started, Aligned: true, Margin: 10 * time.Second}

	c, srv := setup(t)
	// Near misses: none of them is this move.
	seedMove(t, srv, "too-early", funds.OperationTransfer, "30.00", started.Add(-time.Minute))
	seedMove(t, srv, "other-amount", funds.OperationTransfer, "30.01", started)
	seedMove(t, srv, "a-reclaim", funds.OperationReclaim, "30.00", started)
	require.NoError(t, srv.SeedAdjustRecord(hwpartnertest.AdjustRecord{TransID: "other-customer", CustomerID: "c2",
		OperationType: string(funds.OperationTransfer), Amount: hwpartnertest.MustParseAmount(t, "30.00"), OperationTime: started}))

	before := time.Now()
	out, err := c.Funds.Resolve(t.Context(), &lookup)
	require.NoError(t, err)
	assert.Equal(t, funds.NotRecorded, out.Resolution)
	assert.Nil(t, out.Record)
	assert.Empty(t, out.Matches)
	assert.Equal(t, started.UTC().Truncate(time.Second).Add(-10*time.Second-core.ClockReadSlack), out.From)
	assert.False(t, out.To.Before(before.Add(10*time.Second)))

	// What was asked of the server.
	q := last(t, srv).Query
	assert.Equal(t, resellerID, q.Get("customer_id"))
	assert.Equal(t, string(funds.OperationTransfer), q.Get("operation_type"))
	assert.Equal(t, core.FormatTime(out.From), q.Get("operation_time_begin"))
	assert.Equal(t, core.FormatTime(out.To), q.Get("operation_time_end"))

	// After the call started, same amount in another notation: recorded.
	seedMove(t, srv, "ours", funds.OperationTransfer, "30", started.Add(5*time.Second))
	out, err = c.Funds.Resolve(t.Context(), &lookup)
	require.NoError(t, err)
	assert.Equal(t, funds.Recorded, out.Resolution)
	require.NotNil(t, out.Record)
	assert.Equal(t, "ours", out.Record.TransactionID)
	assert.Equal(t, []string{"ours"}, transIDs(out.Matches))

	// A second move of the same amount: the records cannot tell.
	seedMove(t, srv, "twin", funds.OperationTransfer, "30.00", time.Now())
	out, err = c.Funds.Resolve(t.Context(), &lookup)
	require.NoError(t, err)
	assert.Equal(t, funds.Ambiguous, out.Resolution)
	assert.Nil(t, out.Record)
	assert.ElementsMatch(t, []string{"ours", "twin"}, transIDs(out.Matches))

	// Unless the program knows the twin is another call's.
	lookup.Exclude = []string{"twin"}
	out, err = c.Funds.Resolve(t.Context(), &lookup)
	require.NoError(t, err)
	assert.Equal(t, funds.Recorded, out.Resolution)
	assert.Equal(t, "ours", out.Record.TransactionID)

	// An identical move made in the margin before the call started may be
	// an earlier call's: it is never taken for this one.
	seedMove(t, srv, "earlier", funds.OperationTransfer, "30.00", started.Add(-5*time.Second))
	out, err = c.Funds.Resolve(t.Context(), &lookup)
	require.NoError(t, err)
	assert.Equal(t, funds.Ambiguous, out.Resolution)
	assert.ElementsMatch(t, []string{"ours", "earlier"}, transIDs(out.Matches))
}

func TestResolveDefaultMargin(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	started := time.Now()
	seedMove(t, srv, "skewed", funds.OperationReclaim, "1.00", started.Add(-4*time.Minute))
	out, err := c.Funds.Resolve(t.Context(), &funds.ResolveParams{Operation: funds.OperationReclaim, ResellerID: resellerID,
		Amount: amount(t, "1.00"), Started: started})
	require.NoError(t, err)
	assert.Equal(t, funds.Ambiguous, out.Resolution, "inside the margin, so reported, but before the call, so not taken")
	assert.Equal(t, []string{"skewed"}, transIDs(out.Matches))
	assert.Equal(t, started.UTC().Truncate(time.Second).Add(-core.ClockReadSlack-funds.DefaultResolveMargin), out.From)
}

func TestResolveWalksEveryPage(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	started := time.Now().Add(-time.Minute)
	for range 150 {
		seedMove(t, srv, "", funds.OperationTransfer, "1.00", started)
	}
	seedMove(t, srv, "oldest", funds.OperationTransfer, "2.00", started) // listed last
	out, err := c.Funds.Resolve(t.Context(), &funds.ResolveParams{Operation: funds.OperationTransfer, ResellerID: resellerID,
		Amount: amount(t, "2.00"), Started: started})
	require.NoError(t, err)
	assert.Equal(t, funds.Recorded, out.Resolution)
	assert.Equal(t, 2, srv.RequestCount(opRecords))
}

func TestResolveValidationSendsNothing(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	_, err := c.Funds.Resolve(t.Context(), &funds.ResolveParams{Operation: funds.OperationUnbindReclaim, Margin: -1})
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "funds.Resolve", ve.Operation)
	for _, f := range []string{"operation_type", "indirect_partner_id", "amount", "started", "margin"} {
		assert.True(t, ve.Has(f), f)
	}
	_, err = c.Funds.Resolve(t.Context(), nil)
	require.ErrorAs(t, err, &ve)
	assert.Zero(t, srv.RequestCount(""))
}

func TestResolveQueryErrors(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	srv.InjectFault(opRecords, hwpartnertest.Fault{Status: 403, Code: "CBC.0151"})
	_, err := c.Funds.Resolve(t.Context(), &funds.ResolveParams{Operation: funds.OperationTransfer, ResellerID: resellerID,
		Amount: amount(t, "1.00"), Started: time.Now()})
	assert.ErrorIs(t, err, hwpartner.ErrPermission)
}

// answerRequester answers every call with a fixed JSON body, to test
// answers the fake never gives.
type answerRequester struct {
	body string
}

func (a *answerRequester) Do(_ context.Context, _ *core.Operation, params, result any) (core.ResponseMeta, error) {
	if v, ok := params.(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			return core.ResponseMeta{}, err
		}
	}
	return core.ResponseMeta{StatusCode: 200}, json.Unmarshal([]byte(a.body), result)
}

func TestResolveDoesNotTrustTheServersFilters(t *testing.T) {
	t.Parallel()
	started := time.Now().Add(-time.Minute)
	at := func(d time.Duration) string { return `"` + core.FormatTime(started.Add(d)) + `"` }
	lookup := &funds.ResolveParams{Operation: funds.OperationTransfer, ResellerID: "r1", Amount: amount(t, "30.00"), Started: started}
	record := func(id, customer, op, amt, when string, measure int) string {
		b, _ := json.Marshal(map[string]any{"trans_id": id, "customer_id": customer, "operation_type": op,
			"amount": json.RawMessage(amt), "operation_time": json.RawMessage(when), "measure_id": measure})
		return string(b)
	}
	cases := map[string]struct {
		records []string
		want    funds.Resolution
		matches []string
	}{
		"ignored filters": {[]string{
			record("other-customer", "r2", "SOURCE_OPERATION_BEADJUST", `"30.00"`, at(0), 1),
			record("other-op", "r1", "SOURCE_OPERATION_BERETRIEVE", `"30.00"`, at(0), 1),
			record("too-old", "r1", "SOURCE_OPERATION_BEADJUST", `"30.00"`, at(-time.Hour), 1),
			record("ours", "r1", "SOURCE_OPERATION_BEADJUST", `30.0`, at(0), 1),
		}, funds.Recorded, []string{"ours"}},
		"unknown unit": {[]string{
			record("fen", "r1", "SOURCE_OPERATION_BEADJUST", `"3000"`, at(0), 3),
		}, funds.Ambiguous, []string{"fen"}},
		"unknown unit beside a match": {[]string{
			record("ours", "r1", "SOURCE_OPERATION_BEADJUST", `"30.00"`, at(0), 1),
			record("fen", "r1", "SOURCE_OPERATION_BEADJUST", `"3000"`, at(0), 3),
		}, funds.Ambiguous, []string{"ours", "fen"}},
		"the other sign": {[]string{
			record("signed", "r1", "SOURCE_OPERATION_BEADJUST", `"-30.00"`, at(0), 1),
		}, funds.Ambiguous, []string{"signed"}},
		"the other sign beside a match": {[]string{
			record("ours", "r1", "SOURCE_OPERATION_BEADJUST", `"30.00"`, at(0), 1),
			record("signed", "r1", "SOURCE_OPERATION_BEADJUST", `-30`, at(0), 1),
			record("other-amount", "r1", "SOURCE_OPERATION_BEADJUST", `"-30.01"`, at(0), 1),
		}, funds.Ambiguous, []string{"ours", "signed"}},
		"no time": {[]string{
			record("timeless", "r1", "SOURCE_OPERATION_BEADJUST", `"30.00"`, `""`, 1),
		}, funds.Ambiguous, []string{"timeless"}},
		"no unit sent means yuan": {[]string{
			record("ours", "r1", "SOURCE_OPERATION_BEADJUST", `"30.00"`, at(0), 0),
		}, funds.Recorded, []string{"ours"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body := `{"total_count":` + strconv.Itoa(len(tc.records)) + `,"records":[` + strings.Join(tc.records, ",") + `]}`
			out, err := funds.NewService(&answerRequester{body: body}).Resolve(t.Context(), lookup)
			require.NoError(t, err)
			assert.Equal(t, tc.want, out.Resolution)
			assert.Equal(t, tc.matches, transIDs(out.Matches))
		})
	}
}

func TestResolutionNames(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "recorded", funds.Recorded.String())
	assert.Equal(t, "not recorded", funds.NotRecorded.String())
	assert.Equal(t, "ambiguous", funds.Ambiguous.String())
	assert.Equal(t, "unknown", funds.Resolution(0).String())
}

// The gateway's clock is half an hour ahead; once the client has learnt
// that, a transfer whose answer was lost is still found.
func TestResolveUsesTheCorrectedClock(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t, hwpartnertest.WithClock(func() time.Time { return time.Now().Add(30 * time.Minute) }))
	require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: resellerID, Balance: hwpartnertest.MustParseAmount(t, "0.00")}))
	require.NoError(t, srv.SetBalance(srv.DomainID(), hwpartnertest.MustParseAmount(t, "100.00")))
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithEndpoint(srv.URL),
		hwpartner.WithRetry(2, time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	_, err = c.Funds.OwnBalance(t.Context()) // the gateway reports the skew; the client corrects it
	require.NoError(t, err)

	srv.InjectFault(opTransfer, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})
	_, err = c.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: resellerID, Amount: amount(t, "10.00")})
	var unknown *funds.OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.WithinDuration(t, time.Now().Add(30*time.Minute), unknown.Lookup.Started, 5*time.Second, "Started is on the server's clock")

	out, err := c.Funds.Resolve(t.Context(), &unknown.Lookup)
	require.NoError(t, err)
	assert.Equal(t, funds.Recorded, out.Resolution)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "10.00"), srv.Balance(resellerID))
}

// A transfer identical to an earlier, successful one is lost before the
// server reads it: Resolve must not take the earlier record for it.
func TestResolveDoesNotTakeAnEarlierIdenticalMove(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	// An identical transfer a minute earlier (by this program, another
	// one, or someone in the console).
	require.NoError(t, srv.SeedAdjustRecord(hwpartnertest.AdjustRecord{TransID: "T-earlier", CustomerID: resellerID,
		OperationType: "SOURCE_OPERATION_BEADJUST", Amount: hwpartnertest.MustParseAmount(t, "10.00"), OperationTime: time.Now().Add(-time.Minute)}))
	srv.InjectFault(opTransfer, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterRead, Times: 1})
	_, err := c.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: resellerID, Amount: amount(t, "10.00")})
	var unknown *funds.OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)

	out, err := c.Funds.Resolve(t.Context(), &unknown.Lookup)
	require.NoError(t, err)
	assert.Equal(t, funds.Ambiguous, out.Resolution)
	assert.Equal(t, []string{"T-earlier"}, transIDs(out.Matches))

	unknown.Lookup.Exclude = []string{"T-earlier"}
	out, err = c.Funds.Resolve(t.Context(), &unknown.Lookup)
	require.NoError(t, err)
	assert.Equal(t, funds.NotRecorded, out.Resolution, "the second transfer never happened")
}

func TestMoveWithoutTransactionIDIsAnUnknownOutcome(t *testing.T) {
	t.Parallel()
	s := funds.NewService(&answerRequester{body: `{}`})
	_, err := s.Transfer(t.Context(), &funds.TransferParams{ResellerID: "r1", Amount: amount(t, "5.00")})
	var unknown *funds.OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.True(t, hwpartner.IsOutcomeUnknown(err))
	assert.Equal(t, "r1", unknown.Lookup.ResellerID)
	assert.Contains(t, err.Error(), "no transaction id")

	_, err = s.Reclaim(t.Context(), &funds.ReclaimParams{ResellerID: "r1", Amount: amount(t, "5.00")})
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, funds.OperationReclaim, unknown.Lookup.Operation)

	res, err := funds.NewService(&answerRequester{body: `{"trans_id":"RE1"}`}).Reclaim(t.Context(), &funds.ReclaimParams{ResellerID: "r1", Amount: amount(t, "5.00")})
	require.NoError(t, err)
	assert.Equal(t, "RE1", res.TransactionID)
}
