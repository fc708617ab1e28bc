package resellers

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
)

// Limits of ListIndirectPartners, as documented.
const (
	MaxOffset      = 40_000_000
	maxIDLen       = 64
	maxAccountName = 64
)

// ListParams filters ListIndirectPartners. The zero value lists every
// reseller, 10 per page. Empty strings and zero times are not sent: the
// API treats an absent filter and an empty one alike.
type ListParams struct {
	// AccountName selects resellers by account name (at most 64 characters).
	AccountName string `wire:"account_name"`
	// AssociatedFrom and AssociatedTo bound when the reseller was associated
	// with the distributor. They are sent in UTC, to the second.
	AssociatedFrom time.Time `wire:"associated_on_begin"`
	AssociatedTo   time.Time `wire:"associated_on_end"`
	// ResellerID selects one reseller (at most 64 characters).
	ResellerID string `wire:"indirect_partner_id"`
	// ListOptions pages: offset 0 to 40,000,000, limit 1 to 100 (0: 10).
	core.ListOptions
}

// Validate checks p against the API's documented limits and returns a
// *core.ValidationError listing every bad field, or nil.
func (p *ListParams) Validate() error {
	v := core.ValidatorFor(p)
	v.MaxLen("account_name", p.AccountName, maxAccountName)
	v.Time("associated_on_begin", p.AssociatedFrom)
	v.Time("associated_on_end", p.AssociatedTo)
	v.MaxLen("indirect_partner_id", p.ResellerID, maxIDLen)
	p.ListOptions.Check(&v, MaxOffset)
	return v.Err()
}

// listBody is the wire form of ListParams. It validates its source, so
// the transport checks the caller's params before sending anything.
type listBody struct {
	src *ListParams

	AccountName    string `json:"account_name,omitempty"`
	AssociatedFrom string `json:"associated_on_begin,omitempty"`
	AssociatedTo   string `json:"associated_on_end,omitempty"`
	ResellerID     string `json:"indirect_partner_id,omitempty"`
	core.ListOptions
}

func (b *listBody) Validate() error { return b.src.Validate() }

func (p *ListParams) wire() *listBody {
	return &listBody{
		src:            p,
		AccountName:    p.AccountName,
		AssociatedFrom: core.FormatOptionalTime(p.AssociatedFrom),
		AssociatedTo:   core.FormatOptionalTime(p.AssociatedTo),
		ResellerID:     p.ResellerID,
		ListOptions:    p.ListOptions,
	}
}

// Reseller is a reseller associated with the distributor (IndirectPartner).
//
// Its contact details are personal data: printing a Reseller with fmt or
// logging it with slog shows them redacted. Read the fields to use them.
type Reseller struct {
	// ID is the reseller id every reseller-scoped call takes.
	ID          string `json:"indirect_partner_id"`
	Name        string `json:"name"`
	AccountName string `json:"account_name"`
	// MobilePhone and Email are the reseller's contact details.
	MobilePhone string `json:"mobile_phone,omitempty"`
	Email       string `json:"email,omitempty"`
	// AssociatedOn is when the reseller was associated with the distributor.
	AssociatedOn core.Time `json:"associated_on"`
	// AccountManagerID is the account manager's login name.
	AccountManagerID   string `json:"account_manager_id,omitempty"`
	AccountManagerName string `json:"account_manager_name,omitempty"`
}

const redacted = "[REDACTED]"

func hide(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

// String describes r with its contact details and the account manager's
// name redacted: personal data stays out of logs and error reports.
func (r Reseller) String() string {
	return fmt.Sprintf("resellers.Reseller{ID: %s, Name: %s, AccountName: %s, MobilePhone: %s, Email: %s, AssociatedOn: %s, AccountManagerID: %s, AccountManagerName: %s}",
		r.ID, r.Name, r.AccountName, hide(r.MobilePhone), hide(r.Email), r.AssociatedOn, r.AccountManagerID, hide(r.AccountManagerName))
}

// GoString is String, so %#v redacts too.
func (r Reseller) GoString() string { return r.String() }

// Format prints String for every verb, so no verb reaches the contact
// details.
func (r Reseller) Format(f fmt.State, _ rune) { fmt.Fprint(f, r.String()) }

// LogValue logs r without its contact details.
func (r Reseller) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", r.ID),
		slog.String("name", r.Name),
		slog.String("account_name", r.AccountName),
		slog.String("associated_on", r.AssociatedOn.String()),
	)
}
