package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func TestResellersListInEveryFormat(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	for _, f := range []string{"table", "json", "csv"} {
		res := r.run("resellers", "list", "-o", f)
		require.Equal(t, 0, res.code, res.stderr)
		golden(t, "resellers-list."+f, res.stdout)
	}
	res := r.run("resellers", "list", "--utc")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, "ASSOCIATED (UTC)")
	assert.Contains(t, res.stdout, "2024-03-01 08:00:00", "the seeded time in UTC")
	assert.NotContains(t, res.stdout, "13800000001", "contact details only in resellers get")
}

func TestResellersGetShowsContactDetails(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	res := r.run("resellers", "get", hwpartnertest.DemoReseller1)
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "resellers-get.table", res.stdout)

	res = r.run("resellers", "get", "00000000000000000000000000000000")
	assert.Equal(t, 1, res.code)
	assert.Contains(t, res.stderr, "hwpartner: ")
	assert.NotContains(t, res.stderr, "hwpartner: hwpartner:", "one prefix per line")
}

func TestTablesAlignCJKByDisplayWidth(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	require.NoError(t, r.srv.SeedReseller(hwpartnertest.IndirectPartner{
		ID: "cjk00000000000000000000000000001", Name: "华为云经销商甲", AccountName: "huawei-jia",
		AssociatedOn: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
	}))
	res := r.run("resellers", "list")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "resellers-list-cjk.table", res.stdout)
	// The ACCOUNT column starts at the same display column on every line:
	// a CJK character takes two.
	var starts []int
	for _, line := range strings.Split(strings.TrimSpace(res.stdout), "\n") {
		idx := -1
		for _, marker := range []string{"ACCOUNT", "acme-cloud", "bluesky-digital", "canal-systems", "huawei-jia"} {
			if i := strings.Index(line, marker); i >= 0 {
				idx = i
			}
		}
		require.GreaterOrEqual(t, idx, 0, line)
		cols := 0
		for _, c := range line[:idx] {
			if c >= 0x4e00 && c <= 0x9fff {
				cols += 2
			} else {
				cols++
			}
		}
		starts = append(starts, cols)
	}
	for _, s := range starts {
		assert.Equal(t, starts[0], s, "columns aligned by display width:\n%s", res.stdout)
	}
}

func TestBalances(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	res := r.run("balance")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "balance-own.table", res.stdout)
	res = r.run("balance", hwpartnertest.DemoReseller2, "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "balance-reseller.json", res.stdout)
	res = r.run("balance", hwpartnertest.DemoReseller2, "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "balance-reseller.csv", res.stdout)
}

func seedRecords(t *testing.T, srv *hwpartnertest.Server) {
	t.Helper()
	at := func(d int) time.Time { return time.Date(2025, 3, d, 2, 30, 0, 0, time.UTC) }
	for i, rec := range []hwpartnertest.AdjustRecord{
		{TransID: "TX0001", CustomerID: hwpartnertest.DemoReseller1, CustomerName: "Acme Cloud Services", OperationType: "SOURCE_OPERATION_BEADJUST", Amount: hwpartnertest.MustParseAmount(t, "1000.00"), OperationTime: at(1)},
		{TransID: "TX0002", CustomerID: hwpartnertest.DemoReseller2, CustomerName: "Bluesky Digital", OperationType: "SOURCE_OPERATION_BEADJUST", Amount: hwpartnertest.MustParseAmount(t, "250.50"), OperationTime: at(2)},
		{TransID: "TX0003", CustomerID: hwpartnertest.DemoReseller1, CustomerName: "Acme Cloud Services", OperationType: "SOURCE_OPERATION_BERETRIEVE", Amount: hwpartnertest.MustParseAmount(t, "99.99"), OperationTime: at(3)},
	} {
		require.NoError(t, srv.SeedAdjustRecord(rec), i)
	}
}

func TestRecordsFiltersAndFormats(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	seedRecords(t, r.srv)
	for _, f := range []string{"table", "json", "csv"} {
		res := r.run("records", "-o", f)
		require.Equal(t, 0, res.code, res.stderr)
		golden(t, "records."+f, res.stdout)
	}
	res := r.run("records", "--reseller", hwpartnertest.DemoReseller1, "--type", "reclaim", "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, 2, strings.Count(res.stdout, "\n"), res.stdout)
	assert.Contains(t, res.stdout, "TX0003")

	// A bare --to date includes that whole day in China Standard Time.
	res = r.run("records", "--from", "2025-03-02", "--to", "2025-03-02", "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, "TX0002")
	assert.NotContains(t, res.stdout, "TX0001")
	assert.NotContains(t, res.stdout, "TX0003")

	before := r.srv.RequestCount("")
	res = r.run("records", "--from", "yesterday")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, `--from "yesterday" is not a time`)
	assert.Equal(t, before, r.srv.RequestCount(""), "a bad time sends nothing")
}

func TestEmptyListsSayNothingFoundOnStderr(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	res := r.run("records")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Empty(t, res.stdout)
	assert.Contains(t, res.stderr, "no records found")
	res = r.run("records", "-o", "json")
	assert.Equal(t, "[]\n", res.stdout)
	res = r.run("records", "-o", "csv")
	assert.Equal(t, "operation_time,operation,customer_id,customer_name,amount,amount_currency,transaction_id\n", res.stdout)
}

func seedResellers(t *testing.T, srv *hwpartnertest.Server, n int) {
	t.Helper()
	for i := range n {
		require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{
			ID: fmt.Sprintf("bulk%028d", i), Name: fmt.Sprintf("Reseller %d", i), AccountName: fmt.Sprintf("reseller-%d", i),
		}))
	}
}

func TestLongListsReportProgressAsPlainLinesWithoutATerminal(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	seedResellers(t, r.srv, 1200)
	res := r.run("resellers", "list", "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, 1203+1, strings.Count(res.stdout, "\n"), "header and every reseller")
	assert.Contains(t, res.stderr, "hwpartner: 1000 resellers read")

	res = r.run("resellers", "list", "--offset", "1000", "--limit", "5", "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, 6, strings.Count(res.stdout, "\n"), res.stdout)
}

func TestLongListsDrawAProgressBarOnATerminal(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	seedResellers(t, r.srv, 1200)
	r.stderrTTY = true
	res := r.run("resellers", "list", "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stderr, "reading resellers")
	assert.Contains(t, res.stderr, "\r", "redrawn in place")
	assert.NotContains(t, res.stderr, "1000 resellers read", "no plain lines on a terminal")
	assert.Equal(t, 1204, strings.Count(res.stdout, "\n"), "stdout holds only the list")
}

func TestInterruptedListSaysWhereToContinue(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	seedResellers(t, r.srv, 250)
	ctx, cancel := context.WithCancel(t.Context())
	r.ctx = ctx
	rows := 0
	// Ctrl-C after the tenth row: the list stops at the next page.
	r.stdout = func(b *bytes.Buffer) writerFunc {
		return func(p []byte) (int, error) {
			rows += bytes.Count(p, []byte("\n"))
			if rows == 11 {
				cancel()
			}
			return b.Write(p)
		}
	}
	res := r.run("resellers", "list", "-o", "csv")
	assert.Equal(t, 130, res.code, res.stderr)
	assert.Contains(t, res.stderr, "interrupted after 100 resellers; run the same command with --offset 100 to continue")
	assert.Equal(t, 101, strings.Count(res.stdout, "\n"), "what was read is kept")
}

func TestPolicies(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	res := r.run("incentives", "policies", "--month", "2025-01")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "policies-2025-01.table", res.stdout)
	res = r.run("incentives", "policies", "--month", "2025-1")
	assert.Equal(t, 2, res.code)
}

func TestIncentiveRulesNeedNoCredentials(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.env = map[string]string{"HOME": t.TempDir()}
	res := r.run("incentives", "tags", "--region", "overseas", "--year", "2025")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "incentives-tags-overseas.table", res.stdout)
	assert.NotContains(t, res.stderr, "assumed")
	res = r.run("incentives", "tags", "--region", "overseas", "--year", "2026")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stderr, "the 2026 incentive scope is assumed", "an assumed year says so")
	assert.Contains(t, res.stderr, "PDM")

	res = r.run("incentives", "check", "数据库服务能力", "--granted", "2025-06-01", "--region", "china",
		"--stage", "role-certification", "--at", "2025-11-20")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "incentives-check.table", res.stdout)

	res = r.run("incentives", "check", "数据库服务能力", "--granted", "2025-06-01", "--region", "china",
		"--stage", "role-certification", "--tier", "reseller", "--at", "2025-11-20", "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "incentives-check-reseller.json", res.stdout)

	res = r.run("incentives", "check", "数据库服务能力", "--region", "china", "--stage", "joined")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "--granted is required")

	res = r.run("resellers", "list")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "no credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK")
}
