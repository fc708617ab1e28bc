package vouchers_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

func TestIssueWireAndEffect(t *testing.T) {
	t.Parallel()
	e := setup(t)
	res, err := e.c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{
		QuotaID: parentID, ResellerIDs: []string{r1, r2}, Amount: amount(t, "100.5"),
	})
	require.NoError(t, err)

	w := e.wire.last(t)
	assert.Equal(t, http.MethodPost, w.Method)
	assert.Equal(t, "/v2/partners/coupon-quotas/indirect-partner-adjust", w.Path)
	assert.JSONEq(t, `{"quota_id":"PARENT-0001","indirect_partner_ids":["reseller-0001","reseller-0002"],"quota_amount":"100.50"}`, string(w.Body))

	require.Len(t, res.Issued, 2)
	assert.Empty(t, res.Failures)
	assert.Empty(t, res.Unreported)
	assert.Empty(t, res.Failed())
	assert.NotEmpty(t, res.RequestID)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "799.00", e.balance(t, parentID))
	for i, want := range []string{r1, r2} {
		assert.Equal(t, want, res.Issued[i].ResellerID)
		child, ok := e.srv.Quota(res.Issued[i].QuotaID)
		require.True(t, ok)
		assert.Equal(t, parentID, child.ParentID)
		assert.Equal(t, want, child.Owner)
		assert.Equal(t, hwpartnertest.MustParseAmount(t, "100.50"), child.Balance)
	}
}

func TestIssuePartialFailure(t *testing.T) {
	t.Parallel()
	e := setup(t)
	res, err := e.c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{
		QuotaID: parentID, ResellerIDs: []string{r1, foreign, "no-such-reseller", r2}, Amount: amount(t, "10"),
	})
	require.Error(t, err, "a failed reseller must surface as an error")
	require.NotNil(t, res, "the successes stay available")

	var pe *vouchers.PartialError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "UpdateCouponQuotas", pe.Operation)
	assert.Equal(t, 4, pe.Items)
	assert.Equal(t, []string{foreign, "no-such-reseller"}, res.Failed())
	assert.Equal(t, res.Failures, pe.Failures)
	assert.Equal(t, "CBC.99000037", res.Failures[0].Code)
	assert.NotEmpty(t, res.Failures[0].Message)
	assert.True(t, hwpartner.IsPermission(err), "CBC.99000037 is a permission refusal")
	assert.False(t, hwpartner.IsOutcomeUnknown(err))
	var apiErr *hwpartner.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "CBC.99000037", apiErr.Code)
	assert.Contains(t, err.Error(), "2 of 4 items failed")
	assert.Contains(t, err.Error(), foreign+" CBC.99000037")

	require.Len(t, res.Issued, 2)
	assert.Equal(t, r1, res.Issued[0].ResellerID)
	assert.Equal(t, r2, res.Issued[1].ResellerID)
	assert.Equal(t, "980.00", e.balance(t, parentID))
}

func TestIssueInsufficientParentBalance(t *testing.T) {
	t.Parallel()
	e := setup(t)
	res, err := e.c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{
		QuotaID: parentID, ResellerIDs: []string{r1, r2, r3}, Amount: amount(t, "400"),
	})
	assert.True(t, hwpartner.IsInsufficientBalance(err), "got %v", err)
	require.NotNil(t, res)
	assert.Len(t, res.Issued, 2)
	assert.Equal(t, []string{r3}, res.Failed())
	assert.Equal(t, "CBC.99005003", res.Failures[0].Code)
	assert.Equal(t, "200.00", e.balance(t, parentID))
}

func TestIssueFromUnusableQuota(t *testing.T) {
	t.Parallel()
	e := setup(t)
	frozen, err := e.srv.SeedQuota(hwpartnertest.VoucherQuota{Value: hwpartnertest.MustParseAmount(t, "50")})
	require.NoError(t, err)
	require.NoError(t, e.srv.FreezeQuota(frozen))
	expired, err := e.srv.SeedQuota(hwpartnertest.VoucherQuota{Value: hwpartnertest.MustParseAmount(t, "50")})
	require.NoError(t, err)
	require.NoError(t, e.srv.ExpireQuota(expired))
	for _, id := range []string{frozen, expired, "no-such-quota"} {
		res, err := e.c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{QuotaID: id, ResellerIDs: []string{r1, r2}, Amount: amount(t, "1")})
		var pe *vouchers.PartialError
		require.ErrorAs(t, err, &pe, id)
		assert.Empty(t, res.Issued, id)
		require.Len(t, pe.Failures, 2, id)
		for _, f := range pe.Failures {
			assert.Equal(t, "CBC.99000012", f.Code, id)
		}
	}
	assert.Equal(t, "50.00", e.balance(t, frozen))
}

func TestIssueValidation(t *testing.T) {
	t.Parallel()
	e := setup(t)
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("r%d", i)
	}
	cases := []struct {
		name   string
		p      *vouchers.IssueParams
		fields []string
	}{
		{"nil", nil, []string{"quota_id", "indirect_partner_ids", "quota_amount"}},
		{"empty", &vouchers.IssueParams{}, []string{"quota_id", "indirect_partner_ids", "quota_amount"}},
		{"too many resellers", &vouchers.IssueParams{QuotaID: "q", ResellerIDs: many, Amount: amount(t, "1")}, []string{"indirect_partner_ids"}},
		{"bad items", &vouchers.IssueParams{QuotaID: strings.Repeat("q", 65), ResellerIDs: []string{r1, "", strings.Repeat("r", 65)}, Amount: amount(t, "0.001")},
			[]string{"quota_id", "indirect_partner_ids[1]", "indirect_partner_ids[2]", "quota_amount"}},
		{"negative", &vouchers.IssueParams{QuotaID: "q", ResellerIDs: []string{r1}, Amount: amount(t, "-1")}, []string{"quota_amount"}},
		{"repeated resellers", &vouchers.IssueParams{QuotaID: "q", ResellerIDs: []string{r1, r2, r1, "", "", r2, r1}, Amount: amount(t, "1")},
			[]string{"indirect_partner_ids[3]", "indirect_partner_ids[4]", "indirect_partner_ids[2]", "indirect_partner_ids[5]", "indirect_partner_ids[6]"}},
	}
	for _, tc := range cases {
		res, err := e.c.Vouchers.Issue(t.Context(), tc.p)
		assert.Nil(t, res, tc.name)
		var ve *hwpartner.ValidationError
		require.ErrorAs(t, err, &ve, tc.name)
		assert.Equal(t, "UpdateCouponQuotas", ve.Operation, tc.name)
		got := fields(t, err)
		assert.Equal(t, tc.fields, got, tc.name)
		assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest, tc.name)
	}
	ok100 := &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: many[:100], Amount: amount(t, "0.01")}
	require.NoError(t, ok100.Validate(), "100 resellers are allowed")
	assert.Empty(t, e.wire.sent(), "nothing may be sent for bad input")
	assert.Zero(t, e.srv.RequestCount(""))
}

// A reseller listed twice is refused before anything is sent: the API
// would give it two quotas.
func TestIssueRepeatedReseller(t *testing.T) {
	t.Parallel()
	e := setup(t)
	res, err := e.c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{
		QuotaID: parentID, ResellerIDs: []string{r1, r2, r3, r1}, Amount: amount(t, "10"),
	})
	assert.Nil(t, res)
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "UpdateCouponQuotas", ve.Operation)
	assert.Equal(t, []hwpartner.FieldError{{Field: "indirect_partner_ids[3]", GoField: "ResellerIDs[3]", Problem: "repeats an earlier id: the API would issue to it twice"}}, ve.Fields)
	assert.ErrorContains(t, err, "ResellerIDs[3] (indirect_partner_ids[3]) repeats an earlier id", "the field the caller set, with its wire name")
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	assert.False(t, hwpartner.IsOutcomeUnknown(err))
	assert.NotContains(t, err.Error(), r1, "the id itself is not printed")

	assert.Empty(t, e.wire.sent())
	assert.Zero(t, e.srv.RequestCount(""), "no request reached the server")
	assert.Equal(t, "1000.00", e.balance(t, parentID))
	issued, err := e.c.Vouchers.Issued(t.Context(), &vouchers.IssuedParams{ParentQuotaID: hwpartner.Ptr(parentID)})
	require.NoError(t, err)
	assert.Empty(t, issued.Items)
}

// Issue is never resent once the request may have reached the server.
func TestIssueNotRetried(t *testing.T) {
	t.Parallel()
	p := func(t *testing.T) *vouchers.IssueParams {
		return &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: []string{r1}, Amount: amount(t, "5")}
	}
	t.Run("503", func(t *testing.T) {
		t.Parallel()
		e := setup(t)
		e.srv.InjectFault("UpdateCouponQuotas", hwpartnertest.Fault{Status: http.StatusServiceUnavailable, Code: "CBC.0999", Times: 1})
		res, err := e.c.Vouchers.Issue(t.Context(), p(t))
		assert.Nil(t, res)
		assert.True(t, hwpartner.IsOutcomeUnknown(err), "got %v", err)
		assert.Contains(t, err.Error(), "vouchers.Records")
		assert.Equal(t, 1, e.srv.RequestCount("UpdateCouponQuotas"))
	})
	t.Run("dropped after processing", func(t *testing.T) {
		t.Parallel()
		e := setup(t)
		e.srv.InjectFault("UpdateCouponQuotas", hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})
		res, err := e.c.Vouchers.Issue(t.Context(), p(t))
		assert.Nil(t, res)
		assert.True(t, hwpartner.IsOutcomeUnknown(err), "got %v", err)
		assert.Equal(t, 1, e.srv.RequestCount("UpdateCouponQuotas"))
		// The server did issue: the records tell, which is why nothing is resent.
		assert.Equal(t, "995.00", e.balance(t, parentID))
		page, err := e.c.Vouchers.Records(t.Context(), &vouchers.RecordsParams{ParentQuotaID: hwpartner.Ptr(parentID)})
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		assert.Equal(t, vouchers.ResultSucceeded, page.Items[0].Result)
	})
	t.Run("throttled", func(t *testing.T) {
		t.Parallel()
		e := setup(t)
		e.srv.InjectFault("UpdateCouponQuotas", hwpartnertest.Fault{Status: http.StatusTooManyRequests, Code: "CBC.0250", Times: 1})
		_, err := e.c.Vouchers.Issue(t.Context(), p(t))
		assert.True(t, hwpartner.IsThrottled(err))
		assert.False(t, hwpartner.IsOutcomeUnknown(err), "a throttled request was not carried out")
		assert.Equal(t, 1, e.srv.RequestCount("UpdateCouponQuotas"))
		assert.Equal(t, "1000.00", e.balance(t, parentID))
	})
}

func TestIssueRefusedForOtherAccounts(t *testing.T) {
	t.Parallel()
	e := setup(t)
	require.NoError(t, e.srv.AddCredential(hwpartnertest.Credential{
		AccessKey: "SPAK", SecretKey: "sp-secret",
		Account: hwpartnertest.Account{DomainID: "sp-domain", Name: "sp", Kind: hwpartnertest.SolutionProvider},
	}))
	c, err := hwpartner.NewClient(hwpartner.WithAKSK("SPAK", "sp-secret"), hwpartner.WithEndpoint(e.srv.URL))
	require.NoError(t, err)
	_, err = c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{QuotaID: parentID, ResellerIDs: []string{r1}, Amount: amount(t, "1")})
	var apiErr *hwpartner.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "CBC.0155", apiErr.Code)
	assert.Equal(t, http.StatusForbidden, apiErr.StatusCode)
	assert.NotEmpty(t, apiErr.RequestID)
	assert.True(t, hwpartner.IsPermission(err))
	assert.Equal(t, "1000.00", e.balance(t, parentID))
}

// An answer that leaves an item out makes that item's outcome unknown.
func TestIssueUnreportedItem(t *testing.T) {
	t.Parallel()
	c := cannedClient(t, `{"simple_quota_infos":[{"id":"a","quota_id":"qa"}],"error_details":[{"id":"b","error_code":"CBC.99000037","error_msg":"no X-Auth-Token: secret here"}]}`)
	res, err := c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{QuotaID: "p", ResellerIDs: []string{"a", "b", "c", "d"}, Amount: amount(t, "1")})
	require.NotNil(t, res)
	assert.Equal(t, []string{"c", "d"}, res.Unreported, "c and d are missing from the answer")
	assert.True(t, hwpartner.IsOutcomeUnknown(err))
	assert.Contains(t, err.Error(), "2 items missing from the answer")
	assert.NotContains(t, res.Failures[0].Message, "secret", "echoed credentials are removed")
	assert.NotContains(t, err.Error(), "secret")
}

func TestPartialErrorText(t *testing.T) {
	t.Parallel()
	pe := &vouchers.PartialError{Operation: "ReclaimCouponQuotas", Items: 10, Unreported: []string{"u1", "u2", "u3", "u4"}}
	for i := range 5 {
		pe.Failures = append(pe.Failures, vouchers.Failure{ID: fmt.Sprintf("q%d", i), Code: "CBC.99000012"})
	}
	assert.Equal(t, "hwpartner: vouchers.ReclaimCouponQuotas: 5 of 10 items failed: q0 CBC.99000012, q1 CBC.99000012, q2 CBC.99000012, and 2 more"+
		"; 4 items missing from the answer, outcome unknown: u1, u2, u3, and 1 more", pe.Error())
	assert.Len(t, pe.Unwrap(), 6)
	assert.True(t, errors.Is(pe, hwpartner.ErrOutcomeUnknown))
	assert.False(t, errors.Is(pe, hwpartner.ErrInsufficientBalance))
}
