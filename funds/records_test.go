package funds_test

import (
	"fmt"
	"net/http"
	"net/url"
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

var t0 = time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)

// seedHistory adds records T1…T4 (oldest first) for two customers.
func seedHistory(t *testing.T, srv *hwpartnertest.Server) {
	t.Helper()
	for i, r := range []hwpartnertest.AdjustRecord{
		{TransID: "T1", CustomerID: resellerID, CustomerName: "Acme", OperationType: string(funds.OperationTransfer), Amount: hwpartnertest.MustParseAmount(t, "10.00")},
		{TransID: "T2", CustomerID: "customer-2", CustomerName: "Two", OperationType: string(funds.OperationTransfer), Amount: hwpartnertest.MustParseAmount(t, "20.50")},
		{TransID: "T3", CustomerID: resellerID, CustomerName: "Acme", OperationType: string(funds.OperationReclaim), Amount: hwpartnertest.MustParseAmount(t, "3.33")},
		{TransID: "T4", CustomerID: resellerID, CustomerName: "Acme", OperationType: string(funds.OperationUnbindReclaim), Amount: hwpartnertest.MustParseAmount(t, "6.67")},
	} {
		r.OperationTime = t0.Add(time.Duration(i) * time.Hour)
		require.NoError(t, srv.SeedAdjustRecord(r))
	}
}

func transIDs(rs []funds.Record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.TransactionID
	}
	return out
}

func TestRecordsSendsEveryFilter(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	cst := time.FixedZone("UTC+8", 8*3600)
	_, err := c.Funds.Records(t.Context(), &funds.RecordsParams{
		CustomerID:    resellerID,
		OperationType: funds.OperationReclaim,
		From:          time.Date(2025, 6, 1, 18, 0, 0, 5, cst),
		To:            time.Date(2025, 6, 2, 8, 0, 0, 0, time.UTC),
		TransactionID: "T3",
		OfReseller:    "r9",
		ListOptions:   core.ListOptions{Offset: 2, Limit: 5},
	})
	require.NoError(t, err)
	r := last(t, srv)
	assert.Equal(t, opRecords, string(r.Operation))
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "/v3/accounts/partner-accounts/adjust-records", r.Path)
	assert.Empty(t, r.Body)
	assert.Equal(t, url.Values{
		"customer_id":          {resellerID},
		"operation_type":       {"SOURCE_OPERATION_BERETRIEVE"},
		"operation_time_begin": {"2025-06-01T10:00:00Z"},
		"operation_time_end":   {"2025-06-02T08:00:00Z"},
		"trans_id":             {"T3"},
		"indirect_partner_id":  {"r9"},
		"offset":               {"2"},
		"limit":                {"5"},
	}, r.Query)

	_, err = c.Funds.Records(t.Context(), nil)
	require.NoError(t, err)
	assert.Empty(t, last(t, srv).Query)
}

func TestRecordsDecodesEveryField(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	seedHistory(t, srv)
	page, err := c.Funds.Records(t.Context(), &funds.RecordsParams{TransactionID: "T2"})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	r := page.Items[0]
	assert.Equal(t, "customer-2", r.CustomerID)
	assert.Equal(t, "Two", r.CustomerName)
	assert.Equal(t, funds.OperationTransfer, r.OperationType)
	assert.Equal(t, "20.50", r.Amount.String())
	assert.Equal(t, "CNY", r.Currency)
	assert.Equal(t, funds.MeasureYuan, r.MeasureID)
	assert.Equal(t, "T2", r.TransactionID)
	assert.True(t, t0.Add(time.Hour).Equal(r.OperationTime.Time))
	assert.Equal(t, 1, page.Total)
}

func TestRecordsFilters(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	seedHistory(t, srv)
	seedOther(t, srv)
	require.NoError(t, srv.SeedAdjustRecord(hwpartnertest.AdjustRecord{DistributorID: otherDomain, TransID: "X1",
		CustomerID: theirs, OperationType: string(funds.OperationTransfer), Amount: hwpartnertest.MustParseAmount(t, "1.00"), OperationTime: t0}))

	cases := map[string]struct {
		p    funds.RecordsParams
		want []string
	}{
		"all, newest first": {funds.RecordsParams{}, []string{"T4", "T3", "T2", "T1"}},
		"customer":          {funds.RecordsParams{CustomerID: resellerID}, []string{"T4", "T3", "T1"}},
		"operation type":    {funds.RecordsParams{OperationType: funds.OperationTransfer}, []string{"T2", "T1"}},
		"unbind":            {funds.RecordsParams{OperationType: funds.OperationUnbindReclaim}, []string{"T4"}},
		"from":              {funds.RecordsParams{From: t0.Add(2 * time.Hour)}, []string{"T4", "T3"}},
		"to":                {funds.RecordsParams{To: t0.Add(time.Hour)}, []string{"T2", "T1"}},
		"window":            {funds.RecordsParams{From: t0.Add(time.Hour), To: t0.Add(2 * time.Hour)}, []string{"T3", "T2"}},
		"transaction":       {funds.RecordsParams{TransactionID: "T3"}, []string{"T3"}},
		"combined":          {funds.RecordsParams{CustomerID: resellerID, OperationType: funds.OperationTransfer, To: t0}, []string{"T1"}},
		"another's":         {funds.RecordsParams{TransactionID: "X1"}, []string{}},
		// The fake keeps no records between a reseller and its customers.
		"of a reseller": {funds.RecordsParams{OfReseller: resellerID}, []string{}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			page, err := c.Funds.Records(t.Context(), &tc.p)
			require.NoError(t, err)
			assert.Equal(t, tc.want, transIDs(page.Items))
			assert.Equal(t, len(tc.want), page.Total)
		})
	}
}

func TestRecordsOfMoves(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	tr, err := c.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: resellerID, Amount: amount(t, "12.34")})
	require.NoError(t, err)
	rc, err := c.Funds.Reclaim(t.Context(), &funds.ReclaimParams{ResellerID: resellerID, Amount: amount(t, "2.34")})
	require.NoError(t, err)
	page, err := c.Funds.Records(t.Context(), &funds.RecordsParams{CustomerID: resellerID})
	require.NoError(t, err)
	assert.Equal(t, []string{rc.TransactionID, tr.TransactionID}, transIDs(page.Items))
	assertAmount(t, "2.34", page.Items[0].Amount)
	assert.Equal(t, funds.OperationReclaim, page.Items[0].OperationType)
	assert.Equal(t, "Acme", page.Items[1].CustomerName)
}

func TestRecordsIterWalksEveryPage(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	for i := range 23 {
		require.NoError(t, srv.SeedAdjustRecord(hwpartnertest.AdjustRecord{TransID: fmt.Sprintf("T%02d", i), CustomerID: resellerID,
			OperationType: string(funds.OperationTransfer), Amount: hwpartnertest.MustParseAmount(t, "1.00"), OperationTime: t0.Add(time.Duration(i) * time.Minute)}))
	}
	var got []string
	for r, err := range c.Funds.RecordsIter(t.Context(), &funds.RecordsParams{ListOptions: core.ListOptions{Limit: 5}}) {
		require.NoError(t, err)
		got = append(got, r.TransactionID)
	}
	require.Len(t, got, 23)
	assert.Equal(t, "T22", got[0])
	assert.Equal(t, "T00", got[22])
	assert.Equal(t, 5, srv.RequestCount(opRecords))

	page, err := c.Funds.Records(t.Context(), &funds.RecordsParams{ListOptions: core.ListOptions{Offset: 20, Limit: 5}})
	require.NoError(t, err)
	assert.Equal(t, []string{"T02", "T01", "T00"}, transIDs(page.Items))
	assert.False(t, page.HasMore())

	n := 0
	for _, err := range c.Funds.RecordsIter(t.Context(), nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 23, n)
	assert.Equal(t, url.Values{"limit": {"100"}}, last(t, srv).Query)
}

func TestRecordsValidationSendsNothing(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	_, err := c.Funds.Records(t.Context(), &funds.RecordsParams{
		CustomerID:    strings.Repeat("c", 65),
		OperationType: "SOURCE_OPERATION_OTHER",
		From:          time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		To:            time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC),
		TransactionID: strings.Repeat("t", 129),
		OfReseller:    strings.Repeat("r", 65),
		ListOptions:   core.ListOptions{Offset: -1, Limit: 101},
	})
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, opRecords, string(ve.Operation))
	for _, f := range []string{"customer_id", "operation_type", "operation_time_begin", "operation_time_end", "trans_id", "indirect_partner_id", "offset", "limit"} {
		assert.True(t, ve.Has(f), f)
	}
	assert.Len(t, ve.Fields, 8)
	assert.Zero(t, srv.RequestCount(""))

	// The limits themselves are fine.
	_, err = c.Funds.Records(t.Context(), &funds.RecordsParams{
		CustomerID: strings.Repeat("c", 64), TransactionID: strings.Repeat("t", 128), OfReseller: strings.Repeat("r", 64),
		ListOptions: core.ListOptions{Offset: 1 << 30, Limit: 100},
	})
	require.NoError(t, err)
}

func TestRecordsByAccountKind(t *testing.T) {
	t.Parallel()
	_, srv := setup(t)
	seedHistory(t, srv)
	page, err := asKind(t, srv, hwpartnertest.SolutionProvider).Funds.Records(t.Context(), nil)
	require.NoError(t, err)
	assert.Empty(t, page.Items, "a solution provider sees only its own records")

	_, srv = setup(t)
	_, err = asKind(t, srv, hwpartnertest.Reseller).Funds.Records(t.Context(), nil)
	assert.ErrorIs(t, err, hwpartner.ErrPermission)
}
