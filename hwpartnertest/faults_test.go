package hwpartnertest_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// recordingTB keeps what the server reports as misuse instead of failing.
type recordingTB struct {
	testing.TB
	errs []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestUnknownOperationNamesAreRefused(t *testing.T) {
	t.Parallel()
	tb := &recordingTB{TB: t}
	srv := hwpartnertest.NewServer(tb)
	srv.SeedDemo()

	err := srv.InjectFault("UpdateIndirectPartnerAcount", hwpartnertest.Fault{Status: 503})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown operation "UpdateIndirectPartnerAcount" (did you mean "UpdateIndirectPartnerAccount"?)`)
	assert.Equal(t, -1, srv.RequestCount("ListIndirectPartner"), "no expected count matches a typo")
	assert.Len(t, tb.errs, 2, "both mistakes fail the test")

	// The refused fault was not installed: the transfer goes through.
	c := client(t, srv)
	_, err = c.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: hwpartnertest.DemoReseller1, Amount: hwpartner.AmountFromYuan(1)})
	require.NoError(t, err)
	assert.Equal(t, 1, srv.RequestCount(hwpartnertest.OpUpdateIndirectPartnerAccount))
	assert.Equal(t, 1, srv.RequestCount(""))

	_, err = hwpartnertest.Start(hwpartnertest.WithErrorInjection("ListQuotaCoupon", 500, "CBC.0999"))
	assert.ErrorContains(t, err, `did you mean "ListQuotaCoupons"`)

	plain, err := hwpartnertest.Start()
	require.NoError(t, err)
	defer plain.Close()
	assert.ErrorContains(t, plain.InjectFault("", hwpartnertest.Fault{Status: 500}), "unknown operation")
	assert.Equal(t, -1, plain.RequestCount("nope"))
}

func TestFaultsThatCannotApplyAreRefused(t *testing.T) {
	t.Parallel()
	srv, err := hwpartnertest.Start()
	require.NoError(t, err)
	defer srv.Close()
	const op = hwpartnertest.OpListPartnerBalances
	for name, f := range map[string]hwpartnertest.Fault{
		"nothing":          {},
		"negative times":   {Status: 500, Times: -1},
		"negative after":   {Status: 500, After: -1},
		"answer and drop":  {Status: 500, Drop: hwpartnertest.DropAfterRead},
		"status below 200": {Status: 100},
		"unknown drop":     {Drop: 9},
	} {
		assert.Error(t, srv.InjectFault(op, f), name)
	}
	assert.Empty(t, srv.Faults(op))
}

// Every operation constant names an operation the server serves, and
// every operation served has a constant.
func TestOpConstantsMatchTheRoutes(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	assert.ElementsMatch(t, []hwpartnertest.Op{
		hwpartnertest.OpKeystoneCreateUserTokenByPassword,
		hwpartnertest.OpListIndirectPartners, hwpartnertest.OpListPartnerBalances,
		hwpartnertest.OpUpdateIndirectPartnerAccount, hwpartnertest.OpReclaimIndirectPartnerAccount,
		hwpartnertest.OpListPartnerAdjustRecords,
		hwpartnertest.OpListQuotaCoupons, hwpartnertest.OpUpdateCouponQuotas, hwpartnertest.OpReclaimCouponQuotas,
		hwpartnertest.OpListIssuedCouponQuotas, hwpartnertest.OpListCouponQuotasRecords,
		hwpartnertest.OpListIncentiveDiscountPolicies,
		hwpartnertest.OpCreatePersonalRealnameAuth, hwpartnertest.OpCreateEnterpriseRealnameAuthentication,
		hwpartnertest.OpChangeEnterpriseRealnameAuthentication, hwpartnertest.OpShowRealnameAuthenticationReviewResult,
		hwpartnertest.OpListSubCustomers, hwpartnertest.OpCheckUserIdentity, hwpartnertest.OpSendVerificationMessageCode,
		hwpartnertest.OpCreateSubCustomer, hwpartnertest.OpListCustomersBalancesDetail,
		hwpartnertest.OpUpdateCustomerAccountAmount, hwpartnertest.OpReclaimToPartnerAccount,
		hwpartnertest.OpListPartnerAccountChangeRecords, hwpartnertest.OpShowSubCustomerBudget,
		hwpartnertest.OpUpdateSubCustomerBudget, hwpartnertest.OpListSubCustomerBudget,
		hwpartnertest.OpListSubCustomerBudgetRecords, hwpartnertest.OpFreezeSubCustomers, hwpartnertest.OpUnfreezeSubCustomers,
		hwpartnertest.OpPutObject,
	}, srv.Ops())
}

func TestFaultAfterTargetsTheNthCall(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	srv.SeedDemo()
	c := client(t, srv)
	const op = hwpartnertest.OpUpdateIndirectPartnerAccount
	// The third transfer is carried out and its answer lost; the fifth is
	// refused. Each fault counts calls from its own injection.
	require.NoError(t, srv.InjectFault(op, hwpartnertest.Fault{After: 2, Times: 1, Drop: hwpartnertest.DropAfterProcessing}))
	require.NoError(t, srv.InjectFault(op, hwpartnertest.Fault{After: 4, Times: 1, Status: http.StatusBadRequest, Code: "CBC.99005003"}))
	assert.Equal(t, []hwpartnertest.Fault{
		{After: 2, Times: 1, Drop: hwpartnertest.DropAfterProcessing},
		{After: 4, Times: 1, Status: http.StatusBadRequest, Code: "CBC.99005003"},
	}, srv.Faults(op))

	var outcomes []string
	for range 6 {
		_, err := c.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: hwpartnertest.DemoReseller3, Amount: hwpartner.AmountFromYuan(1)})
		switch {
		case err == nil:
			outcomes = append(outcomes, "done")
		case hwpartner.IsOutcomeUnknown(err):
			outcomes = append(outcomes, "unknown")
		case hwpartner.IsInsufficientBalance(err):
			outcomes = append(outcomes, "refused")
		default:
			t.Fatal(err)
		}
	}
	assert.Equal(t, []string{"done", "done", "unknown", "done", "refused", "done"}, outcomes)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "5.00"), srv.Balance(hwpartnertest.DemoReseller3),
		"the dropped answer's transfer was carried out, the refused one was not")
	assert.Empty(t, srv.Faults(op), "both faults are used up")
	assert.Equal(t, 6, srv.RequestCount(op))
}
