package bulk_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/bulk"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// env is a fake with resellers r-000.. (100.00 each), a distributor with
// 100,000.00 and a voucher quota of 10,000.00.
type env struct {
	srv   *hwpartnertest.Server
	c     *hwpartner.Client
	quota string
}

const resellers = 30

func newEnv(t *testing.T, srvOpts []hwpartnertest.Option, clientOpts ...hwpartner.Option) *env {
	t.Helper()
	srv := hwpartnertest.NewServer(t, srvOpts...)
	for i := range resellers {
		require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: resellerID(i), Balance: hwpartnertest.Yuan(100)}))
	}
	require.NoError(t, srv.SetBalance(srv.DomainID(), hwpartnertest.Yuan(100000)))
	q, err := srv.SeedQuota(hwpartnertest.VoucherQuota{Value: hwpartnertest.Yuan(10000)})
	require.NoError(t, err)
	c, err := hwpartner.NewClient(append([]hwpartner.Option{hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()),
		hwpartner.WithEndpoint(srv.URL), hwpartner.WithRetry(3, time.Millisecond, 2*time.Millisecond)}, clientOpts...)...)
	require.NoError(t, err)
	return &env{srv: srv, c: c, quota: q}
}

// fast is a fake and client without flow control or pacing.
func fast(t *testing.T) *env { return newEnv(t, nil, hwpartner.WithoutRateLimits()) }

func (e *env) services() bulk.Services {
	return bulk.Services{Funds: e.c.Funds, Vouchers: e.c.Vouchers}
}

func (e *env) runner(t *testing.T, j bulk.Journal, cfg bulk.Config) *bulk.Runner {
	t.Helper()
	if cfg.RetryWait == 0 {
		cfg.RetryWait = time.Millisecond
	}
	r, err := bulk.New(j, e.services(), cfg)
	require.NoError(t, err)
	return r
}

// issueChildren issues 3.00 of the quota to each reseller and returns the
// new reseller quotas, for reclaim items.
func (e *env) issueChildren(t *testing.T, ids ...string) []string {
	t.Helper()
	res, err := e.c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{QuotaID: e.quota, ResellerIDs: ids, Amount: yuan(3)})
	require.NoError(t, err)
	var out []string
	for _, is := range res.Issued {
		out = append(out, is.QuotaID)
	}
	require.Len(t, out, len(ids))
	return out
}

// mixedJob has 10 transfers (1..10 yuan), 5 reclaims (7.50), 20 quota
// issues (5.00) and 5 quota reclaims.
func (e *env) mixedJob(t *testing.T) *bulk.Job {
	t.Helper()
	job := &bulk.Job{}
	for i := range 10 {
		job.Items = append(job.Items, bulk.Item{ID: fmt.Sprintf("t%d", i), Kind: bulk.Transfer, ResellerID: resellerID(i), Amount: yuan(int64(i + 1))})
	}
	for i := 10; i < 15; i++ {
		job.Items = append(job.Items, bulk.Item{Kind: bulk.Reclaim, ResellerID: resellerID(i), Amount: hwpartner.AmountFromCents(750)})
	}
	for i := range 20 {
		job.Items = append(job.Items, bulk.Item{Kind: bulk.QuotaIssue, QuotaID: e.quota, ResellerID: resellerID(i), Amount: yuan(5)})
	}
	for _, q := range e.issueChildren(t, resellerID(25), resellerID(26), resellerID(27), resellerID(28), resellerID(29)) {
		job.Items = append(job.Items, bulk.Item{Kind: bulk.QuotaReclaim, QuotaID: q, Remark: "campaign end"})
	}
	return job
}

// checkMixedJobOnce checks that every move of mixedJob was carried out
// exactly once and that the books balance.
func (e *env) checkMixedJobOnce(t *testing.T, j bulk.Journal) {
	t.Helper()
	ctx := context.Background()
	moves := map[string]int{}
	for _, r := range e.srv.AdjustRecords() {
		moves[r.OperationType+" "+r.CustomerID+" "+r.Amount.String()]++
	}
	for i := range 10 {
		key := fmt.Sprintf("SOURCE_OPERATION_BEADJUST %s %d.00", resellerID(i), i+1)
		assert.Equal(t, 1, moves[key], key)
	}
	for i := 10; i < 15; i++ {
		key := "SOURCE_OPERATION_BERETRIEVE " + resellerID(i) + " 7.50"
		assert.Equal(t, 1, moves[key], key)
		assert.Equal(t, "92.50", e.srv.Balance(resellerID(i)).String())
	}
	assert.Len(t, e.srv.AdjustRecords(), 15, "no other fund move")
	assert.Equal(t, hwpartnertest.Yuan(103000), e.srv.TotalBalance(), "money is neither made nor lost")
	assert.Equal(t, "99982.50", e.srv.Balance(e.srv.DomainID()).String(), "55.00 out, 37.50 back")

	issued := map[string]int{}
	reclaimed := map[string]int{}
	for r, err := range e.c.Vouchers.RecordsIter(ctx, &vouchers.RecordsParams{}) {
		require.NoError(t, err)
		if r.Result != vouchers.ResultSucceeded {
			continue
		}
		if r.Operation == vouchers.OperationIssue && r.Amount.Equal(yuan(5)) {
			issued[r.ResellerID]++
		}
		if r.Operation == vouchers.OperationReclaim {
			reclaimed[r.QuotaID]++
		}
	}
	for i := range 20 {
		assert.Equal(t, 1, issued[resellerID(i)], "quota issued once to %s", resellerID(i))
	}
	assert.Len(t, issued, 20)
	assert.Len(t, reclaimed, 5)
	for q, n := range reclaimed {
		assert.Equal(t, 1, n, q)
	}
	// Value is conserved: the parent plus what its children hold.
	total := hwpartner.AmountFromYuan(0)
	parent, ok := e.srv.Quota(e.quota)
	require.True(t, ok)
	p, err := hwpartner.ParseAmount(parent.Balance.String())
	require.NoError(t, err)
	total = total.Add(p)
	for q, err := range e.c.Vouchers.IssuedIter(ctx, &vouchers.IssuedParams{ParentQuotaID: &e.quota}) {
		require.NoError(t, err)
		total = total.Add(q.Balance)
	}
	assert.Equal(t, "10000.00", total.String())
	assert.Equal(t, "9900.00", p.String(), "100.00 issued, 15.00 issued before and reclaimed")

	for en, err := range bulk.Entries(ctx, j) {
		require.NoError(t, err)
		assert.Equal(t, bulk.Done, en.State, "item %d: %s", en.Seq, en.Message)
		if en.Item.Kind != bulk.QuotaReclaim {
			assert.NotEmpty(t, en.TransactionID, "item %d", en.Seq)
		}
	}
}

// states counts the journal's entries by state.
func states(t *testing.T, j bulk.Journal) map[bulk.State]int {
	t.Helper()
	out := map[bulk.State]int{}
	for e, err := range bulk.Entries(t.Context(), j) {
		require.NoError(t, err)
		out[e.State]++
	}
	return out
}
