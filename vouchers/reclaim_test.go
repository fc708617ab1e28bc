package vouchers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// issue gives amount to each reseller and returns the new quota ids.
func (e *env) issue(t *testing.T, amt string, resellers ...string) []string {
	t.Helper()
	res, err := e.c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: resellers, Amount: amount(t, amt)})
	require.NoError(t, err)
	ids := make([]string, len(res.Issued))
	for i, is := range res.Issued {
		ids[i] = is.QuotaID
	}
	return ids
}

func TestReclaimWireAndEffect(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ids := e.issue(t, "100", r1, r2)
	require.NoError(t, e.srv.SpendQuota(ids[0], hwpartnertest.MustParseAmount(t, "30.25")))

	res, err := e.c.Vouchers.Reclaim(t.Context(), &vouchers.ReclaimParams{QuotaIDs: ids})
	require.NoError(t, err)
	w := e.wire.last(t)
	assert.Equal(t, http.MethodPost, w.Method)
	assert.Equal(t, "/v2/partners/coupon-quotas/indirect-partner-reclaim", w.Path)
	assert.JSONEq(t, `{"quota_ids":["`+ids[0]+`","`+ids[1]+`"]}`, string(w.Body), "no remark given, none sent")

	require.Len(t, res.Reclaimed, 2)
	assert.Empty(t, res.Failed())
	assert.Empty(t, res.Unreported)
	for i, r := range res.Reclaimed {
		assert.Equal(t, ids[i], r.QuotaID)
		assert.Equal(t, "0.00", r.BalanceAfter.String(), "quota_balance is the balance after the reclaim")
		q, _ := e.srv.Quota(ids[i])
		assert.Equal(t, int(vouchers.StatusReclaimed), q.Status)
		assert.Equal(t, hwpartnertest.MustParseAmount(t, "0.00"), q.Balance)
	}
	// 1000 - 200 issued + 69.75 and 100 reclaimed: the unused remainders
	// went back to the parent.
	assert.Equal(t, "969.75", e.balance(t, parentID))

	// What went back is in the reclaim records.
	for i, want := range []string{"69.75", "100.00"} {
		page, err := e.c.Vouchers.Records(t.Context(), &vouchers.RecordsParams{QuotaID: ids[i], Operation: vouchers.OperationReclaim})
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		rec := page.Items[0]
		assert.Equal(t, vouchers.ResultSucceeded, rec.Result)
		assert.Equal(t, parentID, rec.ParentQuotaID)
		assert.Equal(t, want, rec.Amount.String(), "the record carries the amount returned")
	}
}

// The answer's quota_balance is decoded as the API sends it, whatever it
// is: a balance after a partial reclaim is not turned into anything else.
func TestReclaimBalanceAfterAsReported(t *testing.T) {
	t.Parallel()
	c := cannedClient(t, `{"simple_quota_infos":[{"quota_id":"a","quota_balance":0},{"quota_id":"b","quota_balance":"12.30"}],"error_details":[]}`)
	res, err := c.Vouchers.Reclaim(t.Context(), &vouchers.ReclaimParams{QuotaIDs: []string{"a", "b"}})
	require.NoError(t, err)
	require.Len(t, res.Reclaimed, 2)
	assert.True(t, res.Reclaimed[0].BalanceAfter.IsZero())
	assert.Equal(t, "12.30", res.Reclaimed[1].BalanceAfter.String())
}

func TestReclaimRemark(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ids := e.issue(t, "1", r1, r2)
	_, err := e.c.Vouchers.Reclaim(t.Context(), &vouchers.ReclaimParams{QuotaIDs: ids[:1], Remark: hwpartner.Ptr("")})
	require.NoError(t, err)
	assert.JSONEq(t, `{"quota_ids":["`+ids[0]+`"],"remark":""}`, string(e.wire.last(t).Body), `"" is sent: the API stores it`)
	_, err = e.c.Vouchers.Reclaim(t.Context(), &vouchers.ReclaimParams{QuotaIDs: ids[1:], Remark: hwpartner.Ptr("end of campaign")})
	require.NoError(t, err)
	assert.JSONEq(t, `{"quota_ids":["`+ids[1]+`"],"remark":"end of campaign"}`, string(e.wire.last(t).Body))

	page, err := e.c.Vouchers.Records(t.Context(), &vouchers.RecordsParams{QuotaID: ids[1], Operation: vouchers.OperationReclaim})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, "end of campaign", page.Items[0].Remark)
}

func TestReclaimPartialFailure(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ids := e.issue(t, "10", r1, r2, r3)
	_, err := e.c.Vouchers.Reclaim(t.Context(), &vouchers.ReclaimParams{QuotaIDs: ids[:1]})
	require.NoError(t, err)
	require.NoError(t, e.srv.FreezeQuota(ids[1]))

	res, err := e.c.Vouchers.Reclaim(t.Context(), &vouchers.ReclaimParams{
		QuotaIDs: []string{ids[0], ids[1], ids[2], "no-such-quota", parentID},
	})
	var pe *vouchers.PartialError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "ReclaimCouponQuotas", pe.Operation)
	require.NotNil(t, res)
	assert.Equal(t, []string{ids[0], ids[1], "no-such-quota", parentID}, res.Failed(),
		"already reclaimed, frozen, unknown, and not a reseller quota")
	for _, f := range res.Failures {
		assert.Equal(t, "CBC.99000012", f.Code)
	}
	require.Len(t, res.Reclaimed, 1)
	assert.Equal(t, ids[2], res.Reclaimed[0].QuotaID)
	assert.Equal(t, "990.00", e.balance(t, parentID), "1000 - 30 issued + 10 + 10 reclaimed")
}

func TestReclaimValidation(t *testing.T) {
	t.Parallel()
	e := setup(t)
	eleven := strings.Split("a b c d e f g h i j k", " ")
	cases := []struct {
		name   string
		p      *vouchers.ReclaimParams
		fields []string
	}{
		{"nil", nil, []string{"quota_ids"}},
		{"none", &vouchers.ReclaimParams{QuotaIDs: []string{}}, []string{"quota_ids"}},
		{"eleven", &vouchers.ReclaimParams{QuotaIDs: eleven}, []string{"quota_ids"}},
		{"bad items and remark", &vouchers.ReclaimParams{QuotaIDs: []string{"", strings.Repeat("x", 65)}, Remark: hwpartner.Ptr(strings.Repeat("备", 257))},
			[]string{"quota_ids[0]", "quota_ids[1]", "remark"}},
		{"repeated ids", &vouchers.ReclaimParams{QuotaIDs: []string{"a", "b", "a", "", "", "b", "a"}},
			[]string{"quota_ids[3]", "quota_ids[4]", "quota_ids[2]", "quota_ids[5]", "quota_ids[6]"}},
	}
	for _, tc := range cases {
		res, err := e.c.Vouchers.Reclaim(t.Context(), tc.p)
		assert.Nil(t, res)
		var ve *hwpartner.ValidationError
		require.ErrorAs(t, err, &ve, tc.name)
		assert.Equal(t, "ReclaimCouponQuotas", ve.Operation)
		got := fields(t, err)
		assert.Equal(t, tc.fields, got, tc.name)
	}
	require.NoError(t, (&vouchers.ReclaimParams{QuotaIDs: eleven[:10], Remark: hwpartner.Ptr(strings.Repeat("备", 256))}).Validate())
	assert.Empty(t, e.wire.sent())
}

// A quota listed twice is refused before anything is sent, and nothing
// moves.
func TestReclaimRepeatedQuota(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ids := e.issue(t, "10", r1, r2)
	e.wire.reset()
	before := e.srv.RequestCount("")

	res, err := e.c.Vouchers.Reclaim(t.Context(), &vouchers.ReclaimParams{QuotaIDs: []string{ids[0], ids[1], ids[0]}})
	assert.Nil(t, res)
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "ReclaimCouponQuotas", ve.Operation)
	assert.Equal(t, []hwpartner.FieldError{{Field: "quota_ids[2]", GoField: "QuotaIDs[2]", Problem: "repeats an earlier id: the API would reclaim it twice"}}, ve.Fields)
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	assert.NotContains(t, err.Error(), ids[0], "the id itself is not printed")

	assert.Empty(t, e.wire.sent())
	assert.Equal(t, before, e.srv.RequestCount(""), "no request reached the server")
	assert.Equal(t, "980.00", e.balance(t, parentID))
	for _, id := range ids {
		q, _ := e.srv.Quota(id)
		assert.Equal(t, int(vouchers.StatusNormal), q.Status)
		assert.Equal(t, hwpartnertest.MustParseAmount(t, "10.00"), q.Balance)
	}
}

func TestReclaimNotRetried(t *testing.T) {
	t.Parallel()
	for _, f := range []hwpartnertest.Fault{
		{Status: http.StatusBadGateway, Times: 1},
		{Drop: hwpartnertest.DropAfterProcessing, Times: 1},
	} {
		e := setup(t)
		ids := e.issue(t, "10", r1)
		e.srv.InjectFault("ReclaimCouponQuotas", f)
		res, err := e.c.Vouchers.Reclaim(t.Context(), &vouchers.ReclaimParams{QuotaIDs: ids})
		assert.Nil(t, res)
		assert.True(t, hwpartner.IsOutcomeUnknown(err), "got %v", err)
		assert.Contains(t, err.Error(), "vouchers.Issued")
		assert.Equal(t, 1, e.srv.RequestCount("ReclaimCouponQuotas"))
	}
}
