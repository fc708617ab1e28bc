package customers

import (
	"context"
	"iter"
	"math"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
)

// BalanceType is the account whose changes to list (balance_type).
type BalanceType string

// Balance types.
const (
	BalanceCash   BalanceType = "BALANCE_TYPE_DEBIT"  // the cash account
	BalanceCredit BalanceType = "BALANCE_TYPE_CREDIT" // the credit account
)

// TradeType filters account changes by kind (trade_type).
type TradeType string

// Trade types, spelled as the API spells them.
const (
	TradeRecharge     TradeType = "RECHARGE"
	TradeDeduct       TradeType = "DEDEUCT" // consumption; Huawei's spelling
	TradeRefund       TradeType = "REFUND"
	TradeFreeze       TradeType = "RFROZEN"
	TradeTransfer     TradeType = "TRANS" // legacy
	TradeAdjust       TradeType = "ADJUST"
	TradeAllocate     TradeType = "BEADJUST"   // the partner funds a customer or reseller
	TradeRetrieve     TradeType = "BERETRIEVE" // the partner reclaims
	TradeUnbind       TradeType = "BEUNBIND"   // reclaimed on unbinding or a mode change
	TradeBonusConvert TradeType = "BONUSCONVERT"
	TradeModeTransfer TradeType = "TRADE_MODE_TRANSFER"
)

func (t TradeType) known() bool {
	switch t {
	case TradeRecharge, TradeDeduct, TradeRefund, TradeFreeze, TradeTransfer, TradeAdjust,
		TradeAllocate, TradeRetrieve, TradeUnbind, TradeBonusConvert, TradeModeTransfer:
		return true
	}
	return false
}

// Direction is whether a change adds to the account or takes from it (type).
type Direction string

// Directions.
const (
	Income  Direction = "1"
	Expense Direction = "2"
)

// String names the direction.
func (d Direction) String() string {
	switch d {
	case Income:
		return "income"
	case Expense:
		return "expense"
	}
	return string(d)
}

// Detail types of the changes that moves to and from customers make
// (trade_detail_type). Others are listed as the API sends them, several
// with Huawei's spelling SOURCE_OPERAIION_…: compare them verbatim.
const (
	DetailAllocate = "SOURCE_OPERATION_BEADJUST"
	DetailRetrieve = "SOURCE_OPERATION_BERETRIEVE"
	DetailUnbind   = "SOURCE_OPERATION_BEUNBIND"
)

// AccountChangesParams filters ListPartnerAccountChangeRecords, the
// partner's own account ledger. BalanceType is required.
type AccountChangesParams struct {
	// BalanceType is BalanceCash or BalanceCredit.
	BalanceType BalanceType
	// TradeType selects one kind of change; "" lists all.
	TradeType TradeType
	// From and To bound the trade dates. They are sent as dates in UTC+8
	// (Beijing time), both included; zero means the API's default (From:
	// the same day a year ago, To: today).
	From time.Time
	To   time.Time
	// ResellerID, a reseller id, reads that reseller's ledger instead of
	// the caller's (indirect_partner_id; distributors).
	ResellerID string `wire:"indirect_partner_id"`
	// ListOptions pages: offset 0 or more, limit 1 to 100 (0: 10).
	core.ListOptions
}

// Validate returns a *core.ValidationError listing every bad field, or nil.
func (p *AccountChangesParams) Validate() error {
	v := core.ValidatorFor(p)
	switch p.BalanceType {
	case BalanceCash, BalanceCredit:
	case "":
		v.Add("balance_type", "is required: BALANCE_TYPE_DEBIT (cash) or BALANCE_TYPE_CREDIT (credit)")
	default:
		v.Add("balance_type", "must be BALANCE_TYPE_DEBIT (cash) or BALANCE_TYPE_CREDIT (credit)")
	}
	if p.TradeType != "" && !p.TradeType.known() {
		v.Add("trade_type", "is not a known trade type")
	}
	checkDate(&v, "trade_time_begin", p.From)
	checkDate(&v, "trade_time_end", p.To)
	v.MaxLen("indirect_partner_id", p.ResellerID, maxIDLen)
	p.ListOptions.Check(&v, math.MaxInt32)
	return v.Err()
}

// beijing is UTC+8, the zone of the ledger's date filters.
func beijing() *time.Location { return time.FixedZone("UTC+8", 8*60*60) }

func checkDate(v *core.Validator, field string, t time.Time) {
	if !t.IsZero() && len(formatDate(t)) != len("2006-01-02") {
		v.Add(field, "must be a date between the years 0000 and 9999")
	}
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(beijing()).Format("2006-01-02")
}

type changesQuery struct {
	src *AccountChangesParams

	BalanceType string `url:"balance_type"`
	TradeType   string `url:"trade_type,omitempty"`
	From        string `url:"trade_time_begin,omitempty"`
	To          string `url:"trade_time_end,omitempty"`
	ResellerID  string `url:"indirect_partner_id,omitempty"`
	core.ListOptions
}

func (q *changesQuery) Validate() error { return q.src.Validate() }

// AccountChange is one movement of the partner's balance (AccountChangeRecord).
type AccountChange struct {
	// ID is the ledger's serial number (account_change_id).
	ID string `json:"account_change_id"`
	// DetailType is trade_detail_type, e.g. DetailAllocate.
	DetailType string    `json:"trade_detail_type"`
	Time       core.Time `json:"trade_time"`
	// TradeID is the trade or order id.
	TradeID string `json:"trade_id"`
	// Amount is the change (change_amount); Direction says which way.
	Amount       core.Amount `json:"change_amount"`
	BalanceAfter core.Amount `json:"balance_after_change"`
	Direction    Direction   `json:"type"`
	// CustomerID and AccountName name the customer of an allocation,
	// reclaim or unbinding.
	CustomerID  string `json:"customer_id,omitempty"`
	AccountName string `json:"account_name,omitempty"`
	// Currency is the answer's currency, copied onto each change.
	Currency string `json:"-"`
}

// AccountChanges returns one page of the partner's account changes
// matching p, as the API orders them: the ledger reconciliation reads,
// each allocation to and reclaim from a customer included.
//
// API: GET /v2/accounts/partner-accounts/account-change-records
// (ListPartnerAccountChangeRecords), https://www.huaweicloud.com/guide/productsdesc-bms_ef8b8e84a1934470a7c4582f35e72bbcsupport2.
// China site only; 20 calls a second. Retried.
func (s *Service) AccountChanges(ctx context.Context, p *AccountChangesParams) (*core.Page[AccountChange], error) {
	if p == nil {
		p = &AccountChangesParams{}
	}
	q := &changesQuery{
		src: p, BalanceType: string(p.BalanceType), TradeType: string(p.TradeType),
		From: formatDate(p.From), To: formatDate(p.To), ResellerID: p.ResellerID, ListOptions: p.ListOptions,
	}
	var out struct {
		TotalCount int             `json:"total_count"`
		Currency   string          `json:"currency"`
		Records    []AccountChange `json:"records"`
	}
	meta, err := s.r.Do(ctx, &opAccountChanges, q, &out)
	if err != nil {
		return nil, err
	}
	for i := range out.Records {
		out.Records[i].Currency = out.Currency
	}
	return core.NewPage(out.Records, out.TotalCount, p.ListOptions, meta), nil
}

// AccountChangesIter walks every account change matching p, from p.Offset
// on, fetching pages as needed (100 at a time when p.Limit is 0). It stops
// at the first error, which it yields. p is copied.
//
// API: as AccountChanges; each page is retried on its own.
func (s *Service) AccountChangesIter(ctx context.Context, p *AccountChangesParams) iter.Seq2[AccountChange, error] {
	var params AccountChangesParams
	if p != nil {
		params = *p
	}
	return core.Paginate(ctx, params.ListOptions, func(ctx context.Context, o core.ListOptions) (*core.Page[AccountChange], error) {
		page := params
		page.ListOptions = o
		return s.AccountChanges(ctx, &page)
	})
}
