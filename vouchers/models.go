package vouchers

import (
	"fmt"
	"log/slog"
	"strconv"

	"github.com/hwpartner/go-hwpartner/core"
)

// Status is the state of a quota (quota_status).
type Status int

// Quota statuses. StatusReclaimed only appears on quotas issued to
// resellers (Issued); the Quotas filter accepts the other four.
const (
	StatusNormal    Status = 0
	StatusInvalid   Status = 3 // expired or invalidated by hand
	StatusAdjusting Status = 4 // under adjustment: visible, cannot issue
	StatusFrozen    Status = 5
	StatusReclaimed Status = 6
)

// The statuses the Quotas filter accepts.
const statusFilterMask = 1<<StatusNormal | 1<<StatusInvalid | 1<<StatusAdjusting | 1<<StatusFrozen

// String returns the status's name, or Status(n) for an undocumented one.
func (s Status) String() string {
	switch s {
	case StatusNormal:
		return "normal"
	case StatusInvalid:
		return "invalid"
	case StatusAdjusting:
		return "under adjustment"
	case StatusFrozen:
		return "frozen"
	case StatusReclaimed:
		return "reclaimed"
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

func (s Status) filterable() bool { return s >= 0 && s < 32 && statusFilterMask&(1<<s) != 0 }

// QuotaType is the kind of a quota (quota_type).
type QuotaType int

// Quota types.
const (
	// CashVoucherQuota (代金券额度) is the API's default.
	CashVoucherQuota QuotaType = 0
	// CashCouponQuota is 现金券额度.
	CashCouponQuota QuotaType = 1
)

// String returns the type's name, or QuotaType(n) for an undocumented one.
func (t QuotaType) String() string {
	switch t {
	case CashVoucherQuota:
		return "cash voucher"
	case CashCouponQuota:
		return "cash coupon"
	}
	return "QuotaType(" + strconv.Itoa(int(t)) + ")"
}

func (t QuotaType) valid() bool { return t == CashVoucherQuota || t == CashCouponQuota }

// OperationType says what a record is about (operation_type).
type OperationType string

// Record operation types.
const (
	OperationIssue   OperationType = "10"
	OperationReclaim OperationType = "11"
)

// String returns "issue", "reclaim", or the raw value for an undocumented one.
func (o OperationType) String() string {
	switch o {
	case OperationIssue:
		return "issue"
	case OperationReclaim:
		return "reclaim"
	}
	return "OperationType(" + strconv.Quote(string(o)) + ")"
}

// RecordResult is the outcome of the operation a record describes (result).
type RecordResult string

// Record results.
const (
	ResultSucceeded RecordResult = "0"
	ResultFailed    RecordResult = "-1"
)

// String returns "succeeded", "failed", or the raw value for an undocumented one.
func (r RecordResult) String() string {
	switch r {
	case ResultSucceeded:
		return "succeeded"
	case ResultFailed:
		return "failed"
	}
	return "RecordResult(" + strconv.Quote(string(r)) + ")"
}

// Quota is a voucher quota (CouponQuota).
type Quota struct {
	ID   string    `json:"quota_id"`
	Type QuotaType `json:"quota_type"`
	// Value is the quota's original size; Balance what remains of it.
	Value   core.Amount `json:"quota_value"`
	Balance core.Amount `json:"balance"`
	Status  Status      `json:"quota_status"`
	// MeasureID 1 means yuan; Currency is "CNY".
	MeasureID int       `json:"measure_id"`
	Currency  string    `json:"currency"`
	Created   core.Time `json:"create_time"`
	Updated   core.Time `json:"last_update_time"`
	Effective core.Time `json:"effective_time"`
	Expires   core.Time `json:"expire_time"`
	// Limits restrict what vouchers from the quota may pay for.
	Limits []Limit `json:"limit_infos"`
}

// Limit is one restriction of a quota (QuotaLimitInfo), such as the cloud
// service types or regions its vouchers apply to.
type Limit struct {
	Key    string       `json:"limit_key"`
	Values []LimitValue `json:"limit_values"`
}

// LimitValue is a value of a Limit; for regions, Value1 is the code and
// Value2 the name.
type LimitValue struct {
	Value1 string `json:"value1"`
	Value2 string `json:"value2"`
}

// IssuedQuota is a quota issued to a reseller (IssuedCouponQuota).
type IssuedQuota struct {
	Quota
	// ParentQuotaID is the distributor's quota it was issued from.
	ParentQuotaID       string `json:"parent_quota_id"`
	ResellerID          string `json:"indirect_partner_id"`
	ResellerAccountName string `json:"indirect_partner_account_name"`
	ResellerName        string `json:"indirect_partner_name"`
}

// Record is one issue or reclaim of a reseller quota (QuotaRecord).
type Record struct {
	ID        string        `json:"id"`
	Operation OperationType `json:"operation_type"`
	Result    RecordResult  `json:"result"`
	// QuotaID is the reseller's quota; ParentQuotaID the distributor's.
	QuotaID       string      `json:"quota_id"`
	ParentQuotaID string      `json:"parent_quota_id"`
	Amount        core.Amount `json:"amount"`
	Time          core.Time   `json:"operation_time"`
	// Operator is the account name of whoever carried the operation out.
	Operator            string `json:"operator"`
	ResellerID          string `json:"indirect_partner_id"`
	ResellerAccountName string `json:"indirect_partner_account_name"`
	ResellerName        string `json:"indirect_partner_name"`
	Remark              string `json:"remark"`
}

const redacted = "[REDACTED]"

func hide(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

// String describes q with the reseller's name redacted, as funds.Record
// does: a reseller may be a person. Read the fields (or encode q as JSON)
// to use the name.
func (q IssuedQuota) String() string {
	return fmt.Sprintf("vouchers.IssuedQuota{ID: %s, ParentQuotaID: %s, ResellerID: %s, ResellerAccountName: %s, ResellerName: %s, "+
		"Type: %s, Value: %s, Balance: %s, Status: %s, Currency: %s, Effective: %s, Expires: %s}",
		q.ID, q.ParentQuotaID, q.ResellerID, q.ResellerAccountName, hide(q.ResellerName),
		q.Type, q.Value, q.Balance, q.Status, q.Currency, q.Effective, q.Expires)
}

// GoString is String, so %#v redacts too.
func (q IssuedQuota) GoString() string { return q.String() }

// Format prints String for every verb.
func (q IssuedQuota) Format(f fmt.State, _ rune) { fmt.Fprint(f, q.String()) }

// LogValue logs q without the reseller's name.
func (q IssuedQuota) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("quota_id", q.ID),
		slog.String("parent_quota_id", q.ParentQuotaID),
		slog.String("reseller_id", q.ResellerID),
		slog.String("balance", q.Balance.String()),
		slog.String("status", q.Status.String()),
	)
}

// String describes r with the reseller's name and the operator redacted,
// as funds.Record does: both may name a person. Read the fields (or
// encode r as JSON) to use them.
func (r Record) String() string {
	return fmt.Sprintf("vouchers.Record{ID: %s, Operation: %s, Result: %s, QuotaID: %s, ParentQuotaID: %s, Amount: %s, Time: %s, "+
		"Operator: %s, ResellerID: %s, ResellerAccountName: %s, ResellerName: %s}",
		r.ID, r.Operation, r.Result, r.QuotaID, r.ParentQuotaID, r.Amount, r.Time,
		hide(r.Operator), r.ResellerID, r.ResellerAccountName, hide(r.ResellerName))
}

// GoString is String, so %#v redacts too.
func (r Record) GoString() string { return r.String() }

// Format prints String for every verb.
func (r Record) Format(f fmt.State, _ rune) { fmt.Fprint(f, r.String()) }

// LogValue logs r without the reseller's name or the operator.
func (r Record) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", r.ID),
		slog.String("operation_type", string(r.Operation)),
		slog.String("result", string(r.Result)),
		slog.String("quota_id", r.QuotaID),
		slog.String("reseller_id", r.ResellerID),
		slog.String("amount", r.Amount.String()),
		slog.String("operation_time", r.Time.String()),
	)
}
