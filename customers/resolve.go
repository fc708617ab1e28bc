package customers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
)

// OperationType is the kind of an adjust record (operation_type).
type OperationType string

// Operation types of ListPartnerAdjustRecords.
const (
	// OperationTransfer is a transfer to a customer (拨款).
	OperationTransfer OperationType = "SOURCE_OPERATION_BEADJUST"
	// OperationReclaim is a reclaim from a customer (回收).
	OperationReclaim OperationType = "SOURCE_OPERATION_BERETRIEVE"
	// OperationUnbindReclaim is the reclaim made when a customer is
	// unbound or its association mode changes (解绑回收).
	OperationUnbindReclaim OperationType = "SOURCE_OPERATION_BEUNBIND"
)

// String names the operation in plain words.
func (o OperationType) String() string {
	switch o {
	case OperationTransfer:
		return "transfer"
	case OperationReclaim:
		return "reclaim"
	case OperationUnbindReclaim:
		return "unbind reclaim"
	}
	return string(o)
}

// Record is an adjust record: one transfer to or reclaim from a customer
// (AdjustRecord).
type Record struct {
	CustomerID string `json:"customer_id"`
	// CustomerName may be a person's name: Record prints without it.
	CustomerName  string        `json:"customer_name"`
	OperationType OperationType `json:"operation_type"`
	// Amount is in the unit MeasureID names (1: yuan).
	Amount        core.Amount `json:"amount"`
	Currency      string      `json:"currency"`
	ApplyScene    string      `json:"apply_scene,omitempty"`
	OperationTime core.Time   `json:"operation_time"`
	MeasureID     int         `json:"measure_id"`
	// TransactionID is the record's trans_id. Whether it equals the id
	// Transfer or Reclaim returned is not documented.
	TransactionID string `json:"trans_id"`
	Memo          string `json:"memo,omitempty"`
}

// String describes r with the customer's name redacted.
func (r Record) String() string {
	return fmt.Sprintf("customers.Record{TransactionID: %s, OperationType: %s, CustomerID: %s, CustomerName: %s, Amount: %s, Currency: %s, MeasureID: %d, OperationTime: %s}",
		r.TransactionID, string(r.OperationType), r.CustomerID, hide(r.CustomerName), r.Amount, r.Currency, r.MeasureID, r.OperationTime)
}

// GoString is String, so %#v redacts too.
func (r Record) GoString() string { return r.String() }

// Format prints String for every verb.
func (r Record) Format(f fmt.State, _ rune) { fmt.Fprint(f, r.String()) }

// LogValue logs r without the customer's name.
func (r Record) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("trans_id", r.TransactionID),
		slog.String("operation_type", string(r.OperationType)),
		slog.String("customer_id", r.CustomerID),
		slog.String("amount", r.Amount.String()),
		slog.String("operation_time", r.OperationTime.String()),
	)
}

// recordsQuery is the query of ListPartnerAdjustRecords as Resolve sends it.
type recordsQuery struct {
	CustomerID    string `url:"customer_id"`
	OperationType string `url:"operation_type"`
	From          string `url:"operation_time_begin"`
	To            string `url:"operation_time_end"`
	ResellerID    string `url:"indirect_partner_id,omitempty"`
	core.ListOptions
}

// DefaultResolveMargin widens the window Resolve searches on both sides,
// for the time the server took to carry the move out and write its record.
const DefaultResolveMargin = core.DefaultResolveMargin

// ResolveParams describes a customer transfer or reclaim to look up.
// Transfer and Reclaim fill one in (OutcomeUnknownError.Lookup).
type ResolveParams struct {
	// Operation is OperationTransfer or OperationReclaim.
	Operation OperationType `wire:"operation_type"`
	// CustomerID, ResellerID and Amount are those of the call.
	CustomerID string      `wire:"customer_id"`
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
	v.Required("customer_id", p.CustomerID, maxIDLen)
	v.MaxLen("indirect_partner_id", p.ResellerID, maxIDLen)
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

// Resolve looks a customer transfer or reclaim up in the adjust records,
// to settle an unknown outcome: the caller's records, or with ResellerID
// the reseller's records with its customers. The API has no idempotency
// key and a record carries no request id, so a move is recognised by what
// its record shows: the customer, the operation, the exact amount, and its
// operation time. Times are compared on the server's clock, which the
// client learns from every answer; while it knows none, the window covers
// the whole difference the gateway accepts.
//
//   - Recorded: exactly one record matches, made at or after Started (give
//     or take core.ClockReadSlack). The move happened; Record is its
//     record. A move identical to one made less than that before it
//     cannot be told apart: pass the earlier one's transaction id in
//     Exclude.
//   - Ambiguous: several records match (another move of the same amount to
//     the same customer, by this program, another one or the Partner
//     Center console), or a matching record was made in the margin before
//     Started, or a record's time or unit cannot be compared, or its
//     amount has the other sign; or no window provably covers the call,
//     or an answer lacked its records list. Matches lists the candidates:
//     exclude the transaction ids already matched to other calls, or
//     settle it by hand.
//   - NotRecorded: every record of the window was read, each answer with
//     its count and its records list, and none matches now. That does not
//     prove the move did not happen: a request whose answer was lost may
//     still be carried out afterwards, and a record may appear with a
//     delay. Wait, resolve again and compare the balances before sending
//     the money again.
//
// API: GET /v3/accounts/partner-accounts/adjust-records
// (ListPartnerAdjustRecords), as many pages as the window holds. China
// site only. A query: retried.
func (s *Service) Resolve(ctx context.Context, p *ResolveParams) (*ResolveResult, error) {
	if p == nil {
		p = &ResolveParams{}
	}
	if err := p.Validate(); err != nil {
		var ve *core.ValidationError
		if errors.As(err, &ve) {
			ve.Operation = "customers.Resolve"
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
	q := recordsQuery{CustomerID: p.CustomerID, OperationType: string(p.Operation),
		From: core.FormatTime(w.From), To: core.FormatTime(w.To), ResellerID: p.ResellerID}
	fetch := func(ctx context.Context, o core.ListOptions) (*core.Page[Record], error) { return s.records(ctx, q, o) }
	return core.CollectListed(ctx, fetch, func(r Record) bool {
		if r.CustomerID != p.CustomerID || r.OperationType != p.Operation || excluded[r.TransactionID] {
			return false
		}
		// The sign of a record's amount is not documented: a reclaim may
		// be written as -30.00. Another unit cannot be compared: a candidate.
		return !isYuan(r.MeasureID) || r.Amount.Equal(p.Amount) || r.Amount.Neg().Equal(p.Amount)
	})
}

// isYuan reports whether a record's measure is yuan (1, or unset).
func isYuan(measure int) bool { return measure == MeasureYuan || measure == 0 }

func (s *Service) records(ctx context.Context, q recordsQuery, o core.ListOptions) (*core.Page[Record], error) {
	q.ListOptions = o
	var out struct {
		TotalCount int      `json:"total_count"`
		Records    []Record `json:"records"`
	}
	meta, err := s.r.Do(ctx, &opRecords, &q, &out)
	if err != nil {
		return nil, err
	}
	return core.NewPage(out.Records, out.TotalCount, o, meta), nil
}
