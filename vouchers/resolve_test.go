package vouchers_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

const (
	opIssueName   = "UpdateCouponQuotas"
	opReclaimName = "ReclaimCouponQuotas"
)

func resolutions(res *vouchers.ResolveResult) map[string]vouchers.Resolution {
	out := map[string]vouchers.Resolution{}
	for _, it := range res.Items {
		out[it.ID] = it.Resolution
	}
	return out
}

func TestResolveIssue(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		drop hwpartnertest.Drop
		want vouchers.Resolution
	}{
		"carried out, answer lost": {hwpartnertest.DropAfterProcessing, vouchers.Recorded},
		"lost before processing":   {hwpartnertest.DropAfterRead, vouchers.NotRecorded},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			e.srv.InjectFault(opIssueName, hwpartnertest.Fault{Drop: tc.drop, Times: 1})
			_, err := e.c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: []string{r1, r2}, Amount: amount(t, "5")})
			var unknown *vouchers.OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			assert.True(t, hwpartner.IsOutcomeUnknown(err))
			assert.Equal(t, []string{r1, r2}, unknown.Lookup.ResellerIDs)

			res, err := e.c.Vouchers.Resolve(t.Context(), &unknown.Lookup)
			require.NoError(t, err)
			assert.Equal(t, map[string]vouchers.Resolution{r1: tc.want, r2: tc.want}, resolutions(res))
			if tc.want == vouchers.Recorded {
				rec := res.Of(r1).Record
				require.NotNil(t, rec)
				assert.Equal(t, vouchers.ResultSucceeded, rec.Result)
				assert.Equal(t, "990.00", e.balance(t, parentID))
			}
		})
	}
}

// Two identical issues whose answers were both lost: the records cannot
// tell which is which.
func TestResolveIssueAmbiguous(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.srv.InjectFault(opIssueName, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 2})
	p := &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: []string{r1}, Amount: amount(t, "5")}
	_, err := e.c.Vouchers.Issue(t.Context(), p)
	var first *vouchers.OutcomeUnknownError
	require.ErrorAs(t, err, &first)
	_, err = e.c.Vouchers.Issue(t.Context(), p)
	require.Error(t, err)

	res, err := e.c.Vouchers.Resolve(t.Context(), &first.Lookup)
	require.NoError(t, err)
	assert.Equal(t, vouchers.Ambiguous, res.Of(r1).Resolution)
	assert.Len(t, res.Of(r1).Matches, 2)
}

func TestResolveReclaim(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		drop hwpartnertest.Drop
		want vouchers.Resolution
	}{
		"carried out, answer lost": {hwpartnertest.DropAfterProcessing, vouchers.Recorded},
		"lost before processing":   {hwpartnertest.DropAfterRead, vouchers.NotRecorded},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			issued, err := e.c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: []string{r1, r2}, Amount: amount(t, "5")})
			require.NoError(t, err)
			ids := []string{issued.Issued[0].QuotaID, issued.Issued[1].QuotaID}
			e.srv.InjectFault(opReclaimName, hwpartnertest.Fault{Drop: tc.drop, Times: 1})
			_, err = e.c.Vouchers.Reclaim(t.Context(), &vouchers.ReclaimParams{QuotaIDs: ids})
			var unknown *vouchers.OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			assert.Equal(t, ids, unknown.Lookup.QuotaIDs)

			res, err := e.c.Vouchers.Resolve(t.Context(), &unknown.Lookup)
			require.NoError(t, err)
			assert.Equal(t, map[string]vouchers.Resolution{ids[0]: tc.want, ids[1]: tc.want}, resolutions(res))
		})
	}
}

// A batch run stopped by a lost answer says, through Lookup, how to find
// out what became of the batch.
func TestResolveIssueInBatches(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ids := e.manyResellers(t, 150)
	// The first batch is answered, the second carried out without one.
	e.wire.after = func(n int) {
		if n == 1 {
			e.srv.InjectFault(opIssueName, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})
		}
	}
	res, err := e.c.Vouchers.IssueInBatches(t.Context(), &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: ids, Amount: amount(t, "1")})
	require.Error(t, err)
	require.Len(t, res.Unknown(), 50)
	lookup := res.Lookup()
	require.NotNil(t, lookup)
	assert.Equal(t, res.Unknown(), lookup.ResellerIDs)

	out, err := e.c.Vouchers.Resolve(t.Context(), lookup)
	require.NoError(t, err)
	for _, it := range out.Items {
		assert.Equal(t, vouchers.Recorded, it.Resolution, it.ID)
	}
	assert.Len(t, out.Items, 50)
}

// An answer without its records list is not taken as "no record".
func TestResolveNeedsTheRecordsList(t *testing.T) {
	t.Parallel()
	c := cannedClient(t, `{"total_count":0}`)
	res, err := c.Vouchers.Resolve(t.Context(), &vouchers.ResolveParams{Operation: vouchers.OperationIssue, QuotaID: parentID,
		ResellerIDs: []string{r1}, Amount: amount(t, "1"), Started: time.Now(), Aligned: true})
	require.NoError(t, err)
	assert.Equal(t, vouchers.Ambiguous, res.Of(r1).Resolution)

	c = cannedClient(t, `{"total_count":0,"records":[]}`)
	res, err = c.Vouchers.Resolve(t.Context(), &vouchers.ResolveParams{Operation: vouchers.OperationIssue, QuotaID: parentID,
		ResellerIDs: []string{r1}, Amount: amount(t, "1"), Started: time.Now(), Aligned: true})
	require.NoError(t, err)
	assert.Equal(t, vouchers.NotRecorded, res.Of(r1).Resolution)
}

func TestResolveValidation(t *testing.T) {
	t.Parallel()
	e := setup(t)
	_, err := e.c.Vouchers.Resolve(t.Context(), &vouchers.ResolveParams{Operation: vouchers.OperationIssue})
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Empty(t, e.wire.sent())
}
