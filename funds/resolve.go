package funds

import (
	"context"
	"errors"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
)

// DefaultResolveMargin widens the window Resolve searches on both sides,
// for the time the server took to carry the move out and write its record.
const DefaultResolveMargin = core.DefaultResolveMargin

// ResolveParams describes a transfer or reclaim to look up. Transfer and
// Reclaim fill one in (OutcomeUnknownError.Lookup).
type ResolveParams struct {
	// Operation is OperationTransfer or OperationReclaim.
	Operation OperationType `wire:"operation_type"`
	// ResellerID and Amount are those of the call.
	ResellerID string      `wire:"indirect_partner_id"`
	Amount     core.Amount `wire:"amount"`
	// Started is when the call began (Transfer and Reclaim fill it in).
	Started time.Time `wire:"started"`
	// Aligned says Started is on the server's clock, as an answer of the
	// server had taught the client by the end of the call (Transfer and
	// Reclaim fill it in). When false Started is this machine's clock:
	// Resolve aligns it with what the client knows now, or else allows
	// for the whole difference the gateway accepts.
	Aligned bool
	// Margin widens the searched window, Started−Margin to now+Margin;
	// 0 means DefaultResolveMargin. Records in the margin before Started
	// are reported, but never taken as this move.
	Margin time.Duration `wire:"margin"`
	// Exclude lists transaction ids the program has already matched to
	// other calls; their records are never taken for this one.
	Exclude []string
}

// Validate returns a *core.ValidationError listing every bad field, or nil.
func (p *ResolveParams) Validate() error {
	v := core.ValidatorFor(p)
	v.Check(p.Operation == OperationTransfer || p.Operation == OperationReclaim, "operation_type",
		"must be SOURCE_OPERATION_BEADJUST (transfer) or SOURCE_OPERATION_BERETRIEVE (reclaim)")
	v.Required("indirect_partner_id", p.ResellerID, maxIDLen)
	v.Amount("amount", p.Amount)
	v.Check(!p.Started.IsZero(), "started", "is required: the time the call began")
	v.Time("started", p.Started)
	v.Check(p.Margin >= 0, "margin", "must not be negative")
	return v.Err()
}

// Resolution is what Resolve found (shared by every resolver).
type Resolution = core.Resolution

// Resolutions.
const (
	// Recorded: exactly one record matches; the move happened.
	Recorded = core.Recorded
	// NotRecorded: no record matches yet. Not proof that it did not happen.
	NotRecorded = core.NotRecorded
	// Ambiguous: the records cannot tell whether or which one is this move.
	Ambiguous = core.Ambiguous
)

// ResolveResult is what Resolve found.
type ResolveResult = core.Resolved[Record]

// Resolve looks a transfer or reclaim up in the caller's adjust records,
// to settle an unknown outcome. The API has no idempotency key and a
// record carries no request id, so a move is recognised by what its
// record shows: the reseller (customer_id), the operation, the exact
// amount, and its operation time. Times are compared on the server's
// clock, which the client learns from every answer; while it knows none,
// the window covers the whole difference the gateway accepts (15 minutes
// for signed requests; a token client reads the clock from Resolve's own
// answers).
//
//   - Recorded: exactly one record matches, made at or after Started (give
//     or take core.ClockReadSlack). The move happened; Record is its
//     record. A move identical to one made less than that before it cannot
//     be told apart: pass the earlier one's transaction id in Exclude.
//   - Ambiguous: several records match, such as another move of the same
//     amount to the same reseller (by this program, another one, or
//     someone in the Partner Center console), or a matching record made
//     in the margin before Started (an earlier identical move, or this one
//     under a clock the gateway never corrected), or a record whose time
//     or unit cannot be compared, or whose amount has the other sign; or
//     no window provably covers the call, or an answer lacked its records
//     list. The records cannot tell which one is this call; Matches lists
//     the candidates. Exclude the transaction ids the program has already
//     matched to other calls, or settle it by hand.
//   - NotRecorded: every record of the window was read, each answer with
//     its count and its records list, and none matches now. That does not
//     prove the move did not happen: a request whose answer was lost may still be carried out
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
	return core.ResolveCall(s.r, p.Started, p.Aligned, p.Margin,
		func(w core.ResolveWindow) ([]Record, bool, error) { return s.search(ctx, p, w) },
		func(r Record) (time.Time, bool) {
			return r.OperationTime.Time, isYuan(r.MeasureID) && r.Amount.Equal(p.Amount)
		})
}

// search returns the records of w that may be the move, and whether every
// answer carried its records list.
func (s *Service) search(ctx context.Context, p *ResolveParams, w core.ResolveWindow) ([]Record, bool, error) {
	excluded := make(map[string]bool, len(p.Exclude))
	for _, id := range p.Exclude {
		excluded[id] = true
	}
	params := RecordsParams{CustomerID: p.ResellerID, OperationType: p.Operation, From: w.From, To: w.To}
	fetch := func(ctx context.Context, o core.ListOptions) (*core.Page[Record], error) {
		q := params
		q.ListOptions = o
		return s.Records(ctx, &q)
	}
	return core.CollectListed(ctx, fetch, func(r Record) bool {
		if r.CustomerID != p.ResellerID || r.OperationType != p.Operation || excluded[r.TransactionID] {
			return false
		}
		// The sign of a record's amount is not documented: a reclaim may
		// be written as -30.00. Dropping it would report NotRecorded.
		// Another unit cannot be compared: a candidate.
		return !isYuan(r.MeasureID) || r.Amount.Equal(p.Amount) || r.Amount.Neg().Equal(p.Amount)
	})
}

// isYuan reports whether a record's measure is yuan (1, or unset).
func isYuan(measure int) bool { return measure == MeasureYuan || measure == 0 }
