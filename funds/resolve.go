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

// clockTolerance is how far before Started a record may be and still be
// taken as the move.
const clockTolerance = 2 * time.Second

// ResolveParams describes a transfer or reclaim to look up. Transfer and
// Reclaim fill one in (OutcomeUnknownError.Lookup).
type ResolveParams struct {
	// Operation is OperationTransfer or OperationReclaim.
	Operation OperationType
	// ResellerID and Amount are those of the call.
	ResellerID string
	Amount     core.Amount
	// Started is when the call began, read before it was sent, on the
	// server-aligned clock (Transfer and Reclaim fill it in).
	Started time.Time
	// Margin widens the searched window, Started−Margin to now+Margin;
	// 0 means DefaultResolveMargin. Records in the margin before Started
	// are reported, but never taken as this move.
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
// amount, and its operation time. Times are compared on the client's
// server-aligned clock, the one corrected when the gateway reports a skew.
//
//   - Recorded: exactly one record matches, made at or after Started (give
//     or take two seconds of clock reading). The move happened; Record is
//     its record.
//   - Ambiguous: several records match, such as another move of the same
//     amount to the same reseller (by this program, another one, or
//     someone in the Partner Center console), or a matching record made
//     in the margin before Started (an earlier identical move, or this one
//     under a clock the gateway never corrected), or a record whose time
//     or unit cannot be compared, or whose amount has the other sign. The
//     records cannot tell which one is this call; Matches lists the
//     candidates. Exclude the transaction ids the program has already
//     matched to other calls, or settle it by hand.
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
	// The API filters and records to the second: round outwards.
	started := p.Started.UTC().Truncate(time.Second)
	from := started.Add(-margin)
	// A record this close before Started may still be this move: both
	// clocks are read to the second, and a corrected clock to about one.
	earliest := started.Add(-clockTolerance)
	to := s.now().Add(margin).UTC().Truncate(time.Second).Add(time.Second)
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
		same := r.Amount.Equal(p.Amount)
		// The sign of a record's amount is not documented: a reclaim may
		// be written as -30.00. Dropping it would report NotRecorded.
		if yuan && !same && !r.Amount.Neg().Equal(p.Amount) {
			continue
		}
		// Filters are the server's: check what can be checked, and count
		// what cannot, or what predates the call, as a possible match
		// rather than drop it or take it.
		if yuan && same && !t.IsZero() && !t.Before(earliest) {
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
