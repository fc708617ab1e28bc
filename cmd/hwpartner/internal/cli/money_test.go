package cli_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

const transferOp = "UpdateIndirectPartnerAccount"

func TestTransferAsksOnATerminal(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.terminal = true

	r.stdin = "n\n"
	res := r.run("transfer", hwpartnertest.DemoReseller1, "100")
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stderr, "Transfer 100.00 CNY from your account to reseller "+hwpartnertest.DemoReseller1)
	assert.Contains(t, res.stderr, `POST /v2/accounts/partner-accounts/indirect-partner-adjust {"indirect_partner_id":"`+hwpartnertest.DemoReseller1+`","amount":"100.00"}`)
	assert.Contains(t, res.stderr, "Send it? [y/N]")
	assert.Contains(t, res.stderr, "not confirmed: nothing was sent")
	assert.Equal(t, 0, r.srv.RequestCount(transferOp))

	r.stdin = "" // end of input at the prompt
	res = r.run("transfer", hwpartnertest.DemoReseller1, "100")
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Equal(t, 0, r.srv.RequestCount(transferOp))

	r.stdin = "y\n"
	res = r.run("transfer", hwpartnertest.DemoReseller1, "100", "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	assert.JSONEq(t, `{"status":"done","operation":"transfer","reseller":"`+hwpartnertest.DemoReseller1+`",
		"amount":"100.00","amount_currency":"CNY","transaction_id":"AD000000000002","request_id":"fake-00000001","check":""}`, res.stdout)
	assert.Equal(t, 1, r.srv.RequestCount(transferOp))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "5100.00"), r.srv.Balance(hwpartnertest.DemoReseller1))
}

func TestMoneyCommandsRefuseScriptsWithoutYes(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.stdin = "y\n" // not a terminal: a "y" on stdin is not a confirmation
	for _, args := range [][]string{
		{"transfer", hwpartnertest.DemoReseller1, "100"},
		{"reclaim", hwpartnertest.DemoReseller1, "100"},
		{"quotas", "issue", hwpartnertest.DemoVoucherQuotaID, "10", hwpartnertest.DemoReseller1},
		{"quotas", "reclaim", "2025030100000001"},
		{"transfer", "--customer", hwpartnertest.DemoCustomerID, "10"},
		{"reclaim", "--customer", "demo-customer-0003", "10"},
		{"customers", "create", "--xaccount-id", "u-1", "--account-name", "shop-1", "--reseller", hwpartnertest.DemoReseller1,
			"--xaccount-type", hwpartnertest.DemoXAccountType},
	} {
		res := r.run(args...)
		assert.Equal(t, 2, res.code, "%v: %s", args, res.stderr)
		assert.Contains(t, res.stderr, "pass --yes to send it from a script", args)
	}
	assert.Equal(t, 0, r.srv.RequestCount(""), "nothing was sent, not even a customer lookup")
}

func TestDryRunShowsTheExactRequestAndSendsNothing(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	res := r.run("transfer", hwpartnertest.DemoReseller1, "99.9", "--dry-run")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "transfer-dry-run.table", res.stdout)
	assert.Contains(t, res.stderr, "dry run: nothing was sent")
	res = r.run("reclaim", hwpartnertest.DemoReseller1, "12", "--dry-run", "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "reclaim-dry-run.json", res.stdout)

	// 150 resellers: the SDK's batching, two calls.
	var ids []string
	for i := range 150 {
		ids = append(ids, fmt.Sprintf("r%031d", i))
	}
	args := append([]string{"quotas", "issue", hwpartnertest.DemoVoucherQuotaID, "10", "--dry-run", "-o", "csv"}, ids...)
	res = r.run(args...)
	require.Equal(t, 0, res.code, res.stderr)
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	require.Len(t, lines, 3, "a header and two batches")
	assert.True(t, strings.HasPrefix(lines[1], "UpdateCouponQuotas,POST,/v2/partners/coupon-quotas/indirect-partner-adjust,"), lines[1])
	assert.Equal(t, 100, strings.Count(lines[1], `""r0`), "the first batch holds 100 resellers")
	assert.Equal(t, 50, strings.Count(lines[2], `""r0`), "the second holds the other 50")

	// Dry runs validate like the SDK: bad input is a usage error.
	res = r.run("transfer", hwpartnertest.DemoReseller1, "0.001", "--dry-run")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "Amount must have at most 2 decimal places")
	res = r.run("quotas", "issue", hwpartnertest.DemoVoucherQuotaID, "10", "r1", "r2", "r1", "--dry-run")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "indirect_partner_ids[2]")

	// And the site rule: fund transfers exist on the China site only.
	delete(r.env, "HWPARTNER_ENDPOINT")
	res = r.run("--site", "international", "transfer", hwpartnertest.DemoReseller1, "10", "--dry-run")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "international")

	assert.Equal(t, 0, r.srv.RequestCount(""), "dry runs send nothing")
}

func TestTransferWithLostAnswerPrintsTheResolveCommand(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.srv.InjectFault(transferOp, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})
	res := r.run("transfer", hwpartnertest.DemoReseller1, "100", "--yes")
	require.Equal(t, 3, res.code, res.stderr)
	assert.Contains(t, res.stderr, "outcome unknown")
	assert.Contains(t, res.stderr, "Do not send it again before checking")
	assert.Equal(t, 1, r.srv.RequestCount(transferOp), "never sent twice")
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "5100.00"), r.srv.Balance(hwpartnertest.DemoReseller1), "the fake carried it out")

	// The printed command is the next step, and it finds the transfer.
	cmd := lineWith(t, res.stderr, "hwpartner resolve transfer")
	assert.Contains(t, res.stdout, cmd, "the table shows it too")
	words := shellWords(cmd)
	require.Equal(t, []string{"hwpartner", "resolve", "transfer", hwpartnertest.DemoReseller1, "100.00", "--started"}, words[:6])
	res = r.run(words[1:]...)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, "recorded")
	assert.Contains(t, res.stdout, "AD000000000002")
	assert.Contains(t, res.stderr, "It happened: do not send it again.")
	assert.Equal(t, 1, r.srv.RequestCount(transferOp))
}

func TestResolveNotRecordedIsStillUnknown(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.srv.InjectFault(transferOp, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterRead, Times: 1})
	res := r.run("transfer", hwpartnertest.DemoReseller1, "100", "--yes", "-o", "json")
	require.Equal(t, 3, res.code, res.stderr)
	assert.Contains(t, res.stdout, `"status": "unknown"`)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "5000.00"), r.srv.Balance(hwpartnertest.DemoReseller1))
	words := shellWords(lineWith(t, res.stderr, "hwpartner resolve transfer"))
	res = r.run(words[1:]...)
	assert.Equal(t, 3, res.code, "not recorded is no proof: still unknown")
	assert.Contains(t, res.stdout, "not_recorded")
	assert.Contains(t, res.stderr, "That is not proof it did not happen")
}

func TestResolveRepeatsTheGlobalFlagsThatChoseTheAccount(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	delete(r.env, "HWPARTNER_ENDPOINT")
	r.srv.InjectFault("ReclaimIndirectPartnerAccount", hwpartnertest.Fault{Status: 503, Code: "CBC.0999", Times: 1})
	res := r.run("--endpoint", r.srv.URL, "reclaim", hwpartnertest.DemoReseller1, "10", "--yes")
	require.Equal(t, 3, res.code, res.stderr)
	cmd := lineWith(t, res.stderr, "hwpartner --endpoint")
	assert.Contains(t, cmd, "--endpoint "+r.srv.URL+" resolve reclaim "+hwpartnertest.DemoReseller1+" 10.00 --started ")
	res = r.run(shellWords(cmd)[1:]...)
	assert.Equal(t, 3, res.code, "the 503 did nothing; not recorded")
	assert.Equal(t, 1, r.srv.RequestCount("ReclaimIndirectPartnerAccount"))
}

func TestRefusedTransferSaysNothingHappened(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	res := r.run("transfer", hwpartnertest.DemoReseller1, "1000000", "--yes")
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stderr, "refused: funds.UpdateIndirectPartnerAccount: CBC.99005003")
	assert.Contains(t, res.stderr, "Nothing was carried out.")
	assert.Contains(t, res.stdout, "refused")
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "5000.00"), r.srv.Balance(hwpartnertest.DemoReseller1))

	res = r.run("reclaim", hwpartnertest.DemoForeignResellerID, "1", "--yes")
	assert.Equal(t, 1, res.code)
	assert.Contains(t, res.stderr, "CBC.99000037")
}

func TestUsageErrorsExitWithTwoAndSendNothing(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	for _, args := range [][]string{
		{"transfer", hwpartnertest.DemoReseller1},
		{"transfer", hwpartnertest.DemoReseller1, "ten", "--yes"},
		{"transfer", hwpartnertest.DemoReseller1, "-5", "--yes"},
		{"transfer", "", "5", "--yes"},
		{"transfer", "--no-such-flag"},
		{"no-such-command"},
		{"records", "--type", "gift"},
		{"resolve", "transfer", hwpartnertest.DemoReseller1, "5"},
		{"-o", "yaml", "resellers", "list"},
		{"--site", "mars", "balance"},
	} {
		res := r.run(args...)
		assert.Equal(t, 2, res.code, "%v: %s", args, res.stderr)
		assert.True(t, strings.HasPrefix(res.stderr, "hwpartner: "), res.stderr)
	}
	assert.Equal(t, 0, r.srv.RequestCount(""))
	res := r.run("transfer", "x")
	assert.Contains(t, res.stderr, "Run 'hwpartner transfer --help' for usage.")
}

func TestQuotasIssueReportsEveryReseller(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	res := r.run("quotas", "issue", hwpartnertest.DemoVoucherQuotaID, "100", hwpartnertest.DemoReseller1, hwpartnertest.DemoReseller2, "--yes")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "quotas-issue.table", res.stdout)

	// One refused item: partially done.
	res = r.run("quotas", "issue", hwpartnertest.DemoVoucherQuotaID, "50", hwpartnertest.DemoReseller3, hwpartnertest.DemoForeignResellerID, "--yes", "-o", "csv")
	assert.Equal(t, 4, res.code, res.stderr)
	golden(t, "quotas-issue-partial.csv", res.stdout)
	assert.Contains(t, res.stderr, "issued 1, refused 1, unknown 0, not sent 0")

	q, ok := r.srv.Quota(hwpartnertest.DemoVoucherQuotaID)
	require.True(t, ok)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "9750.00"), q.Balance)

	// Refused as a whole: nothing issued.
	res = r.run("quotas", "issue", "2025010100000002", "50", hwpartnertest.DemoReseller3, "--yes")
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stdout, "refused")
}

func TestQuotasIssueWithLostAnswerIsUnknown(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.srv.InjectFault("UpdateCouponQuotas", hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})
	var ids []string
	for i := range 120 {
		id := fmt.Sprintf("q%031d", i)
		require.NoError(t, r.srv.SeedReseller(hwpartnertest.IndirectPartner{ID: id, Name: id, AccountName: id}))
		ids = append(ids, id)
	}
	res := r.run(append([]string{"quotas", "issue", hwpartnertest.DemoVoucherQuotaID, "1", "--yes", "-o", "csv"}, ids...)...)
	require.Equal(t, 3, res.code, res.stderr)
	assert.Equal(t, 100, strings.Count(res.stdout, ",unknown,"), "the first batch may or may not have been issued")
	assert.Equal(t, 20, strings.Count(res.stdout, ",not_sent,"), "the second was never sent")
	assert.Equal(t, 1, r.srv.RequestCount("UpdateCouponQuotas"))
	check := lineWith(t, res.stderr, "hwpartner resolve quota-issue "+hwpartnertest.DemoVoucherQuotaID+" 1.00 q")
	words := shellWords(check)
	assert.Len(t, words, 5+100+2, "the hundred resellers in doubt, and when the call began")
	res = r.run(append(words[1:], "-o", "csv")...)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, 100, strings.Count(res.stdout, ",recorded,succeeded,"), "the records show the first batch was carried out")
	assert.Contains(t, res.stderr, "do not send them again")

	// The twenty never sent were not issued; resolving them says not recorded.
	res = r.run(append([]string{"resolve", "quota-issue", hwpartnertest.DemoVoucherQuotaID, "1", "--started", words[len(words)-1], "-o", "csv"}, ids[100:]...)...)
	assert.Equal(t, 3, res.code, res.stderr)
	assert.Equal(t, 20, strings.Count(res.stdout, ",not_recorded,"), res.stdout)
}

func TestQuotasReclaimWithLostAnswerPrintsTheResolveCommand(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	res := r.run("quotas", "issue", hwpartnertest.DemoVoucherQuotaID, "100", hwpartnertest.DemoReseller1, "--yes", "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	quota := strings.Split(strings.Split(res.stdout, `"quota_id":"`)[1], `"`)[0]
	r.srv.InjectFault("ReclaimCouponQuotas", hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})
	res = r.run("quotas", "reclaim", quota, "--yes")
	require.Equal(t, 3, res.code, res.stderr)
	check := lineWith(t, res.stderr, "hwpartner resolve quota-reclaim "+quota+" --started ")
	res = r.run(shellWords(check)[1:]...)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, lineWith(t, res.stdout, quota), "recorded")
	assert.Equal(t, 1, r.srv.RequestCount("ReclaimCouponQuotas"))
}

func TestQuotasReclaim(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	res := r.run("quotas", "issue", hwpartnertest.DemoVoucherQuotaID, "100", hwpartnertest.DemoReseller1, "--yes", "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	quota := strings.Split(strings.Split(res.stdout, `"quota_id":"`)[1], `"`)[0]

	res = r.run("quotas", "reclaim", quota, "no-such-quota", "--yes", "--remark", "campaign over")
	assert.Equal(t, 4, res.code, res.stderr)
	assert.Contains(t, lineWith(t, res.stdout, quota), "reclaimed")
	assert.Contains(t, lineWith(t, res.stdout, "no-such-quota"), "refused")
	q, _ := r.srv.Quota(hwpartnertest.DemoVoucherQuotaID)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "10000.00"), q.Balance, "the remainder went back")

	res = r.run("quotas", "records", "--type", "reclaim", "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, "campaign over")
	assert.Contains(t, res.stdout, quota)
}

func TestQuotasListAndIssued(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	res := r.run("quotas", "list")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "quotas-list.table", res.stdout)
	res = r.run("quotas", "list", "--status", "frozen", "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, 2, strings.Count(res.stdout, "\n"), res.stdout)

	res = r.run("quotas", "issue", hwpartnertest.DemoVoucherQuotaID, "100", hwpartnertest.DemoReseller1, "--yes")
	require.Equal(t, 0, res.code, res.stderr)
	res = r.run("quotas", "issued", "--reseller", hwpartnertest.DemoReseller1, "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, hwpartnertest.DemoVoucherQuotaID+",normal,100.00,CNY,100.00,CNY")
}

func TestTransferThatNeverReachedTheServiceIsSafeToSendAgain(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.env["HUAWEICLOUD_SDK_SK"] = "not-the-secret-key"
	res := r.run("transfer", hwpartnertest.DemoReseller1, "10", "--yes", "-o", "json")
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stdout, `"status": "not_sent"`)
	assert.Contains(t, res.stderr, "hwpartner: not sent: ")
	assert.Contains(t, res.stderr, "it is safe to send again")
	assert.NotContains(t, res.stderr, "not-the-secret-key")
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "5000.00"), r.srv.Balance(hwpartnertest.DemoReseller1))
}

func TestCtrlCDuringATransferWaitsForItsAnswer(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	ctx, cancel := context.WithCancel(t.Context())
	r.ctx = ctx
	// The answer takes a while; Ctrl-C comes once the request arrived.
	r.srv.InjectFault(transferOp, hwpartnertest.Fault{Latency: 300 * time.Millisecond, Times: 1})
	go func() {
		for r.srv.RequestCount(transferOp) == 0 && ctx.Err() == nil {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	res := r.run("transfer", hwpartnertest.DemoReseller1, "10", "--yes")
	assert.Equal(t, 0, res.code, "abandoning the call would only make its outcome unknown: %s", res.stderr)
	assert.Contains(t, res.stderr, "interrupted: waiting for the answer to the request already sent")
	assert.Contains(t, res.stdout, "done")
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "5010.00"), r.srv.Balance(hwpartnertest.DemoReseller1))

	// Interrupted before sending: nothing is sent.
	res = r.run("transfer", hwpartnertest.DemoReseller1, "10", "--yes")
	assert.Equal(t, 130, res.code, res.stderr)
	assert.Equal(t, 1, r.srv.RequestCount(transferOp))
}
