package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/bulk"
	"github.com/hwpartner/go-hwpartner/bulk/journal"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

const (
	reclaimOp = "ReclaimIndirectPartnerAccount"
	issueOp   = "UpdateCouponQuotas"
)

// bulkJob is a job of every kind the demo data can carry out.
var bulkJob = `id,kind,reseller_id,customer_id,quota_id,amount,remark
# month start
t-1,transfer,` + hwpartnertest.DemoReseller1 + `,,,100.00,
t-2,transfer,` + hwpartnertest.DemoReseller2 + `,,,50.5,
r-1,reclaim,` + hwpartnertest.DemoReseller2 + `,,,20,
c-1,customer-transfer,,` + hwpartnertest.DemoCustomerID + `,,15,
q-1,quota-issue,` + hwpartnertest.DemoReseller1 + `,,` + hwpartnertest.DemoVoucherQuotaID + `,30,
q-2,quota-issue,` + hwpartnertest.DemoReseller2 + `,,` + hwpartnertest.DemoVoucherQuotaID + `,30,
`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

// stamps hides the times a run takes from the machine's clock.
var stamps = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00`)

func TestBulkPlanChecksAndSendsNothing(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	job := writeFile(t, "month.csv", bulkJob+"z-1,quota-reclaim,,,2025030100000001,,campaign end\n")

	res := r.run("bulk", "plan", job)
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "bulk-plan.table", res.stdout)
	res = r.run("bulk", "plan", job, "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "bulk-plan.json", res.stdout)
	assert.Contains(t, res.stderr, "7 items in 6 API calls", "totals go to stderr when stdout is for scripts")
	res = r.run("bulk", "run", job, "--dry-run", "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "bulk-plan.csv", res.stdout)
	assert.NoFileExists(t, strings.TrimSuffix(job, ".csv")+".journal", "a dry run writes no journal")

	// Every problem, by line, before anything is sent.
	bad := writeFile(t, "bad.csv", "kind,reseller_id,amount\ntransfer,r-1,1\ntransfer,r-2,1.001\ntransfer,r-1,2\ngift,r-3,1\n")
	res = r.run("bulk", "plan", bad)
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "bad.csv: 3 problems; nothing was sent:\n")
	assert.Contains(t, res.stderr, "  line 3: amount must have at most 2 decimal places\n")
	assert.Contains(t, res.stderr, "  line 4: reseller_id repeats the target of line 2: give --allow-duplicates if both are meant\n")
	assert.Contains(t, res.stderr, "  line 5: kind must be one of")
	dup := writeFile(t, "dup.csv", "kind,reseller_id,amount\ntransfer,r-1,1\ntransfer,r-1,2\n")
	res = r.run("bulk", "plan", dup, "--allow-duplicates")
	assert.Equal(t, 0, res.code, res.stderr)
	res = r.run("bulk", "plan", writeFile(t, "cols.csv", "kind,reseller\n"))
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, `unknown CSV column "reseller"`)
	r.stdin = bulkJob
	res = r.run("bulk", "run", "-", "--dry-run", "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, 5, strings.Count(res.stdout, "\n"), "a header and four kinds, from standard input")
	res = r.run("bulk", "run", "-", "--journal", filepath.Join(t.TempDir(), "j.journal"))
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "needs --yes")
	r.stdin = ""
	res = r.run("bulk", "plan", filepath.Join(t.TempDir(), "missing.csv"))
	assert.Equal(t, 2, res.code)
	assert.Equal(t, 0, r.srv.RequestCount(""), "plans send nothing")

	// --check-balances asks, with queries only.
	big := writeFile(t, "big.csv", "kind,reseller_id,quota_id,amount\ntransfer,"+hwpartnertest.DemoReseller1+",,100000.01\n"+
		"quota-issue,"+hwpartnertest.DemoReseller1+","+hwpartnertest.DemoVoucherQuotaID+",10000\n")
	res = r.run("bulk", "plan", big, "--check-balances")
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stderr, "your balance has 100000.00 CNY; the job takes 100000.01 CNY from it")
	assert.NotContains(t, res.stderr, "quota "+hwpartnertest.DemoVoucherQuotaID, "the quota covers its 10000")
	res = r.run("bulk", "plan", job, "--check-balances")
	assert.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, 0, r.srv.RequestCount(transferOp)+r.srv.RequestCount(issueOp), "no money moved")
}

func TestBulkRunSendsEachItemOnceAndReports(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	job := writeFile(t, "month.csv", bulkJob)
	jpath := strings.TrimSuffix(job, ".csv") + ".journal"
	// The first transfer's answer is lost after the fake carried it out:
	// the run finds it in the records instead of sending it again.
	r.srv.InjectFault(transferOp, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})

	res := r.run("bulk", "run", job, "--yes", "--concurrency", "1")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "bulk-run-status.table", res.stdout)
	assert.Contains(t, res.stderr, "hwpartner: 6 of 6 items done, 0 failed, 0 unknown (0 to settle by hand), 0 not sent")
	assert.Equal(t, 2, r.srv.RequestCount(transferOp), "two transfers, each sent once")
	assert.Equal(t, 1, r.srv.RequestCount(reclaimOp))
	assert.Equal(t, 1, r.srv.RequestCount(issueOp), "both quota issues in one call")
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "5100.00"), r.srv.Balance(hwpartnertest.DemoReseller1))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "1231.00"), r.srv.Balance(hwpartnertest.DemoReseller2), "1200.50 + 50.50 - 20")

	res = r.run("bulk", "report", jpath, "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "bulk-report.csv", stamps.ReplaceAllString(res.stdout, "STARTED"))
	assert.Equal(t, 6, strings.Count(res.stdout, "+08:00"), "every item's start, in China Standard Time")
	res = r.run("bulk", "report", jpath)
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "bulk-report.table", res.stdout)
	res = r.run("bulk", "report", jpath, "-o", "json", "--state", "done", "--utc")
	require.Equal(t, 0, res.code, res.stderr)
	var items []map[string]any
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &items))
	require.Len(t, items, 6)
	assert.Equal(t, "t-1", items[0]["id"])
	assert.Equal(t, "100.00", items[0]["amount"])
	assert.Equal(t, float64(1), items[0]["lookups"], "looked up, not sent again")
	assert.Equal(t, float64(1), items[0]["sends"])
	assert.Regexp(t, `Z$`, items[0]["started"])
	res = r.run("bulk", "status", jpath, "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "bulk-status.json", res.stdout)

	// The same job again: nothing left, nothing sent. Another job: refused.
	before := r.srv.RequestCount("")
	res = r.run("bulk", "run", job, "--yes")
	assert.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stderr, "with nothing left to send or look up")
	res = r.run("bulk", "resume", jpath, "--yes")
	assert.Equal(t, 0, res.code, res.stderr)
	other := writeFile(t, "other.csv", "kind,reseller_id,amount\ntransfer,"+hwpartnertest.DemoReseller3+",1\n")
	res = r.run("bulk", "run", other, "--journal", jpath, "--yes")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "holds another job")
	assert.Equal(t, before, r.srv.RequestCount(""))
}

func TestBulkRunWithFailuresIsPartial(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	job := writeFile(t, "j.csv", "id,kind,reseller_id,amount\n"+
		"a,transfer,"+hwpartnertest.DemoReseller1+",10\n"+
		"b,transfer,"+hwpartnertest.DemoForeignResellerID+",10\n")
	res := r.run("bulk", "run", job, "--yes")
	require.Equal(t, 4, res.code, res.stderr)
	assert.Contains(t, res.stderr, "Failed items moved nothing; see why with:\n  hwpartner bulk report "+strings.TrimSuffix(job, ".csv")+".journal --state failed")
	res = r.run(shellWords(lineWith(t, res.stderr, "--state failed"))[1:]...)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, "CBC.99000037")
	assert.NotContains(t, res.stdout, hwpartnertest.DemoReseller1, "only the failed item")

	all := writeFile(t, "all.csv", "kind,reseller_id,amount\ntransfer,"+hwpartnertest.DemoForeignResellerID+",10\n")
	res = r.run("bulk", "run", all, "--yes")
	assert.Equal(t, 1, res.code, "nothing done: failed")
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "5010.00"), r.srv.Balance(hwpartnertest.DemoReseller1))
}

func TestBulkRunAsksFirst(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	job := writeFile(t, "j.csv", "kind,reseller_id,amount\ntransfer,"+hwpartnertest.DemoReseller3+",7\n")
	jpath := strings.TrimSuffix(job, ".csv") + ".journal"

	res := r.run("bulk", "run", job)
	assert.Equal(t, 2, res.code, "no terminal, no --yes")
	assert.Contains(t, res.stderr, "pass --yes")
	r.terminal = true
	r.stdin = "n\n"
	res = r.run("bulk", "run", job)
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stderr, "Send this job, through the journal "+jpath+":\n1 item in 1 API call, less than a second at 10 calls per second per API\n  transfer: 1 item, 7.00 CNY\n"+
		"Each item is sent once: an item whose answer is lost is looked up in the records before anything is sent again.\nSend it? [y/N]")
	assert.Contains(t, res.stderr, "not confirmed: nothing was sent")
	assert.NoFileExists(t, jpath, "declined: no journal either")
	assert.Equal(t, 0, r.srv.RequestCount(transferOp))

	r.stdin = "y\n"
	r.stderrTTY = true
	res = r.run("bulk", "run", job)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "7.00"), r.srv.Balance(hwpartnertest.DemoReseller3))
	assert.Contains(t, res.stderr, "sending", "a progress bar on a terminal")
}

func TestBulkSettleAndResume(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	// A journal as a run leaves it when the records could not tell what
	// became of two items.
	jpath := filepath.Join(t.TempDir(), "j.journal")
	job, err := bulk.ReadCSV(strings.NewReader("id,kind,reseller_id,amount\n" +
		"a,transfer," + hwpartnertest.DemoReseller1 + ",10\n" +
		"b,transfer," + hwpartnertest.DemoReseller2 + ",20\n"))
	require.NoError(t, err)
	j, err := journal.Open(jpath)
	require.NoError(t, err)
	c, err := hwpartner.NewClient(hwpartner.WithConfig(r.srv.ClientConfig()))
	require.NoError(t, err)
	runner, err := bulk.New(j, bulk.Services{Funds: c.Funds}, bulk.Config{})
	require.NoError(t, err)
	_, err = runner.Plan(t.Context(), job)
	require.NoError(t, err)
	es, err := j.Entries(t.Context(), 1, 2)
	require.NoError(t, err)
	for i := range es {
		es[i].State, es[i].Sends, es[i].Candidates = bulk.Ambiguous, 1, []string{"AD1", "AD2"}
	}
	require.NoError(t, j.Save(t.Context(), es...))
	require.NoError(t, j.Close())

	res := r.run("bulk", "resume", jpath, "--yes")
	assert.Equal(t, 3, res.code, "ambiguous items are never resent")
	assert.Contains(t, res.stderr, "The records cannot tell whether 2 items were carried out")
	res = r.run("bulk", "report", jpath, "--state", "ambiguous", "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, ",ambiguous,,,,1,0,,AD1;AD2\n")

	res = r.run("bulk", "settle", jpath, "1", "--transaction", "AD1", "--yes")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, lineWith(t, res.stdout, "Transaction"), "AD1")
	res = r.run("bulk", "settle", jpath, "2", "--not-carried-out")
	assert.Equal(t, 2, res.code, "no terminal, no --yes")
	r.terminal, r.stdin = true, "y\n"
	res = r.run("bulk", "settle", jpath, "2", "--not-carried-out")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stderr, "now ambiguous: record it as not carried out; the next 'hwpartner bulk resume' sends it again.")
	assert.Contains(t, lineWith(t, res.stdout, "State"), "pending")
	res = r.run("bulk", "settle", jpath, "1", "--not-carried-out", "--yes")
	assert.Equal(t, 1, res.code, "a done item is not settled again")
	res = r.run("bulk", "settle", jpath, "9", "--transaction", "X", "--yes")
	assert.Equal(t, 2, res.code)
	assert.Equal(t, 0, r.srv.RequestCount(""), "settling sends nothing")

	r.terminal = false
	res = r.run("bulk", "resume", jpath, "--dry-run")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, []string{"transfer", "2", "1", "0", "0", "0", "1", "10.00", "CNY"}, strings.Fields(lineWith(t, res.stdout, "transfer")),
		"one done, one to send")
	res = r.run("bulk", "resume", jpath, "--yes")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, 1, r.srv.RequestCount(transferOp), "only the item settled as not carried out")
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "1220.50"), r.srv.Balance(hwpartnertest.DemoReseller2))

	missing := filepath.Join(t.TempDir(), "none.journal")
	res = r.run("bulk", "status", missing)
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "no journal at")
	assert.NoFileExists(t, missing, "looking does not create one")
}
