package funds

import (
	"context"
	"errors"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
)

// DefaultResolveMargin widens the window Resolve searches on both sides:
// it allows for the difference between this machine's clock and the
// server's, and for the time the server took to carry the move out.
const DefaultResolveMargin = 5 * time.Minute

// ResolveParams describes a transfer or reclaim to look up. Transfer and
// Reclaim fill one in (OutcomeUnknownError.Lookup).
type ResolveParams struct {
	// Operation is OperationTransfer or OperationReclaim.
	Operation OperationType
	// ResellerID and Amount are those of the call.
	ResellerID string
	Amount     core.Amount
	// Started is when the call began, read before it was sent.
	Started time.Time
	// Margin widens the searched window, Started−Margin to now+Margin;
	// 0 means DefaultResolveMargin.
	Margin time.Duration
	// Exclude lists transaction ids the program has already matched to
	// other calls; their records are never taken for this one.
	Exclude []string
}

// Validate returns a *core.ValidationError listing every bad field, or nil.
func (p *ResolveParams) Validate() error {
	var v core.Validator
	v.Check(p.Operation == OperationTransfer || p.Operation == OperationReclaim, "operation_type",
		"must be SOURCE_OPERATION_BEADJUST (transfer) or SOURCE_OPERATION_BERETRIEVE (reclaim)")
	v.Required("indirect_partner_id", p.ResellerID, maxIDLen)
	v.Amount("amount", p.Amount)
	v.Check(!p.Started.IsZero(), "started", "is required: the time the call began")
	v.Time("started", p.Started)
	v.Check(p.Margin >= 0, "margin", "must not be negative")
	return v.Err()
}

// Resolution is what Resolve found.
type Resolution int

// Resolutions.
const (
	// Recorded: exactly one record matches; the move happened.
	Recorded Resolution = iota + 1
	// NotRecorded: no record matches yet. Not proof that it did not happen.
	NotRecorded
	// Ambiguous: the records cannot tell whether or which one is this move.
	Ambiguous
)

// String names the resolution.
func (r Resolution) String() string {
	switch r {
	case Recorded:
		return "recorded"
	case NotRecorded:
		return "not recorded"
	case Ambiguous:
		return "ambiguous"
	}
	return "unknown"
}

// ResolveResult is what Resolve found.
type ResolveResult struct {
	Resolution Resolution
	// Record is the matching record when Resolution is Recorded.
	Record *Record
	// Matches lists every record that matches or might match.
	Matches []Record
	// From and To are the operation times searched, both included.
	From, To time.Time
}

// Resolve looks a transfer or reclaim up in the caller's adjust records,
// to settle an unknown outcome. The API has no idempotency key and a
// record carries no request id, so a move is recognised by what its
// record shows: the reseller (customer_id), the operation, the exact
// amount, and an operation time between Started−Margin and now+Margin.
//
//   - Recorded: exactly one record matches. The move happened; Record is
//     its record.
//   - Ambiguous: several records match, such as another move of the same
//     amount to the same reseller in the window (by this program, another
//     one, or someone in the Partner Center console), or a record whose
//     time or unit cannot be compared. The records cannot tell which one
//     is this call; Matches lists the candidates. Exclude the transaction
//     ids the program has already matched to other calls, or settle it by
//     hand.
//   - NotRecorded: no record matches now. That does not prove the move did
//     not happen: a request whose answer was lost may still be carried out
//     afterwards, and a record may appear with a delay. Wait, resolve
//     again and compare the balances before sending the money again.
//
// Ambiguity stays rare when a program does not run two moves of the same
// amount to the same reseller at the same time and keeps the transaction
// ids of the moves that succeeded, to pass in Exclude.
//
// API: GET /v3/accounts/partner-accounts/adjust-records
// (ListPartnerAdjustRecords), as many pages as the window holds. A query:
// retried.
func (s *Service) Resolve(ctx context.Context, p *ResolveParams) (*ResolveResult, error) {
	if p == nil {
		p = &ResolveParams{}
	}
	if err := p.Validate(); err != nil {
		var ve *core.ValidationError
		if errors.As(err, &ve) {
			ve.Operation = "funds.Resolve"
		}
		return nil, err
	}
	margin := p.Margin
	if margin == 0 {
		margin = DefaultResolveMargin
	}
	// The API filters to the second: round the window outwards.
	from := p.Started.Add(-margin).UTC().Truncate(time.Second)
	to := time.Now().Add(margin).UTC().Truncate(time.Second).Add(time.Second)
	res := &ResolveResult{From: from, To: to}
	excluded := make(map[string]bool, len(p.Exclude))
	for _, id := range p.Exclude {
		excluded[id] = true
	}
	exact, uncertain := 0, 0
	params := &RecordsParams{CustomerID: p.ResellerID, OperationType: p.Operation, From: from, To: to}
	for r, err := range s.RecordsIter(ctx, params) {
		if err != nil {
			return nil, err
		}
		if r.CustomerID != p.ResellerID || r.OperationType != p.Operation || excluded[r.TransactionID] {
			continue
		}
		t := r.OperationTime.Time
		if !t.IsZero() && (t.Before(from) || t.After(to)) {
			continue
		}
		yuan := r.MeasureID == MeasureYuan || r.MeasureID == 0
		if yuan && !r.Amount.Equal(p.Amount) {
			continue
		}
		// Filters are the server's: check what can be checked, and count
		// what cannot as a possible match rather than drop it.
		if yuan && !t.IsZero() {
			exact++
		} else {
			uncertain++
		}
		res.Matches = append(res.Matches, r)
	}
	switch {
	case exact == 1 && uncertain == 0:
		res.Resolution = Recorded
		res.Record = &res.Matches[0]
	case exact+uncertain == 0:
		res.Resolution = NotRecorded
	default:
		res.Resolution = Ambiguous
	}
	return res, nil
}
