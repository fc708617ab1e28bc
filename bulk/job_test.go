package bulk_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/bulk"
)

func yuan(n int64) hwpartner.Amount { return hwpartner.AmountFromYuan(n) }

// fields lists the fields a validation error names.
func fields(t *testing.T, err error) []string {
	t.Helper()
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "bulk job", ve.Operation)
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestJobValidationNamesEveryBadField(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 65)
	threeDecimals, err := hwpartner.ParseAmount("10.001")
	require.NoError(t, err)
	job := &bulk.Job{Items: []bulk.Item{
		{Kind: bulk.Transfer, ResellerID: "r-1", Amount: yuan(10)},                                    // 0 fine
		{Kind: bulk.Transfer, Amount: hwpartner.AmountFromCents(-1)},                                  // 1 no reseller, bad amount
		{Kind: bulk.Reclaim, ResellerID: long, Amount: yuan(1), QuotaID: "q"},                         // 2 too long, quota unused
		{Kind: bulk.QuotaIssue, ResellerID: "r-1", Amount: yuan(1)},                                   // 3 no quota
		{Kind: bulk.QuotaReclaim, QuotaID: "c-1", Amount: yuan(1), Remark: long + long + long + long}, // 4 amount, remark
		{Kind: "top-up", ResellerID: "r-1"},                                                           // 5 kind
		{Kind: bulk.CustomerTransfer, Amount: yuan(1)},                                                // 6 customer
		{Kind: bulk.Transfer, ResellerID: "r-1", Amount: yuan(5)},                                     // 7 duplicate of 0
		{ID: "a", Kind: bulk.CustomerReclaim, CustomerID: "c", ResellerID: "r-9", Amount: yuan(1)},    // 8 fine
		{ID: "a", Kind: bulk.Transfer, ResellerID: "r-2", Amount: threeDecimals},                      // 9 amount, id repeats
	}}
	got := fields(t, job.Validate())
	assert.Equal(t, []string{
		"items[1].reseller_id", "items[1].amount",
		"items[2].reseller_id", "items[2].quota_id",
		"items[3].quota_id",
		"items[4].remark", "items[4].amount",
		"items[5].kind",
		"items[6].customer_id",
		"items[7].reseller_id",
		"items[9].amount", "items[9].id",
	}, got)

	job.AllowDuplicates = true
	assert.NotContains(t, fields(t, job.Validate()), "items[7].reseller_id", "duplicates allowed when asked")
	assert.Equal(t, []string{"items"}, fields(t, (&bulk.Job{}).Validate()))
}

func TestDuplicateTargetsPerKind(t *testing.T) {
	t.Parallel()
	ok := &bulk.Job{Items: []bulk.Item{
		{Kind: bulk.Transfer, ResellerID: "r-1", Amount: yuan(1)},
		{Kind: bulk.Reclaim, ResellerID: "r-1", Amount: yuan(1)},
		{Kind: bulk.QuotaIssue, QuotaID: "q-1", ResellerID: "r-1", Amount: yuan(1)},
		{Kind: bulk.QuotaIssue, QuotaID: "q-2", ResellerID: "r-1", Amount: yuan(1)},
		{Kind: bulk.CustomerTransfer, CustomerID: "c-1", Amount: yuan(1)},
		{Kind: bulk.CustomerTransfer, CustomerID: "c-1", ResellerID: "r-1", Amount: yuan(1)},
	}}
	assert.NoError(t, ok.Validate(), "different kinds, quotas or payers are different targets")
	dup := &bulk.Job{Items: []bulk.Item{
		{Kind: bulk.QuotaIssue, QuotaID: "q-1", ResellerID: "r-1", Amount: yuan(1)},
		{Kind: bulk.QuotaIssue, QuotaID: "q-1", ResellerID: "r-1", Amount: yuan(2)},
		{Kind: bulk.QuotaReclaim, QuotaID: "c-1"},
		{Kind: bulk.QuotaReclaim, QuotaID: "c-1"},
	}}
	assert.Equal(t, []string{"items[1].reseller_id", "items[3].quota_id"}, fields(t, dup.Validate()))
}

const jobCSV = "\ufeffkind,reseller_id,amount,id,quota_id,customer_id,remark\n" +
	"# month start\n" +
	"transfer, r-1 ,100.00,t1,,,\n" +
	"reclaim,r-2,5,r1,,,\n" +
	"quota-issue,r-1,20.5,,q-1,,\n" +
	"quota-reclaim,,,,c-9,,end of campaign\n" +
	"customer-transfer,r-3,12,,,cust-1,\n"

func TestReadCSV(t *testing.T) {
	t.Parallel()
	job, err := bulk.ReadCSV(strings.NewReader(jobCSV))
	require.NoError(t, err)
	require.Len(t, job.Items, 5)
	first := job.Items[0]
	assert.Equal(t, "r-1", first.ResellerID, "fields are trimmed")
	assert.Equal(t, "t1", first.ID)
	assert.Equal(t, bulk.Transfer, first.Kind)
	assert.Equal(t, "100.00", first.Amount.String())
	assert.Equal(t, "20.50", job.Items[2].Amount.String())
	assert.Equal(t, "q-1", job.Items[2].QuotaID)
	assert.Equal(t, bulk.QuotaReclaim, job.Items[3].Kind)
	assert.Equal(t, "end of campaign", job.Items[3].Remark)
	assert.True(t, job.Items[3].Amount.IsZero())
	assert.Equal(t, "cust-1", job.Items[4].CustomerID)

	_, err = bulk.ReadCSV(strings.NewReader("kind,reseller_id,amount\ntransfer,r-1,1\ntransfer,r-2,ten\ntransfer,,1\nreclaim,r-1,1.001\n"))
	assert.Equal(t, []string{"line 3: amount"}, fields(t, err), "amounts that do not parse first, by line")
	_, err = bulk.ReadCSV(strings.NewReader("kind,reseller_id,amount\ntransfer,r-1,1\ntransfer,,1\nreclaim,r-1,1.001\ntransfer,r-1,2\n"))
	assert.Equal(t, []string{"line 3: reseller_id", "line 4: amount", "line 5: reseller_id"}, fields(t, err))
	assert.ErrorContains(t, err, "line 5: reseller_id repeats the target of line 2")
	job, err = bulk.ReadCSV(strings.NewReader("kind,reseller_id,amount\ntransfer,r-1,1\ntransfer,r-1,2\n"), bulk.AllowDuplicates())
	require.NoError(t, err, "a repeated target, when allowed")
	assert.True(t, job.AllowDuplicates)
	assert.Len(t, job.Items, 2)

	for name, in := range map[string]string{
		"unknown column": "kind,reseller,amount\n",
		"no kind":        "reseller_id,amount\n",
		"twice":          "kind,kind\n",
		"empty":          "",
	} {
		_, err := bulk.ReadCSV(strings.NewReader(in))
		assert.Error(t, err, name)
	}
}

func TestPreviewCountsCallsAndTotals(t *testing.T) {
	t.Parallel()
	job := &bulk.Job{}
	for i := range 250 {
		job.Items = append(job.Items, bulk.Item{Kind: bulk.QuotaIssue, QuotaID: "q-1", ResellerID: resellerID(i), Amount: yuan(2)})
	}
	for i := range 5 {
		job.Items = append(job.Items, bulk.Item{Kind: bulk.QuotaIssue, QuotaID: "q-1", ResellerID: resellerID(i), Amount: yuan(3)})
		job.Items = append(job.Items, bulk.Item{Kind: bulk.QuotaIssue, QuotaID: "q-2", ResellerID: resellerID(i), Amount: yuan(3)})
	}
	for i := range 25 {
		job.Items = append(job.Items, bulk.Item{Kind: bulk.QuotaReclaim, QuotaID: "c-" + resellerID(i)})
	}
	for i := range 30 {
		job.Items = append(job.Items, bulk.Item{Kind: bulk.Transfer, ResellerID: resellerID(i), Amount: hwpartner.AmountFromCents(150)})
	}
	job.AllowDuplicates = true // the 3-yuan issues repeat resellers of the 2-yuan ones
	p, err := bulk.Preview(job)
	require.NoError(t, err)
	assert.Equal(t, 315, p.Items)
	require.Len(t, p.Kinds, 3)
	assert.Equal(t, bulk.Transfer, p.Kinds[0].Kind)
	assert.Equal(t, 30, p.Kinds[0].Calls)
	assert.Equal(t, "45.00", p.Kinds[0].Amount.String())
	assert.Equal(t, bulk.QuotaIssue, p.Kinds[1].Kind)
	assert.Equal(t, 260, p.Kinds[1].Items)
	assert.Equal(t, 3+1+1, p.Kinds[1].Calls, "100 per call, by quota and amount")
	assert.Equal(t, "530.00", p.Kinds[1].Amount.String())
	assert.Equal(t, 3, p.Kinds[2].Calls, "10 per call")
	assert.Equal(t, 30+5+3, p.Calls)
	require.Len(t, p.Quotas, 2)
	assert.Equal(t, "q-1", p.Quotas[0].QuotaID)
	assert.Equal(t, 255, p.Quotas[0].Resellers)
	assert.Equal(t, "515.00", p.Quotas[0].Amount.String())
	assert.Equal(t, 3*time.Second, p.Duration, "30 transfer calls at 10/s; the other APIs run alongside")
	assert.Contains(t, p.String(), "315 items in 38 API calls")

	_, err = bulk.Preview(&bulk.Job{Items: []bulk.Item{{Kind: bulk.Transfer}}})
	assert.Error(t, err)
}

func resellerID(i int) string { return fmt.Sprintf("r-%03d", i) }
