package vouchers

import (
	"context"
	"errors"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
)

// Resolution is what Resolve found of one item (shared by every resolver).
type Resolution = core.Resolution

// Resolutions.
const (
	// Recorded: exactly one record matches; the item was carried out, or
	// refused, as its Result says.
	Recorded = core.Recorded
	// NotRecorded: no record matches yet. Not proof that it did not happen.
	NotRecorded = core.NotRecorded
	// Ambiguous: the records cannot tell whether or which one is this item.
	Ambiguous = core.Ambiguous
)

// ResolveParams describes an Issue or Reclaim whose outcome is unknown for
// some or all of its items. Issue and Reclaim fill one in
// (OutcomeUnknownError.Lookup, IssueResult.Lookup, ReclaimResult.Lookup,
// IssueBatchesResult.Lookup).
type ResolveParams struct {
	// Operation is OperationIssue or OperationReclaim.
	Operation OperationType
	// An issue: the distributor quota, the resellers to look up and the
	// amount each was to receive.
	QuotaID     string      `wire:"quota_id"`
	ResellerIDs []string    `wire:"indirect_partner_ids"`
	Amount      core.Amount `wire:"quota_amount"`
	// A reclaim: the reseller quotas to look up.
	QuotaIDs []string `wire:"quota_ids"`
	// Started and Aligned are as in funds.ResolveParams: when the call
	// began, and whether that was read on the server's clock.
	Started time.Time `wire:"started"`
	Aligned bool
	// Margin widens the searched window; 0 means core.DefaultResolveMargin.
	Margin time.Duration `wire:"margin"`
	// Exclude lists record ids the program has already matched to other
	// calls; they are never taken for these items.
	Exclude []string
}

// Validate returns a *core.ValidationError listing every bad field, or nil.
func (p *ResolveParams) Validate() error {
	v := core.ValidatorFor(p)
	switch p.Operation {
	case OperationIssue:
		v.Required("quota_id", p.QuotaID, maxIDLen)
		v.IDs("indirect_partner_ids", p.ResellerIDs, 1, maxResolveItems, maxIDLen)
		v.Amount("quota_amount", p.Amount)
	case OperationReclaim:
		v.IDs("quota_ids", p.QuotaIDs, 1, maxResolveItems, maxIDLen)
	default:
		v.Add("operation_type", `must be "10" (issue) or "11" (reclaim)`)
	}
	v.Check(!p.Started.IsZero(), "started", "is required: the time the call began")
	v.Time("started", p.Started)
	v.Check(p.Margin >= 0, "margin", "must not be negative")
	return v.Err()
}

// maxResolveItems bounds one Resolve: the resellers of many batches.
const maxResolveItems = 10000

// ItemResolution is what Resolve found of one reseller (issue) or one
// reseller quota (reclaim).
type ItemResolution struct {
	ID         string
	Resolution Resolution
	// Record is the matching record when Resolution is Recorded. Read its
	// Result: a refused operation is recorded too.
	Record *Record
	// Matches lists every record that matches or might match.
	Matches []Record
}

// ResolveResult is what Resolve found, item by item in the order asked.
type ResolveResult struct {
	Items []ItemResolution
	// From and To are the operation times searched, both included.
	From, To time.Time
}

// Of returns the resolution of one item, or nil when it was not asked.
func (r *ResolveResult) Of(id string) *ItemResolution {
	for i := range r.Items {
		if r.Items[i].ID == id {
			return &r.Items[i]
		}
	}
	return nil
}

// Resolve looks an Issue or Reclaim up in the quota records, item by item,
// to settle an unknown outcome, with the contract of funds.Resolve:
//
//   - Recorded: exactly one record of the item made at or after Started
//     (give or take core.ClockReadSlack): for an issue, of that reseller
//     from that quota with that amount; for a reclaim, of that quota.
//   - Ambiguous: several candidates, or one made before Started within the
//     margin, or no window provably covers the call, or an answer lacked
//     its records list. Matches lists the candidates.
//   - NotRecorded: every record of the window was read, and none matches
//     now. A lost request may still be carried out later, and records may
//     lag: wait, resolve again, and compare the quotas (Issued) before
//     sending again.
//
// API: GET /v2/partners/coupon-quotas/records (ListCouponQuotasRecords),
// as many pages as the window holds: one walk for an issue (filtered by
// the distributor quota), one per quota for a reclaim. Queries: retried.
func (s *Service) Resolve(ctx context.Context, p *ResolveParams) (*ResolveResult, error) {
	if p == nil {
		p = &ResolveParams{}
	}
	if err := p.Validate(); err != nil {
		var ve *core.ValidationError
		if errors.As(err, &ve) {
			ve.Operation = "vouchers.Resolve"
		}
		return nil, err
	}
	found, w, err := core.SearchWindow(s.r, p.Started, p.Aligned, p.Margin, func(w core.ResolveWindow) (searched, error) {
		return s.search(ctx, p, w)
	})
	if err != nil {
		return nil, err
	}
	res := &ResolveResult{From: w.From, To: w.To}
	ids := p.ResellerIDs
	if p.Operation == OperationReclaim {
		ids = p.QuotaIDs
	}
	for _, id := range ids {
		res.Items = append(res.Items, p.classify(id, w, found))
	}
	return res, nil
}

// searched holds the records that may belong to the items, and whether
// every answer carried its records list.
type searched struct {
	records []Record
	listed  bool
}

func (s *Service) search(ctx context.Context, p *ResolveParams, w core.ResolveWindow) (searched, error) {
	out := searched{listed: true}
	excluded := make(map[string]bool, len(p.Exclude))
	for _, id := range p.Exclude {
		excluded[id] = true
	}
	walkOne := func(q RecordsParams) error {
		fetch := func(ctx context.Context, o core.ListOptions) (*core.Page[Record], error) {
			page := q
			page.ListOptions = o
			return s.Records(ctx, &page)
		}
		kept, listed, err := core.CollectListed(ctx, fetch, func(r Record) bool { return r.Operation == p.Operation && !excluded[r.ID] })
		out.records = append(out.records, kept...)
		out.listed = out.listed && listed
		return err
	}
	base := RecordsParams{Operation: p.Operation, OperatedAfter: w.From, OperatedBefore: w.To}
	if p.Operation == OperationIssue {
		q := base
		q.ParentQuotaID = &p.QuotaID
		if len(p.ResellerIDs) == 1 {
			q.ResellerID = p.ResellerIDs[0]
		}
		return out, walkOne(q)
	}
	for _, id := range p.QuotaIDs {
		q := base
		q.QuotaID = id
		if err := walkOne(q); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (p *ResolveParams) classify(id string, w core.ResolveWindow, found searched) ItemResolution {
	var mine []Record
	for _, r := range found.records {
		if p.Operation == OperationIssue && (r.ResellerID != id || r.ParentQuotaID != p.QuotaID || !r.Amount.Equal(p.Amount)) {
			continue
		}
		if p.Operation == OperationReclaim && r.QuotaID != id {
			continue
		}
		mine = append(mine, r)
	}
	it := ItemResolution{ID: id}
	it.Resolution, it.Matches = core.Judge(w, found.listed, mine, func(r Record) (time.Time, bool) { return r.Time.Time, true })
	if it.Resolution == Recorded {
		it.Record = &it.Matches[0]
	}
	return it
}

// OutcomeUnknownError is the error of an Issue or Reclaim that may have
// reached the server without an answer: some or all of its items may have
// been carried out. Lookup describes them for Resolve;
// errors.Is(err, core.ErrOutcomeUnknown) holds.
type OutcomeUnknownError = core.UnknownOutcome[ResolveParams]

// lookup builds the ResolveParams of the items ids after a call timed by
// clock, or nil when there are none.
func lookup(op OperationType, clock core.CallClock, ids []string, quotaID string, amount core.Amount) *ResolveParams {
	if len(ids) == 0 {
		return nil
	}
	p := &ResolveParams{Operation: op}
	p.Started, p.Aligned = clock.Started()
	if op == OperationIssue {
		p.QuotaID, p.ResellerIDs, p.Amount = quotaID, append([]string(nil), ids...), amount
	} else {
		p.QuotaIDs = append([]string(nil), ids...)
	}
	return p
}
