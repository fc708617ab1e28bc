package bulk

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/hwpartner/go-hwpartner/core"
)

// Kind is what an item does. Its value is the kind column of a job's CSV.
type Kind string

// Kinds of items.
const (
	// Transfer moves Amount from the distributor to reseller ResellerID
	// (funds.Service.Transfer).
	Transfer Kind = "transfer"
	// Reclaim moves Amount from reseller ResellerID back to the distributor
	// (funds.Service.Reclaim).
	Reclaim Kind = "reclaim"
	// CustomerTransfer moves Amount to customer CustomerID: from the
	// distributor to its own customer, or, with ResellerID, from that
	// reseller's account to its customer (UpdateCustomerAccountAmount).
	CustomerTransfer Kind = "customer-transfer"
	// CustomerReclaim moves Amount back from customer CustomerID
	// (ReclaimToPartnerAccount), with ResellerID for a reseller's customer.
	CustomerReclaim Kind = "customer-reclaim"
	// QuotaIssue gives Amount of the distributor's voucher quota QuotaID to
	// reseller ResellerID (vouchers.Service.Issue). Items with the same
	// quota and amount go out together, up to 100 per call.
	QuotaIssue Kind = "quota-issue"
	// QuotaReclaim takes back what is left of reseller quota QuotaID
	// (vouchers.Service.Reclaim). It has no amount. Items with the same
	// remark go out together, up to 10 per call.
	QuotaReclaim Kind = "quota-reclaim"
)

// Kinds lists every kind, in the order reports list their totals.
func Kinds() []Kind {
	return []Kind{Transfer, Reclaim, CustomerTransfer, CustomerReclaim, QuotaIssue, QuotaReclaim}
}

func (k Kind) known() bool {
	for _, x := range Kinds() {
		if x == k {
			return true
		}
	}
	return false
}

// Operation is Huawei's name of the API the kind calls.
func (k Kind) Operation() string {
	switch k {
	case Transfer:
		return "UpdateIndirectPartnerAccount"
	case Reclaim:
		return "ReclaimIndirectPartnerAccount"
	case CustomerTransfer:
		return "UpdateCustomerAccountAmount"
	case CustomerReclaim:
		return "ReclaimToPartnerAccount"
	case QuotaIssue:
		return "UpdateCouponQuotas"
	case QuotaReclaim:
		return "ReclaimCouponQuotas"
	}
	return ""
}

// MaxBatch is how many items of the kind one API call carries.
func (k Kind) MaxBatch() int {
	switch k {
	case QuotaIssue:
		return 100
	case QuotaReclaim:
		return 10
	}
	return 1
}

// Item is one money move of a job. Which fields it uses depends on Kind;
// the others must be empty.
type Item struct {
	// ID names the item in reports, unique in its job; optional.
	ID   string `json:"id,omitempty"`
	Kind Kind   `json:"kind"`
	// ResellerID is the reseller of a transfer, reclaim or quota issue, or
	// the reseller whose customer a customer move is for.
	ResellerID string `json:"reseller_id,omitempty"`
	CustomerID string `json:"customer_id,omitempty"`
	// QuotaID is the distributor's quota of a quota issue, or the
	// reseller's quota of a quota reclaim.
	QuotaID string      `json:"quota_id,omitempty"`
	Amount  core.Amount `json:"amount,omitzero"`
	// Remark is stored with a quota reclaim's records.
	Remark string `json:"remark,omitempty"`
}

// target says what an item acts on. Two items of a job with the same
// target are duplicates; the runner never has them in flight together.
func (it *Item) target() string {
	switch it.Kind {
	case CustomerTransfer, CustomerReclaim:
		return string(it.Kind) + "|" + it.ResellerID + "|" + it.CustomerID
	case QuotaIssue:
		return string(it.Kind) + "|" + it.QuotaID + "|" + it.ResellerID
	case QuotaReclaim:
		return string(it.Kind) + "|" + it.QuotaID
	}
	return string(it.Kind) + "|" + it.ResellerID
}

// batchKey groups items that one API call may carry together.
func (it *Item) batchKey() string {
	switch it.Kind {
	case QuotaIssue:
		return string(it.Kind) + "|" + it.QuotaID + "|" + it.Amount.String()
	case QuotaReclaim:
		return string(it.Kind) + "|" + it.Remark
	}
	return ""
}

// Documented limits (api.md §3, §4, §10).
const (
	maxIDLen     = 64
	maxRemarkLen = 256
)

// check adds the problems of one item to v, naming fields after prefix.
func (it *Item) check(v *core.Validator, prefix string) {
	f := func(name string) string { return prefix + name }
	if !it.Kind.known() {
		v.Add(f("kind"), "must be one of transfer, reclaim, customer-transfer, customer-reclaim, quota-issue, quota-reclaim")
		return
	}
	unused := func(name, value string) {
		if value != "" {
			v.Addf(f(name), "is not used by a %s item", it.Kind)
		}
	}
	switch it.Kind {
	case Transfer, Reclaim:
		v.Required(f("reseller_id"), it.ResellerID, maxIDLen)
		unused("customer_id", it.CustomerID)
		unused("quota_id", it.QuotaID)
	case CustomerTransfer, CustomerReclaim:
		v.Required(f("customer_id"), it.CustomerID, maxIDLen)
		v.MaxLen(f("reseller_id"), it.ResellerID, maxIDLen)
		unused("quota_id", it.QuotaID)
	case QuotaIssue:
		v.Required(f("quota_id"), it.QuotaID, maxIDLen)
		v.Required(f("reseller_id"), it.ResellerID, maxIDLen)
		unused("customer_id", it.CustomerID)
	case QuotaReclaim:
		v.Required(f("quota_id"), it.QuotaID, maxIDLen)
		unused("reseller_id", it.ResellerID)
		unused("customer_id", it.CustomerID)
		v.MaxLen(f("remark"), it.Remark, maxRemarkLen)
		if !it.Amount.IsZero() {
			v.Add(f("amount"), "is not used by a quota-reclaim item: the whole remaining quota goes back")
		}
		return
	}
	unused("remark", it.Remark)
	v.Amount(f("amount"), it.Amount)
}

// Job is a list of money moves to run as one, through a journal.
type Job struct {
	Items []Item
	// AllowDuplicates accepts several items with the same target (the
	// same reseller for two transfers, say). Off by default, as a repeat
	// in a bulk list is almost always a mistake. The runner sends such
	// items one after the other, never together.
	AllowDuplicates bool

	lines []int // CSV line of each item, when read from CSV
}

// Validate checks every item and returns a *core.ValidationError listing
// every problem, or nil. Fields are named items[i].column, or "line n:
// column" for a job read from CSV. Nothing is sent.
func (j *Job) Validate() error {
	var v core.Validator
	if j == nil || len(j.Items) == 0 {
		v.Add("items", "must list at least one item")
		return j.named(v.Err())
	}
	ids := map[string]int{}
	targets := map[string]int{}
	for i := range j.Items {
		it := &j.Items[i]
		prefix := j.prefix(i)
		it.check(&v, prefix)
		if it.ID != "" {
			if first, dup := ids[it.ID]; dup {
				v.Addf(prefix+"id", "repeats the id of %s", j.where(first))
			} else {
				ids[it.ID] = i
			}
		}
		if !it.Kind.known() {
			continue
		}
		t := it.target()
		if first, dup := targets[t]; dup && !j.AllowDuplicates {
			v.Addf(prefix+targetField(it.Kind), "repeats the target of %s: set AllowDuplicates if both are meant", j.where(first))
		} else if !dup {
			targets[t] = i
		}
	}
	return j.named(v.Err())
}

func (j *Job) named(err error) error {
	if ve, ok := err.(*core.ValidationError); ok {
		ve.Operation = "bulk job"
	}
	return err
}

func targetField(k Kind) string {
	switch k {
	case CustomerTransfer, CustomerReclaim:
		return "customer_id"
	case QuotaReclaim:
		return "quota_id"
	}
	return "reseller_id"
}

func (j *Job) prefix(i int) string {
	if i < len(j.lines) {
		return "line " + strconv.Itoa(j.lines[i]) + ": "
	}
	return fmt.Sprintf("items[%d].", i)
}

func (j *Job) where(i int) string {
	if i < len(j.lines) {
		return "line " + strconv.Itoa(j.lines[i])
	}
	return fmt.Sprintf("items[%d]", i)
}

// digest identifies the job's content, so a journal is never resumed
// with another job.
func (j *Job) digest() string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	_ = enc.Encode(j.AllowDuplicates) // a hash never fails to write
	for i := range j.Items {
		_ = enc.Encode(&j.Items[i])
	}
	return hex.EncodeToString(h.Sum(nil))
}
