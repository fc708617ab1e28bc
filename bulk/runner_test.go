package bulk_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/bulk"
	"github.com/hwpartner/go-hwpartner/bulk/journal"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

const (
	opTransfer     = hwpartnertest.OpUpdateIndirectPartnerAccount
	opReclaim      = hwpartnertest.OpReclaimIndirectPartnerAccount
	opIssue        = hwpartnertest.OpUpdateCouponQuotas
	opQuotaReclaim = hwpartnertest.OpReclaimCouponQuotas
)

func TestMixedJobCompletesAtTheDocumentedRateWithoutRefusals(t *testing.T) {
	t.Parallel()
	// The documented quotas on both sides: the fake refuses what goes over.
	e := newEnv(t, []hwpartnertest.Option{hwpartnertest.WithFlowControl(hwpartnertest.FlowControl{})})
	job := e.mixedJob(t)
	j := bulk.NewMemoryJournal()
	var (
		mu   sync.Mutex
		seen []bulk.Progress
	)
	r := e.runner(t, j, bulk.Config{Concurrency: 8, Progress: func(p bulk.Progress) {
		mu.Lock()
		seen = append(seen, p)
		mu.Unlock()
	}})
	plan, err := r.Plan(t.Context(), job)
	require.NoError(t, err)
	assert.Equal(t, 10+5+1+1, plan.Calls)
	require.NoError(t, r.Preflight(t.Context()))

	p, err := r.Run(t.Context())
	require.NoError(t, err)
	assert.Equal(t, bulk.Progress{Total: 40, Done: 40, Requests: 17}, bulk.Progress{Total: p.Total, Done: p.Done, Requests: p.Requests})
	assert.Zero(t, p.Failed+p.Unknown+p.Remaining)
	assert.Zero(t, e.srv.Throttled(""), "the client's pacing keeps every API within its quota")
	assert.Equal(t, 10, e.srv.RequestCount(opTransfer))
	assert.Equal(t, 1+1, e.srv.RequestCount(opIssue), "20 resellers in one call, after the one issuing the quotas to reclaim")
	e.checkMixedJobOnce(t, j)

	require.NotEmpty(t, seen)
	for i := 1; i < len(seen); i++ {
		assert.GreaterOrEqual(t, seen[i].Done, seen[i-1].Done, "progress only moves forward")
		assert.Equal(t, 40, seen[i].Done+seen[i].Failed+seen[i].Unknown+seen[i].Remaining)
	}
	last := seen[len(seen)-1]
	assert.Equal(t, 40, last.Done)
	assert.Greater(t, last.Rate, 0.0)
	assert.Contains(t, last.String(), "40/40 done")

	// The report: every item with its outcome and transaction id.
	var out bytes.Buffer
	require.NoError(t, bulk.WriteCSV(t.Context(), j, &out))
	rows, err := csv.NewReader(&out).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 41)
	assert.Equal(t, []string{"seq", "id", "kind", "reseller_id", "customer_id", "quota_id", "amount", "remark",
		"state", "transaction_id", "code", "message", "sends", "lookups", "started", "candidates"}, rows[0])
	assert.Equal(t, []string{"1", "t0", "transfer", resellerID(0), "", "", "1.00", ""}, rows[1][:8])
	assert.Equal(t, "done", rows[1][8])
	assert.True(t, strings.HasPrefix(rows[1][9], "AD"), rows[1][9])
	assert.Equal(t, "1", rows[1][12])

	out.Reset()
	require.NoError(t, bulk.WriteJSON(t.Context(), j, &out))
	var rep struct {
		Summary map[string]int `json:"summary"`
		Items   []bulk.Entry   `json:"items"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep))
	assert.Equal(t, 40, rep.Summary["done"])
	require.Len(t, rep.Items, 40)
	assert.Equal(t, bulk.QuotaIssue, rep.Items[15].Item.Kind)
	assert.NotEmpty(t, rep.Items[15].TransactionID, "a quota issue's transaction is the reseller's new quota")
}

func TestUnknownOutcomesAreLookedUpNeverResentBlindly(t *testing.T) {
	t.Parallel()
	e := fast(t)
	job := e.mixedJob(t)
	// Carried out, answer lost: found in the records, not sent again.
	require.NoError(t, e.srv.InjectFault(opTransfer, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 3}))
	require.NoError(t, e.srv.InjectFault(opIssue, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1}))
	// Not carried out, outcome unknown all the same: sent again only once
	// the records show nothing Settle after the request.
	require.NoError(t, e.srv.InjectFault(opReclaim, hwpartnertest.Fault{Status: 500, Code: "CBC.0999", Times: 2}))
	require.NoError(t, e.srv.InjectFault(opQuotaReclaim, hwpartnertest.Fault{Status: 503, Times: 1}))
	j := bulk.NewMemoryJournal()
	r := e.runner(t, j, bulk.Config{Settle: 300 * time.Millisecond})
	_, err := r.Plan(t.Context(), job)
	require.NoError(t, err)
	p, err := r.Run(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 40, p.Done)
	assert.Equal(t, 10, e.srv.RequestCount(opTransfer), "transfers whose answers were lost are not sent again")
	assert.Equal(t, 1+1, e.srv.RequestCount(opIssue), "nor the lost batch of quota issues")
	assert.Equal(t, 5+2, e.srv.RequestCount(opReclaim), "the two unanswered reclaims are sent once more")
	assert.Equal(t, 2, e.srv.RequestCount(opQuotaReclaim), "the unanswered batch of 5 quota reclaims is sent once more, as a batch")
	// One lookup per call: 3 transfers, the batch of issues, 2 reclaims
	// and the batch of quota reclaims; those not found, again after Settle
	// (once only on a machine so busy that the first lookup came late).
	assert.GreaterOrEqual(t, p.Lookups, 3+1+2+1)
	assert.LessOrEqual(t, p.Lookups, 3+1+2*2+1*2)
	e.checkMixedJobOnce(t, j)

	sends := map[bulk.Kind][]int{}
	for en, err := range bulk.Entries(t.Context(), j) {
		require.NoError(t, err)
		sends[en.Item.Kind] = append(sends[en.Item.Kind], en.Sends)
		if en.Item.Kind == bulk.QuotaIssue {
			assert.Equal(t, 1, en.Lookups, "the lost batch is looked up once for all its resellers")
		}
	}
	assert.Equal(t, []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, sends[bulk.Transfer], "transfers found in the records were sent once")
	twice := 0
	for _, n := range sends[bulk.Reclaim] {
		if n == 2 {
			twice++
		}
	}
	assert.Equal(t, 2, twice, "the reclaims proven not carried out were sent twice")
}

func TestRefusalsAreRetriedOrReportedByClass(t *testing.T) {
	t.Parallel()
	e := fast(t)
	require.NoError(t, e.srv.SeedReseller(hwpartnertest.IndirectPartner{ID: "foreign", DistributorID: "someone-else"}))
	child := e.issueChildren(t, resellerID(5))[0]
	job := &bulk.Job{Items: []bulk.Item{
		{Kind: bulk.Transfer, ResellerID: resellerID(0), Amount: yuan(1)},
		{Kind: bulk.Transfer, ResellerID: "foreign", Amount: yuan(1)},
		{Kind: bulk.Reclaim, ResellerID: resellerID(1), Amount: yuan(500)},
		{Kind: bulk.Transfer, ResellerID: resellerID(2), Amount: yuan(1)},
		{Kind: bulk.QuotaReclaim, QuotaID: child},
	}}
	require.NoError(t, e.srv.ThrottleNext(opTransfer, 2))
	require.NoError(t, e.srv.ThrottleNext(opQuotaReclaim, 3))
	j := bulk.NewMemoryJournal()
	r := e.runner(t, j, bulk.Config{Concurrency: 1, Retries: 2})
	_, err := r.Plan(t.Context(), job)
	require.NoError(t, err)
	p, err := r.Run(t.Context())
	require.ErrorIs(t, err, bulk.ErrIncomplete, "the quota reclaim was throttled more often than it may be retried")
	assert.Equal(t, 2, p.Done)
	assert.Equal(t, 2, p.Failed)
	assert.Equal(t, 1, p.Remaining)
	assert.Zero(t, p.Unknown, "a throttled request was refused, not lost")

	got := map[uint64]bulk.Entry{}
	for en, err := range bulk.Entries(t.Context(), j) {
		require.NoError(t, err)
		got[en.Seq] = en
	}
	assert.Equal(t, bulk.Done, got[1].State)
	assert.Equal(t, bulk.Failed, got[2].State)
	assert.Equal(t, "CBC.99000037", got[2].Code, "not our reseller: reported, not retried")
	assert.Equal(t, 3+2, got[1].Sends+got[2].Sends+got[4].Sends, "the two throttled transfers were sent again")
	assert.Equal(t, 5, e.srv.RequestCount(opTransfer))
	assert.Equal(t, bulk.Failed, got[3].State)
	assert.Equal(t, "CBC.99005003", got[3].Code)
	assert.Equal(t, 1, got[3].Sends)
	assert.Equal(t, bulk.Pending, got[5].State)
	assert.Equal(t, 3, got[5].Sends)
	assert.Contains(t, got[5].Message, "APIGW.0308")
	q, _ := e.srv.Quota(child)
	assert.Equal(t, 0, q.Status, "a throttled quota reclaim changed nothing")

	p, err = r.Run(t.Context())
	require.NoError(t, err, "resumed, the quota reclaim goes through")
	assert.Equal(t, 3, p.Done)
	assert.Equal(t, 1, p.Requests, "the resumed run sends only what was left")
	q, _ = e.srv.Quota(child)
	assert.Equal(t, 6, q.Status)
}

func TestCancelStopsCleanlyAndAnotherRunnerResumes(t *testing.T) {
	t.Parallel()
	e := fast(t)
	job := e.mixedJob(t)
	path := filepath.Join(t.TempDir(), "job.journal")
	j, err := journal.Open(path)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	r := e.runner(t, j, bulk.Config{Concurrency: 2, Progress: func(p bulk.Progress) {
		if p.Done >= 3 {
			cancel()
		}
	}})
	_, err = r.Plan(t.Context(), job)
	require.NoError(t, err)
	p, err := r.Run(ctx)
	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, p.Done, 40)
	assert.Zero(t, states(t, j)[bulk.Sending], "requests in flight were awaited and their outcomes written")
	assert.Zero(t, p.Unknown)
	require.NoError(t, j.Close())

	j, err = journal.Open(path)
	require.NoError(t, err)
	defer j.Close()
	r = e.runner(t, j, bulk.Config{})
	_, err = r.Plan(t.Context(), job)
	require.NoError(t, err, "planning the same job again resumes it")
	p, err = r.Run(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 40, p.Done)
	assert.Zero(t, p.Lookups, "nothing was unknown")
	e.checkMixedJobOnce(t, j)
}

func TestJournalFailureStopsAndTheResumeLooksUpWhatWasInFlight(t *testing.T) {
	t.Parallel()
	e := fast(t)
	job := e.mixedJob(t)
	j := bulk.NewMemoryJournal()
	var (
		mu    sync.Mutex
		saves int
	)
	j.Fail = func(es []bulk.Entry) error {
		mu.Lock()
		defer mu.Unlock()
		if es[0].State == bulk.Sending {
			return nil
		}
		if saves++; saves == 4 || saves == 13 {
			return errors.New("disk full")
		}
		return nil
	}
	r := e.runner(t, j, bulk.Config{Concurrency: 1})
	_, err := r.Plan(t.Context(), job)
	require.NoError(t, err)
	_, err = r.Run(t.Context())
	require.ErrorContains(t, err, "disk full")
	assert.Equal(t, 1, states(t, j)[bulk.Sending], "the journal still says it was being sent")

	j.Fail = nil
	p, err := r.Run(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, p.Lookups, "the item in flight is looked up, found, and not sent again")
	assert.Equal(t, 40, p.Done)
	assert.Equal(t, 10, e.srv.RequestCount(opTransfer))
	e.checkMixedJobOnce(t, j)
}

func TestDuplicatesGoOneAfterTheOther(t *testing.T) {
	t.Parallel()
	e := fast(t)
	job := &bulk.Job{AllowDuplicates: true, Items: []bulk.Item{
		{Kind: bulk.Transfer, ResellerID: resellerID(0), Amount: yuan(10)},
		{Kind: bulk.Transfer, ResellerID: resellerID(0), Amount: yuan(10)},
		{Kind: bulk.Transfer, ResellerID: resellerID(1), Amount: yuan(10)},
	}}
	// Both answers lost: each lookup must find its own record, not the other's.
	require.NoError(t, e.srv.InjectFault(opTransfer, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 3}))
	j := bulk.NewMemoryJournal()
	r := e.runner(t, j, bulk.Config{Concurrency: 4})
	_, err := r.Plan(t.Context(), job)
	require.NoError(t, err)
	p, err := r.Run(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 3, p.Done)
	assert.Equal(t, 3, e.srv.RequestCount(opTransfer))
	assert.Equal(t, hwpartnertest.Yuan(120), e.srv.Balance(resellerID(0)), "two transfers, each once")
	var ids []string
	for en, err := range bulk.Entries(t.Context(), j) {
		require.NoError(t, err)
		ids = append(ids, en.TransactionID)
	}
	assert.NotEqual(t, ids[0], ids[1], "each duplicate has its own record")

	_, err = bulk.Preview(&bulk.Job{Items: job.Items})
	assert.Error(t, err, "refused unless allowed")
}

func TestAmbiguousItemsAreNeverResentAndSettledByHand(t *testing.T) {
	t.Parallel()
	e := fast(t)
	// Someone moved the same amount to the same reseller a minute ago.
	require.NoError(t, e.srv.SeedAdjustRecord(hwpartnertest.AdjustRecord{CustomerID: resellerID(0),
		OperationType: "SOURCE_OPERATION_BEADJUST", Amount: hwpartnertest.Yuan(10), OperationTime: time.Now().Add(-time.Minute)}))
	require.NoError(t, e.srv.InjectFault(opTransfer, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1}))
	job := &bulk.Job{Items: []bulk.Item{{Kind: bulk.Transfer, ResellerID: resellerID(0), Amount: yuan(10)}}}
	j := bulk.NewMemoryJournal()
	r := e.runner(t, j, bulk.Config{})
	_, err := r.Plan(t.Context(), job)
	require.NoError(t, err)
	p, err := r.Run(t.Context())
	require.ErrorIs(t, err, bulk.ErrIncomplete)
	assert.Equal(t, 1, p.Ambiguous)
	es, err := j.Entries(t.Context(), 1, 1)
	require.NoError(t, err)
	assert.Equal(t, bulk.Ambiguous, es[0].State)
	assert.Len(t, es[0].Candidates, 2, "both records are candidates")

	_, err = r.Run(t.Context())
	require.ErrorIs(t, err, bulk.ErrIncomplete)
	assert.Equal(t, 1, e.srv.RequestCount(opTransfer), "never sent again")
	assert.Equal(t, hwpartnertest.Yuan(110), e.srv.Balance(resellerID(0)))

	var mine string
	for _, rec := range e.srv.AdjustRecords() {
		if strings.HasPrefix(rec.TransID, "AD") {
			mine = rec.TransID
		}
	}
	require.NoError(t, r.Settle(t.Context(), 1, mine))
	p, err = r.Run(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, p.Done)
	assert.Error(t, r.Settle(t.Context(), 1, ""), "a done item is not settled again")
	assert.Error(t, r.Settle(t.Context(), 9, ""))
}

func TestPlanAndPreflight(t *testing.T) {
	t.Parallel()
	e := fast(t)
	job := &bulk.Job{Items: []bulk.Item{
		{Kind: bulk.Transfer, ResellerID: resellerID(0), Amount: yuan(60000)},
		{Kind: bulk.Transfer, ResellerID: resellerID(1), Amount: yuan(50000)},
		{Kind: bulk.QuotaIssue, QuotaID: e.quota, ResellerID: resellerID(0), Amount: yuan(20000)},
		{Kind: bulk.Reclaim, ResellerID: resellerID(2), Amount: yuan(1)},
	}}
	j := bulk.NewMemoryJournal()
	r := e.runner(t, j, bulk.Config{})
	_, err := r.Plan(t.Context(), job)
	require.NoError(t, err)
	err = r.Preflight(t.Context())
	var se *bulk.ShortfallError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, []bulk.Shortfall{
		{Account: "distributor", Need: yuan(110000), Have: hwpartner.AmountFromCents(10000000)},
		{Account: e.quota, Need: yuan(20000), Have: hwpartner.AmountFromCents(1000000)},
	}, []bulk.Shortfall{{Account: se.Shortfalls[0].Account, Need: se.Shortfalls[0].Need, Have: se.Shortfalls[0].Have},
		{Account: se.Shortfalls[1].Account, Need: se.Shortfalls[1].Need, Have: se.Shortfalls[1].Have}})
	assert.ErrorContains(t, err, "the distributor's balance has 100000.00 CNY, the job takes 110000.00")
	assert.Zero(t, e.srv.RequestCount(opTransfer), "a pre-flight check sends no money")

	other := &bulk.Job{Items: job.Items[:1]}
	_, err = r.Plan(t.Context(), other)
	assert.ErrorIs(t, err, bulk.ErrOtherJob)

	noVouchers, err := bulk.New(bulk.NewMemoryJournal(), bulk.Services{Funds: e.c.Funds}, bulk.Config{})
	require.NoError(t, err)
	_, err = noVouchers.Plan(t.Context(), job)
	assert.ErrorContains(t, err, "no executor for quota-issue items")
	_, err = noVouchers.Run(t.Context())
	assert.ErrorContains(t, err, "holds no job")

	_, err = bulk.New(nil, bulk.Services{}, bulk.Config{})
	assert.Error(t, err)
	_, err = bulk.New(j, bulk.Services{}, bulk.Config{Concurrency: -1})
	assert.Error(t, err)
}

// customerMoves stands in for the customers API: it records what it was
// asked and loses the first answer.
type customerMoves struct {
	mu      sync.Mutex
	applied map[string]int
	calls   int
}

func (c *customerMoves) Send(_ context.Context, items []bulk.Item) []bulk.Outcome {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	c.applied[items[0].CustomerID]++
	if c.calls == 1 {
		return []bulk.Outcome{{Err: &hwpartner.OperationError{OutcomeUnknown: true, Err: errors.New("connection reset")}}}
	}
	return []bulk.Outcome{{TransactionID: "AD-" + items[0].CustomerID}}
}

func (c *customerMoves) Resolve(_ context.Context, l bulk.Lookup) ([]bulk.Finding, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.applied[l.Items[0].CustomerID] == 1 {
		return []bulk.Finding{{Resolution: bulk.Recorded, TransactionID: "AD-found"}}, nil
	}
	return []bulk.Finding{{Resolution: bulk.NotRecorded}}, nil
}

func TestCustomerMovesGoThroughAnExecutor(t *testing.T) {
	t.Parallel()
	moves := &customerMoves{applied: map[string]int{}}
	job := &bulk.Job{Items: []bulk.Item{
		{Kind: bulk.CustomerTransfer, CustomerID: "c-1", Amount: yuan(5)},
		{Kind: bulk.CustomerTransfer, CustomerID: "c-2", ResellerID: "r-1", Amount: yuan(5)},
	}}
	j := bulk.NewMemoryJournal()
	r, err := bulk.New(j, bulk.Services{}, bulk.Config{Concurrency: 1, Executors: map[bulk.Kind]bulk.Executor{bulk.CustomerTransfer: moves}})
	require.NoError(t, err)
	_, err = r.Plan(t.Context(), job)
	require.NoError(t, err)
	p, err := r.Run(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 2, p.Done)
	assert.Equal(t, map[string]int{"c-1": 1, "c-2": 1}, moves.applied, "the lost answer was looked up, not resent")
	es, err := j.Entries(t.Context(), 1, 2)
	require.NoError(t, err)
	assert.Equal(t, "AD-found", es[0].TransactionID)
	assert.Equal(t, "AD-c-2", es[1].TransactionID)
	_, err = bulk.New(j, bulk.Services{}, bulk.Config{Executors: map[bulk.Kind]bulk.Executor{bulk.CustomerReclaim: nil}})
	assert.Error(t, err)
}

// lateMoves answers no request, and carries each out only after the
// first lookup found no record of it: what a slow server behind a
// timed-out request does.
type lateMoves struct {
	mu      sync.Mutex
	sent    int
	lookups int
}

func (m *lateMoves) Send(context.Context, []bulk.Item) []bulk.Outcome {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent++
	return []bulk.Outcome{{Err: &hwpartner.OperationError{OutcomeUnknown: true, Err: context.DeadlineExceeded}}}
}

func (m *lateMoves) Resolve(context.Context, bulk.Lookup) ([]bulk.Finding, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.lookups++; m.lookups == 1 {
		return []bulk.Finding{{Resolution: bulk.NotRecorded}}, nil
	}
	return []bulk.Finding{{Resolution: bulk.Recorded, TransactionID: "AD-late"}}, nil
}

func TestNoRecordProvesNothingUntilSettleHasPassed(t *testing.T) {
	t.Parallel()
	moves := &lateMoves{}
	j := bulk.NewMemoryJournal()
	r, err := bulk.New(j, bulk.Services{}, bulk.Config{Settle: time.Second,
		Executors: map[bulk.Kind]bulk.Executor{bulk.CustomerTransfer: moves}})
	require.NoError(t, err)
	_, err = r.Plan(t.Context(), &bulk.Job{Items: []bulk.Item{{Kind: bulk.CustomerTransfer, CustomerID: "c-1", Amount: yuan(5)}}})
	require.NoError(t, err)
	p, err := r.Run(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, moves.sent, "the first lookup found nothing, yet the move was not sent again")
	assert.Equal(t, 2, p.Lookups, "looked up again once Settle had passed, and found")
	es, err := j.Entries(t.Context(), 1, 1)
	require.NoError(t, err)
	assert.Equal(t, "AD-late", es[0].TransactionID)
}

// recorder is an executor that succeeds at once and keeps every call.
type recorder struct {
	mu    sync.Mutex
	calls [][]bulk.Item
}

func (r *recorder) Send(_ context.Context, items []bulk.Item) []bulk.Outcome {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, items)
	out := make([]bulk.Outcome, len(items))
	for i := range out {
		out[i].TransactionID = "tx"
	}
	return out
}

func (r *recorder) Resolve(_ context.Context, l bulk.Lookup) ([]bulk.Finding, error) {
	fs := make([]bulk.Finding, len(l.Items))
	for i := range fs {
		fs[i].Resolution = bulk.NotRecorded
	}
	return fs, nil
}

func TestAnItemLeftInFlightAheadOfTheStreamIsSentOnce(t *testing.T) {
	t.Parallel()
	transfers, issues := &recorder{}, &recorder{}
	job := &bulk.Job{}
	for i := range 300 {
		job.Items = append(job.Items, bulk.Item{Kind: bulk.CustomerTransfer, CustomerID: fmt.Sprint("c-", i), Amount: yuan(1)})
	}
	job.Items = append(job.Items, bulk.Item{Kind: bulk.QuotaIssue, QuotaID: "q-1", ResellerID: "r-1", Amount: yuan(1)})
	j := bulk.NewMemoryJournal()
	r, err := bulk.New(j, bulk.Services{}, bulk.Config{Concurrency: 1,
		Executors: map[bulk.Kind]bulk.Executor{bulk.CustomerTransfer: transfers, bulk.QuotaIssue: issues}})
	require.NoError(t, err)
	_, err = r.Plan(t.Context(), job)
	require.NoError(t, err)
	// A process died an hour ago while sending the last item.
	es, err := j.Entries(t.Context(), 301, 1)
	require.NoError(t, err)
	es[0].State, es[0].Sends, es[0].Started = bulk.Sending, 1, time.Now().Add(-time.Hour)
	require.NoError(t, j.Save(t.Context(), es[0]))

	p, err := r.Run(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 301, p.Done)
	require.Len(t, issues.calls, 1)
	assert.Len(t, issues.calls[0], 1, "found not carried out, it is sent once, not again when the run reads that far")
	assert.Len(t, transfers.calls, 300)
}

func TestCustomerMovesThroughTheCustomersService(t *testing.T) {
	t.Parallel()
	e := fast(t)
	owner := resellerID(0) // 100.00: it pays its customers
	var ids []string
	for i, bal := range []hwpartnertest.Amount{{}, {}, hwpartnertest.Yuan(50)} {
		id, err := e.srv.SeedCustomer(hwpartnertest.Customer{Owner: owner, Balance: bal, AccountName: fmt.Sprintf("bulk-cust-%d", i)})
		require.NoError(t, err)
		ids = append(ids, id)
	}
	job := &bulk.Job{Items: []bulk.Item{
		{Kind: bulk.CustomerTransfer, CustomerID: ids[0], ResellerID: owner, Amount: yuan(10)},
		{Kind: bulk.CustomerTransfer, CustomerID: ids[1], ResellerID: owner, Amount: yuan(20)},
		{Kind: bulk.CustomerReclaim, CustomerID: ids[2], ResellerID: owner, Amount: yuan(5)},
	}}
	require.NoError(t, e.srv.InjectFault(hwpartnertest.OpUpdateCustomerAccountAmount, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1}))
	j := bulk.NewMemoryJournal()
	r, err := bulk.New(j, bulk.Services{Customers: e.c.Customers}, bulk.Config{Concurrency: 1})
	require.NoError(t, err)
	_, err = r.Plan(t.Context(), job)
	require.NoError(t, err)
	p, err := r.Run(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 3, p.Done)
	assert.Equal(t, 1, p.Lookups, "the lost answer was looked up in the reseller's records")
	assert.Equal(t, 2, e.srv.RequestCount(hwpartnertest.OpUpdateCustomerAccountAmount), "and not sent again")
	assert.Equal(t, hwpartnertest.Yuan(10), e.srv.CustomerBalance(ids[0]))
	assert.Equal(t, hwpartnertest.Yuan(20), e.srv.CustomerBalance(ids[1]))
	assert.Equal(t, hwpartnertest.Yuan(45), e.srv.CustomerBalance(ids[2]))
	assert.Equal(t, hwpartnertest.Yuan(75), e.srv.Balance(owner), "paid out of the reseller's account, the reclaim back into it")
	for en, err := range bulk.Entries(t.Context(), j) {
		require.NoError(t, err)
		assert.NotEmpty(t, en.TransactionID, "item %d", en.Seq)
	}
}
