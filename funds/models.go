package funds

import (
	"fmt"
	"log/slog"

	"github.com/hwpartner/go-hwpartner/core"
)

// AccountType is the kind of a partner account (account_type).
type AccountType int

// Account types of ListPartnerBalances.
const (
	AccountCash        AccountType = 1 // 余额: the cash balance
	AccountCredit      AccountType = 2 // 信用: credit
	AccountReward      AccountType = 5 // 奖励: rewards
	AccountDeposit     AccountType = 7 // 保证金: deposit
	AccountAllocatable AccountType = 8 // 可拨款: allocatable
)

// String names the account type.
func (t AccountType) String() string {
	switch t {
	case AccountCash:
		return "cash"
	case AccountCredit:
		return "credit"
	case AccountReward:
		return "reward"
	case AccountDeposit:
		return "deposit"
	case AccountAllocatable:
		return "allocatable"
	}
	return "unknown"
}

// MeasureYuan is the measure_id of amounts in yuan, the only unit the API
// documents for these operations.
const MeasureYuan = 1

// AccountBalance is one account of a partner (AccountBalance).
type AccountBalance struct {
	AccountID string      `json:"account_id"`
	Type      AccountType `json:"account_type"`
	// Amount is the balance, in the unit MeasureID names (1: yuan).
	Amount    core.Amount `json:"amount"`
	Currency  string      `json:"currency"`
	MeasureID int         `json:"measure_id"`
	// DesignatedAmount is the earmarked part of Amount (专款专用), when sent.
	DesignatedAmount *core.Amount `json:"designated_amount,omitempty"`
	// CreditAmount is the credit line; meaningful for AccountCredit only.
	CreditAmount *core.Amount `json:"credit_amount,omitempty"`
	Memo         string       `json:"memo,omitempty"`
}

// Balance holds the accounts of a partner or reseller.
type Balance struct {
	Accounts []AccountBalance `json:"account_balances"`
	core.ResponseMeta
}

// Account returns the first account of type t.
func (b *Balance) Account(t AccountType) (AccountBalance, bool) {
	for _, a := range b.Accounts {
		if a.Type == t {
			return a, true
		}
	}
	return AccountBalance{}, false
}

// OperationType is the kind of an adjust record (operation_type).
type OperationType string

// Operation types of ListPartnerAdjustRecords.
const (
	// OperationTransfer is a transfer to a reseller or customer (拨款).
	OperationTransfer OperationType = "SOURCE_OPERATION_BEADJUST"
	// OperationReclaim is a reclaim from a reseller or customer (回收).
	OperationReclaim OperationType = "SOURCE_OPERATION_BERETRIEVE"
	// OperationUnbindReclaim is the reclaim made when a reseller or
	// customer is unbound (解绑回收).
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

func (o OperationType) known() bool {
	return o == OperationTransfer || o == OperationReclaim || o == OperationUnbindReclaim
}

// Record is an adjust record: one transfer or reclaim (AdjustRecord).
type Record struct {
	// CustomerID is the reseller or customer the money moved to or from.
	CustomerID    string        `json:"customer_id"`
	CustomerName  string        `json:"customer_name"`
	OperationType OperationType `json:"operation_type"`
	// Amount is in the unit MeasureID names (1: yuan).
	Amount        core.Amount `json:"amount"`
	Currency      string      `json:"currency"`
	ApplyScene    string      `json:"apply_scene,omitempty"`
	OperationTime core.Time   `json:"operation_time"`
	MeasureID     int         `json:"measure_id"`
	// TransactionID is the record's transaction id (trans_id). Whether it
	// equals the id Transfer or Reclaim returned is not documented.
	TransactionID string `json:"trans_id"`
	Memo          string `json:"memo,omitempty"`
}

// String describes r with the customer's name redacted: a customer may be
// a person.
func (r Record) String() string {
	name := ""
	if r.CustomerName != "" {
		name = "[REDACTED]"
	}
	return fmt.Sprintf("funds.Record{TransactionID: %s, OperationType: %s, CustomerID: %s, CustomerName: %s, Amount: %s, Currency: %s, MeasureID: %d, OperationTime: %s, ApplyScene: %s}",
		r.TransactionID, string(r.OperationType), r.CustomerID, name, r.Amount, r.Currency, r.MeasureID, r.OperationTime, r.ApplyScene)
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
