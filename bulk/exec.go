package bulk

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// Executor carries out the items of one kind: it talks to the API, while
// the runner journals, paces, retries and resolves around it. The built-in
// ones come from Services; Config.Executors adds others or replaces them
// (another resolver, say).
type Executor interface {
	// Send makes one API call carrying items (as many as the kind's
	// MaxBatch, grouped as the kind allows) and returns one Outcome per
	// item, in order.
	Send(ctx context.Context, items []Item) []Outcome
	// Resolve looks up in the API's records whether items whose outcome is
	// unknown were carried out, and returns one Finding per item, in
	// order. The items of one Lookup went out in the same call.
	Resolve(ctx context.Context, l Lookup) ([]Finding, error)
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

// Lookup describes the items of one call to resolve.
type Lookup struct {
	Items []Item
	// Started is when the request that may have carried them out began.
	Started time.Time
	// Exclude lists transactions already matched to other items of the
	// job with the same targets: never take them for these.
	Exclude []string
}

// Resolution is what the records say of an item: the SDK's, shared by
// funds.Resolve, vouchers.Resolve and customers.Resolve.
type Resolution = core.Resolution

// Resolutions.
const (
	// Recorded: exactly one record is this item's; it was carried out,
	// or refused when Finding.Refused says so.
	Recorded = core.Recorded
	// NotRecorded: no record matches. Once the runner's settle time has
	// passed since the request, it takes this as proof that the request
	// was not carried out, and sends the item again.
	NotRecorded = core.NotRecorded
	// Unclear: the records cannot tell whether, or by which record, it
	// was carried out (core.Ambiguous); the item becomes Ambiguous.
	Unclear = core.Ambiguous
)

// Finding is the answer of a Resolve.
type Finding struct {
	Resolution Resolution
	// TransactionID is the recorded item's transaction.
	TransactionID string
	// Refused: the record says the API refused the item; nothing moved.
	Refused bool
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
	Resolve(ctx context.Context, p *vouchers.ResolveParams) (*vouchers.ResolveResult, error)
	Quotas(ctx context.Context, p *vouchers.QuotasParams) (*core.Page[vouchers.Quota], error)
}

// CustomersService is what the runner needs of customers.Service.
type CustomersService interface {
	Transfer(ctx context.Context, p *customers.TransferParams) (*customers.TransferResult, error)
	Reclaim(ctx context.Context, p *customers.ReclaimParams) (*customers.ReclaimResult, error)
	Resolve(ctx context.Context, p *customers.ResolveParams) (*customers.ResolveResult, error)
}

// Services are the SDK services a job's items go through: the fields of
// hwpartner.Client of the same names. Leave out those the job does not use.
type Services struct {
	Funds     FundsService
	Vouchers  VouchersService
	Customers CustomersService
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
	if s.Customers != nil {
		m[CustomerTransfer] = &customersExecutor{svc: s.Customers, op: customers.OperationTransfer}
		m[CustomerReclaim] = &customersExecutor{svc: s.Customers, op: customers.OperationReclaim}
	}
	return m
}

// The runner journals Started on this machine's clock, before sending:
// resolvers align it with the server's clock themselves (Aligned false).

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

func (e *fundsExecutor) Resolve(ctx context.Context, l Lookup) ([]Finding, error) {
	it := l.Items[0]
	res, err := e.svc.Resolve(ctx, &funds.ResolveParams{
		Operation: e.op, ResellerID: it.ResellerID, Amount: it.Amount, Started: l.Started, Aligned: false, Exclude: l.Exclude,
	})
	if err != nil {
		return nil, err
	}
	f := Finding{Resolution: res.Resolution}
	if res.Resolution == Recorded {
		f.TransactionID = res.Record.TransactionID
	}
	for _, m := range res.Matches {
		f.Candidates = append(f.Candidates, m.TransactionID)
	}
	return []Finding{f}, nil
}

// customersExecutor sends customer transfers or reclaims and resolves
// them with customers.Service.Resolve.
type customersExecutor struct {
	svc CustomersService
	op  customers.OperationType
}

func (e *customersExecutor) Send(ctx context.Context, items []Item) []Outcome {
	it := items[0]
	var (
		id  string
		err error
	)
	if e.op == customers.OperationTransfer {
		var r *customers.TransferResult
		if r, err = e.svc.Transfer(ctx, &customers.TransferParams{CustomerID: it.CustomerID, ResellerID: it.ResellerID, Amount: it.Amount}); err == nil {
			id = r.TransactionID
		}
	} else {
		var r *customers.ReclaimResult
		if r, err = e.svc.Reclaim(ctx, &customers.ReclaimParams{CustomerID: it.CustomerID, ResellerID: it.ResellerID, Amount: it.Amount}); err == nil {
			id = r.TransactionID
		}
	}
	return []Outcome{{TransactionID: id, Err: err}}
}

func (e *customersExecutor) Resolve(ctx context.Context, l Lookup) ([]Finding, error) {
	it := l.Items[0]
	res, err := e.svc.Resolve(ctx, &customers.ResolveParams{
		Operation: e.op, CustomerID: it.CustomerID, ResellerID: it.ResellerID, Amount: it.Amount,
		Started: l.Started, Aligned: false, Exclude: l.Exclude,
	})
	if err != nil {
		return nil, err
	}
	f := Finding{Resolution: res.Resolution}
	if res.Resolution == Recorded {
		f.TransactionID = res.Record.TransactionID
	}
	for _, m := range res.Matches {
		f.Candidates = append(f.Candidates, m.TransactionID)
	}
	return []Finding{f}, nil
}

// issueExecutor issues quota in batches and resolves one reseller at a
// time from the quota records (vouchers.Resolve).
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

func (e *issueExecutor) Resolve(ctx context.Context, l Lookup) ([]Finding, error) {
	ids := make([]string, len(l.Items))
	for i, it := range l.Items {
		ids[i] = it.ResellerID
	}
	p := &vouchers.ResolveParams{Operation: vouchers.OperationIssue, QuotaID: l.Items[0].QuotaID,
		ResellerIDs: ids, Amount: l.Items[0].Amount, Started: l.Started, Aligned: false}
	fs, res, err := resolveQuotas(ctx, e.svc, p, ids)
	if err != nil || len(l.Exclude) == 0 {
		return fs, err
	}
	// The job's other issues to the same resellers are known by the
	// quotas they created; vouchers.Resolve excludes by record: map one to
	// the other and look again.
	excluded := map[string]bool{}
	for _, q := range l.Exclude {
		excluded[q] = true
	}
	for _, it := range res.Items {
		for _, r := range it.Matches {
			if excluded[r.QuotaID] {
				p.Exclude = append(p.Exclude, r.ID)
			}
		}
	}
	if len(p.Exclude) == 0 {
		return fs, nil
	}
	fs, _, err = resolveQuotas(ctx, e.svc, p, ids)
	return fs, err
}

// resolveQuotas looks the items ids up with vouchers.Resolve in one
// search. An issue's transaction is the quota it created; a reclaim has
// none.
func resolveQuotas(ctx context.Context, svc VouchersService, p *vouchers.ResolveParams, ids []string) ([]Finding, *vouchers.ResolveResult, error) {
	res, err := svc.Resolve(ctx, p)
	if err != nil {
		return nil, nil, err
	}
	fs := make([]Finding, len(ids))
	for i, id := range ids {
		it := res.Of(id)
		if it == nil {
			return nil, nil, errors.New("bulk: vouchers.Resolve did not answer for every item")
		}
		f := Finding{Resolution: it.Resolution}
		if it.Resolution == Recorded {
			f.Refused = it.Record.Result != vouchers.ResultSucceeded
			if p.Operation == vouchers.OperationIssue {
				f.TransactionID = it.Record.QuotaID
			}
		}
		for _, r := range it.Matches {
			f.Candidates = append(f.Candidates, r.ID)
		}
		fs[i] = f
	}
	return fs, res, nil
}

// reclaimExecutor reclaims quotas in batches and resolves them from the
// quota records.
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

func (e *reclaimExecutor) Resolve(ctx context.Context, l Lookup) ([]Finding, error) {
	ids := make([]string, len(l.Items))
	for i, it := range l.Items {
		ids[i] = it.QuotaID
	}
	fs, _, err := resolveQuotas(ctx, e.svc, &vouchers.ResolveParams{Operation: vouchers.OperationReclaim,
		QuotaIDs: ids, Started: l.Started, Aligned: false}, ids)
	return fs, err
}
