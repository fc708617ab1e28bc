package customers_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// seedMove records a past move of the distributor to customer c-funded.
func seedMove(t *testing.T, srv *hwpartnertest.Server, id string, op customers.OperationType, amt string, at time.Time) {
	t.Helper()
	require.NoError(t, srv.SeedAdjustRecord(hwpartnertest.AdjustRecord{
		TransID: id, CustomerID: funded, OperationType: string(op), Amount: hwpartnertest.MustParseAmount(t, amt), OperationTime: at}))
}

func transIDs(recs []customers.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.TransactionID)
	}
	return out
}

func TestResolve(t *testing.T) {
	t.Parallel()
	started := time.Now().Add(-time.Minute)
	lookup := customers.ResolveParams{Operation: customers.OperationTransfer, CustomerID: funded,
		Amount: amount(t, "30.00"), Started: started, Aligned: true, Margin: 10 * time.Second}

	c, srv := setup(t)
	// Near misses: none of them is this move.
	seedMove(t, srv, "too-early", customers.OperationTransfer, "30.00", started.Add(-time.Minute))
	seedMove(t, srv, "other-amount", customers.OperationTransfer, "30.01", started)
	seedMove(t, srv, "a-reclaim", customers.OperationReclaim, "30.00", started)
	require.NoError(t, srv.SeedAdjustRecord(hwpartnertest.AdjustRecord{TransID: "other-customer", CustomerID: referral,
		OperationType: string(customers.OperationTransfer), Amount: hwpartnertest.MustParseAmount(t, "30.00"), OperationTime: started}))
	require.NoError(t, srv.SeedAdjustRecord(hwpartnertest.AdjustRecord{TransID: "resellers", DistributorID: resellerID,
		CustomerID: funded, OperationType: string(customers.OperationTransfer), Amount: hwpartnertest.MustParseAmount(t, "30.00"), OperationTime: started}))

	before := time.Now()
	out, err := c.Customers.Resolve(t.Context(), &lookup)
	require.NoError(t, err)
	assert.Equal(t, customers.NotRecorded, out.Resolution)
	assert.Nil(t, out.Record)
	assert.Empty(t, out.Matches)
	assert.Equal(t, started.UTC().Truncate(time.Second).Add(-10*time.Second-core.ClockReadSlack), out.From)
	assert.False(t, out.To.Before(before.Add(10*time.Second)))

	q := last(t, srv).Query
	assert.Equal(t, opRecords, string(last(t, srv).Operation))
	assert.Equal(t, funded, q.Get("customer_id"))
	assert.Equal(t, string(customers.OperationTransfer), q.Get("operation_type"))
	assert.Equal(t, core.FormatTime(out.From), q.Get("operation_time_begin"))
	assert.Equal(t, core.FormatTime(out.To), q.Get("operation_time_end"))
	assert.Equal(t, "100", q.Get("limit"))
	assert.False(t, q.Has("indirect_partner_id"))

	seedMove(t, srv, "ours", customers.OperationTransfer, "30", started.Add(5*time.Second))
	out, err = c.Customers.Resolve(t.Context(), &lookup)
	require.NoError(t, err)
	assert.Equal(t, customers.Recorded, out.Resolution)
	assert.Equal(t, "ours", out.Record.TransactionID)

	seedMove(t, srv, "twin", customers.OperationTransfer, "30.00", time.Now())
	out, err = c.Customers.Resolve(t.Context(), &lookup)
	require.NoError(t, err)
	assert.Equal(t, customers.Ambiguous, out.Resolution)
	assert.ElementsMatch(t, []string{"ours", "twin"}, transIDs(out.Matches))

	lookup.Exclude = []string{"twin"}
	out, err = c.Customers.Resolve(t.Context(), &lookup)
	require.NoError(t, err)
	assert.Equal(t, customers.Recorded, out.Resolution)
	assert.Equal(t, "ours", out.Record.TransactionID)

	// A matching record in the margin before the call may be an earlier
	// identical move: never taken as this one.
	lookup.Exclude = nil
	lookup.Margin = 2 * time.Minute
	out, err = c.Customers.Resolve(t.Context(), &lookup)
	require.NoError(t, err)
	assert.Equal(t, customers.Ambiguous, out.Resolution)
	assert.Contains(t, transIDs(out.Matches), "too-early")
}

func TestResolveSignAndUnit(t *testing.T) {
	t.Parallel()
	started := time.Now().Add(-time.Minute)
	for _, tc := range []struct {
		name, body string
		want       customers.Resolution
	}{
		{"negative amount", `{"customer_id":"c1","operation_type":"SOURCE_OPERATION_BERETRIEVE","amount":"-30.00","measure_id":1,"operation_time":"` +
			core.FormatTime(started.Add(time.Second)) + `","trans_id":"T1"}`, customers.Ambiguous},
		{"other unit", `{"customer_id":"c1","operation_type":"SOURCE_OPERATION_BERETRIEVE","amount":"3000","measure_id":2,"operation_time":"` +
			core.FormatTime(started.Add(time.Second)) + `","trans_id":"T1"}`, customers.Ambiguous},
		{"no time", `{"customer_id":"c1","operation_type":"SOURCE_OPERATION_BERETRIEVE","amount":"30.00","measure_id":1,"trans_id":"T1"}`,
			customers.Ambiguous},
		{"exact", `{"customer_id":"c1","operation_type":"SOURCE_OPERATION_BERETRIEVE","amount":"30.00","measure_id":1,"operation_time":"` +
			core.FormatTime(started.Add(time.Second)) + `","trans_id":"T1"}`, customers.Recorded},
	} {
		mt := newMock(t)
		mt.answer("GET", "/v3/accounts/partner-accounts/adjust-records", 200, `{"total_count":1,"records":[`+tc.body+`]}`)
		c := mockClient(t, mt, hwpartner.SiteChina)
		out, err := c.Customers.Resolve(t.Context(), &customers.ResolveParams{Operation: customers.OperationReclaim,
			CustomerID: "c1", Amount: amount(t, "30.00"), Started: started})
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, out.Resolution, tc.name)
	}
}

func TestResolveValidation(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	_, err := c.Customers.Resolve(t.Context(), &customers.ResolveParams{Operation: customers.OperationUnbindReclaim, Margin: -1})
	assert.Equal(t, []string{"operation_type", "customer_id", "amount", "started", "margin"}, fields(t, err))
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "customers.Resolve", ve.Operation)
	_, err = c.Customers.Resolve(t.Context(), nil)
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	assert.Zero(t, srv.RequestCount(""))
}

func TestResolveStopsOnAnError(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	srv.InjectFault(opRecords, hwpartnertest.Fault{Status: 403, Code: "CBC.0151"})
	_, err := c.Customers.Resolve(t.Context(), &customers.ResolveParams{Operation: customers.OperationTransfer,
		CustomerID: funded, Amount: amount(t, "1"), Started: time.Now()})
	assert.ErrorIs(t, err, hwpartner.ErrPermission)
}

func TestRecordNamesAndPrinting(t *testing.T) {
	t.Parallel()
	for typ, want := range map[customers.OperationType]string{
		customers.OperationTransfer: "transfer", customers.OperationReclaim: "reclaim",
		customers.OperationUnbindReclaim: "unbind reclaim", "X": "X",
	} {
		assert.Equal(t, want, typ.String())
	}
	for r, want := range map[customers.Resolution]string{
		customers.Recorded: "recorded", customers.NotRecorded: "not recorded", customers.Ambiguous: "ambiguous", 0: "unknown",
	} {
		assert.Equal(t, want, r.String())
	}
}

func TestResolveWalksEveryPage(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	started := time.Now().Add(-time.Minute)
	for range 150 {
		seedMove(t, srv, "", customers.OperationTransfer, "1.00", started)
	}
	seedMove(t, srv, "oldest", customers.OperationTransfer, "2.00", started) // listed last
	srv.ResetRequests()
	out, err := c.Customers.Resolve(t.Context(), &customers.ResolveParams{Operation: customers.OperationTransfer,
		CustomerID: funded, Amount: amount(t, "2.00"), Started: started, Aligned: true})
	require.NoError(t, err)
	assert.Equal(t, customers.Recorded, out.Resolution)
	assert.Equal(t, "oldest", out.Record.TransactionID)
	assert.Equal(t, 2, srv.RequestCount(opRecords))
}

// An answer without its records list proves nothing: never NotRecorded.
func TestResolveNeedsTheRecordsList(t *testing.T) {
	t.Parallel()
	mt := newMock(t)
	mt.answer("GET", "/v3/accounts/partner-accounts/adjust-records", 200, `{"total_count":0}`)
	c := mockClient(t, mt, hwpartner.SiteChina)
	out, err := c.Customers.Resolve(t.Context(), &customers.ResolveParams{Operation: customers.OperationTransfer,
		CustomerID: "c1", Amount: amount(t, "1"), Started: time.Now(), Aligned: true})
	require.NoError(t, err)
	assert.Equal(t, customers.Ambiguous, out.Resolution)
}
