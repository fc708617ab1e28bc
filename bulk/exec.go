package bulk

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// Executor carries out the items of one kind: it talks to the API, while
// the runner journals, paces, retries and resolves around it. The built-in
// ones come from Services; Config.Executors adds others (customer fund
// moves) or replaces them.
type Executor interface {
	// Send makes one API call carrying items (as many as the kind's
	// MaxBatch, grouped as the kind allows) and returns one Outcome per
	// item, in order.
	Send(ctx context.Context, items []Item) []Outcome
	// Resolve looks up in the API's records whether an item whose outcome
	// is unknown was carried out.
	Resolve(ctx context.Context, l Lookup) (Finding, error)
}

// Outcome is what became of one item of a call.
type Outcome struct {
	// TransactionID identifies a done item's transaction.
	TransactionID string
	// Err is nil when the item was carried out. Otherwise the SDK's error
	// classes decide: core.ErrOutcomeUnknown is looked up before anything
	// is sent again; core.ErrNotSent and core.ErrThrottled are sent
	// again; an API refusal (*core.Error) fails the item.
	Err error
}

// Lookup describes an item to resolve.
type Lookup struct {
	Item Item
	// Started is when the request that may have carried it out began.
	Started time.Time
	// Exclude lists transactions already matched to other items of the
	// job with the same target: never take them for this one.
	Exclude []string
}

// Resolution is what the records say of an item.
type Resolution int

// Resolutions.
const (
	// Recorded: exactly one record is this item's; it was carried out.
	Recorded Resolution = iota + 1
	// NotRecorded: no record matches. Once the runner's settle time has
	// passed since the request, it takes this as proof that the request
	// was not carried out, and sends the item again.
	NotRecorded
	// Unclear: the records cannot tell whether, or by which record, it
	// was carried out.
	Unclear
)

// String names the resolution.
func (r Resolution) String() string {
	switch r {
	case Recorded:
		return "recorded"
	case NotRecorded:
		return "not recorded"
	case Unclear:
		return "unclear"
	}
	return "unknown"
}

// Finding is the answer of a Resolve.
type Finding struct {
	Resolution Resolution
	// TransactionID is the recorded item's transaction.
	TransactionID string
	// Candidates lists the transactions that might be an unclear item's.
	Candidates []string
}

// FundsService is what the runner needs of funds.Service.
type FundsService interface {
	Transfer(ctx context.Context, p *funds.TransferParams) (*funds.TransferResult, error)
	Reclaim(ctx context.Context, p *funds.ReclaimParams) (*funds.ReclaimResult, error)
	Resolve(ctx context.Context, p *funds.ResolveParams) (*funds.ResolveResult, error)
	OwnBalance(ctx context.Context) (*funds.Balance, error)
}

// VouchersService is what the runner needs of vouchers.Service.
type VouchersService interface {
	Issue(ctx context.Context, p *vouchers.IssueParams) (*vouchers.IssueResult, error)
	Reclaim(ctx context.Context, p *vouchers.ReclaimParams) (*vouchers.ReclaimResult, error)
	Quotas(ctx context.Context, p *vouchers.QuotasParams) (*core.Page[vouchers.Quota], error)
	Issued(ctx context.Context, p *vouchers.IssuedParams) (*core.Page[vouchers.IssuedQuota], error)
	RecordsIter(ctx context.Context, p *vouchers.RecordsParams) iter.Seq2[vouchers.Record, error]
}

// Services are the SDK services a job's items go through: the fields of
// hwpartner.Client of the same names. Leave out those the job does not use.
type Services struct {
	Funds    FundsService
	Vouchers VouchersService
}

func (s Services) executors() map[Kind]Executor {
	m := map[Kind]Executor{}
	if s.Funds != nil {
		m[Transfer] = &fundsExecutor{svc: s.Funds, op: funds.OperationTransfer}
		m[Reclaim] = &fundsExecutor{svc: s.Funds, op: funds.OperationReclaim}
	}
	if s.Vouchers != nil {
		m[QuotaIssue] = &issueExecutor{svc: s.Vouchers}
		m[QuotaReclaim] = &reclaimExecutor{svc: s.Vouchers}
	}
	return m
}

// fundsExecutor sends transfers or reclaims and resolves them with
// funds.Service.Resolve.
type fundsExecutor struct {
	svc FundsService
	op  funds.OperationType
}

func (e *fundsExecutor) Send(ctx context.Context, items []Item) []Outcome {
	it := items[0]
	var (
		id  string
		err error
	)
	if e.op == funds.OperationTransfer {
		var r *funds.TransferResult
		if r, err = e.svc.Transfer(ctx, &funds.TransferParams{ResellerID: it.ResellerID, Amount: it.Amount}); err == nil {
			id = r.TransactionID
		}
	} else {
		var r *funds.ReclaimResult
		if r, err = e.svc.Reclaim(ctx, &funds.ReclaimParams{ResellerID: it.ResellerID, Amount: it.Amount}); err == nil {
			id = r.TransactionID
		}
	}
	return []Outcome{{TransactionID: id, Err: err}}
}

func (e *fundsExecutor) Resolve(ctx context.Context, l Lookup) (Finding, error) {
	res, err := e.svc.Resolve(ctx, &funds.ResolveParams{
		Operation: e.op, ResellerID: l.Item.ResellerID, Amount: l.Item.Amount, Started: l.Started, Exclude: l.Exclude,
	})
	if err != nil {
		return Finding{}, err
	}
	switch res.Resolution {
	case funds.Recorded:
		return Finding{Resolution: Recorded, TransactionID: res.Record.TransactionID}, nil
	case funds.NotRecorded:
		return Finding{Resolution: NotRecorded}, nil
	}
	f := Finding{Resolution: Unclear}
	for _, m := range res.Matches {
		f.Candidates = append(f.Candidates, m.TransactionID)
	}
	return f, nil
}

// Quota records are searched from this long before a request began to
// this long after now, as funds.Resolve does (clocks differ, records lag).
const (
	quotaMargin    = funds.DefaultResolveMargin
	clockTolerance = 2 * time.Second
)

// issueExecutor issues quota in batches and resolves one reseller at a
// time from the quota records.
type issueExecutor struct{ svc VouchersService }

// errUnreported is the outcome of an item an answered batch left out.
var errUnreported = &core.OperationError{Service: "vouchers", OutcomeUnknown: true,
	Err: errors.New("the answer did not mention this item")}

func (e *issueExecutor) Send(ctx context.Context, items []Item) []Outcome {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ResellerID
	}
	res, err := e.svc.Issue(ctx, &vouchers.IssueParams{QuotaID: items[0].QuotaID, ResellerIDs: ids, Amount: items[0].Amount})
	out := make([]Outcome, len(items))
	var pe *vouchers.PartialError
	if err != nil && !errors.As(err, &pe) || res == nil {
		for i := range out {
			out[i].Err = err
		}
		return out
	}
	issued := map[string]string{}
	for _, is := range res.Issued {
		issued[is.ResellerID] = is.QuotaID
	}
	return batchOutcomes(ids, issued, res.Failures, "UpdateCouponQuotas")
}

// batchOutcomes maps a batch answer to its items: a success, a refusal
// with its code, or unknown for an item the answer did not mention.
func batchOutcomes(ids []string, done map[string]string, failures []vouchers.Failure, op string) []Outcome {
	failed := map[string]vouchers.Failure{}
	for _, f := range failures {
		failed[f.ID] = f
	}
	out := make([]Outcome, len(ids))
	for i, id := range ids {
		if tx, ok := done[id]; ok {
			out[i].TransactionID = tx
		} else if f, ok := failed[id]; ok {
			out[i].Err = &core.Error{StatusCode: http.StatusOK, Code: f.Code, Message: f.Message, Service: "vouchers", Operation: op}
		} else {
			out[i].Err = errUnreported
		}
	}
	return out
}

func (e *issueExecutor) Resolve(ctx context.Context, l Lookup) (Finding, error) {
	parent := l.Item.QuotaID
	started := l.Started.UTC().Truncate(time.Second)
	excluded := map[string]bool{}
	for _, id := range l.Exclude {
		excluded[id] = true
	}
	exact, uncertain := 0, 0
	var f Finding
	p := &vouchers.RecordsParams{
		ResellerID: l.Item.ResellerID, ParentQuotaID: &parent, Operation: vouchers.OperationIssue,
		OperatedAfter: started.Add(-quotaMargin), OperatedBefore: time.Now().Add(quotaMargin).UTC().Truncate(time.Second),
	}
	for r, err := range e.svc.RecordsIter(ctx, p) {
		if err != nil {
			return Finding{}, err
		}
		// A failed issue moved nothing; filters are the server's, so check.
		if r.Result != vouchers.ResultSucceeded || r.ResellerID != l.Item.ResellerID || r.ParentQuotaID != parent ||
			r.Operation != vouchers.OperationIssue || !r.Amount.Equal(l.Item.Amount) || excluded[r.QuotaID] {
			continue
		}
		if t := r.Time.Time; !t.IsZero() && !t.Before(started.Add(-clockTolerance)) {
			exact++
		} else {
			uncertain++
		}
		f.Candidates = append(f.Candidates, r.QuotaID)
	}
	switch {
	case exact == 1 && uncertain == 0:
		return Finding{Resolution: Recorded, TransactionID: f.Candidates[0]}, nil
	case exact+uncertain == 0:
		return Finding{Resolution: NotRecorded}, nil
	}
	f.Resolution = Unclear
	return f, nil
}

// reclaimExecutor reclaims quotas in batches; a quota reads as reclaimed
// (status 6) once it was, which settles an unknown outcome either way.
type reclaimExecutor struct{ svc VouchersService }

func (e *reclaimExecutor) Send(ctx context.Context, items []Item) []Outcome {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.QuotaID
	}
	p := &vouchers.ReclaimParams{QuotaIDs: ids}
	if r := items[0].Remark; r != "" {
		p.Remark = &r
	}
	res, err := e.svc.Reclaim(ctx, p)
	out := make([]Outcome, len(items))
	var pe *vouchers.PartialError
	if err != nil && !errors.As(err, &pe) || res == nil {
		for i := range out {
			out[i].Err = err
		}
		return out
	}
	done := map[string]string{}
	for _, r := range res.Reclaimed {
		done[r.QuotaID] = "" // a reclaim has no transaction id
	}
	return batchOutcomes(ids, done, res.Failures, "ReclaimCouponQuotas")
}

func (e *reclaimExecutor) Resolve(ctx context.Context, l Lookup) (Finding, error) {
	page, err := e.svc.Issued(ctx, &vouchers.IssuedParams{QuotaID: l.Item.QuotaID})
	if err != nil {
		return Finding{}, err
	}
	for _, q := range page.Items {
		if q.ID == l.Item.QuotaID && q.Status == vouchers.StatusReclaimed {
			return Finding{Resolution: Recorded}, nil
		}
	}
	// Not reclaimed (or unknown): sending again reclaims it, or is refused.
	return Finding{Resolution: NotRecorded}, nil
}
