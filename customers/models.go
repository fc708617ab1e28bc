package customers

import (
	"fmt"
	"log/slog"
	"strconv"

	"github.com/hwpartner/go-hwpartner/core"
)

// AssociationType is how a customer is associated with its partner
// (association_type, 关联类型).
type AssociationType string

// Association types.
const (
	// AssociationReferral ("1", 顾问销售): referral or consultative sale,
	// on both sites. The customer tops up its own account: the partner
	// cannot read its balance, fund it or reclaim from it.
	AssociationReferral AssociationType = "1"
	// AssociationFunded ("2", 代售): resale funded by the partner, on the
	// China site. The partner funds and reclaims the customer's account.
	AssociationFunded AssociationType = "2"
	// AssociationResale ("3", 转售): resale on the international site. The
	// partner sets the customer's budget and may freeze its account.
	AssociationResale AssociationType = "3"
)

// String names the association type.
func (t AssociationType) String() string {
	switch t {
	case AssociationReferral:
		return "referral"
	case AssociationFunded:
		return "partner-funded"
	case AssociationResale:
		return "resale"
	case "":
		return ""
	}
	return string(t)
}

// Fundable reports whether the partner may fund the customer and reclaim
// from it: only partner-funded (代售) customers.
func (t AssociationType) Fundable() bool { return t == AssociationFunded }

// onSite reports whether t exists on site (the China site has 1 and 2, the
// international sites 1 and 3; an explicit endpoint allows all three).
func (t AssociationType) onSite(site core.Site) bool {
	switch site {
	case core.SiteChina:
		return t == AssociationReferral || t == AssociationFunded
	case core.SiteInternational, core.SiteEU:
		return t == AssociationReferral || t == AssociationResale
	}
	return t == AssociationReferral || t == AssociationFunded || t == AssociationResale
}

// VerifiedStatus is the state of a customer's real-name authentication
// (verified_status).
type VerifiedStatus string

// Real-name states. The zero value means the answer did not say.
const (
	NotVerified       VerifiedStatus = "-1" // not authenticated
	VerifyUnderReview VerifiedStatus = "0"  // under review
	VerifyRejected    VerifiedStatus = "1"  // rejected (不通过)
	Verified          VerifiedStatus = "2"  // authenticated
	VerifyFailed      VerifiedStatus = "3"  // authentication failed (international only)
)

// String names the state.
func (v VerifiedStatus) String() string {
	switch v {
	case NotVerified:
		return "not verified"
	case VerifyUnderReview:
		return "under review"
	case VerifyRejected:
		return "rejected"
	case Verified:
		return "verified"
	case VerifyFailed:
		return "failed"
	}
	return string(v)
}

// CustomerType is individual or enterprise (customer_type), fixed by
// real-name authentication or the account centre.
type CustomerType int

// Customer types, with their wire values.
const (
	CustomerTypeNone CustomerType = -1 // no type yet (a new account)
	Individual       CustomerType = 0
	Enterprise       CustomerType = 1
)

// String names the type.
func (t CustomerType) String() string {
	switch t {
	case CustomerTypeNone:
		return "none"
	case Individual:
		return "individual"
	case Enterprise:
		return "enterprise"
	}
	return "CustomerType(" + strconv.Itoa(int(t)) + ")"
}

// Frozen is a customer account's frozen state (is_frozen). The China site
// calls the field reserved.
type Frozen int

// Frozen states. The international site uses the first two only.
const (
	NotFrozen                Frozen = 0
	AccountFrozen            Frozen = 1
	AccountAndResourceFrozen Frozen = 2 // China only
)

// AccountManager is a customer's account manager.
type AccountManager struct {
	// AccountName is the manager's login name.
	AccountName string `json:"account_name"`
}

// Customer is a customer associated with the partner or one of its
// resellers (CustomerInformation).
//
// Its real-name name, phone number and email are personal data: printing a
// Customer with fmt or logging it with slog shows them redacted. Read the
// fields to use them.
type Customer struct {
	// ID is the customer's account id (customer_id, the domain_id that
	// Create returns): what the fund, real-name and budget calls take.
	ID string `json:"customer_id"`
	// AccountName is the login name (the main account's if the customer
	// has IAM users).
	AccountName string `json:"account_name"`
	// RealName is the authenticated real name (customer), when there is one.
	RealName string `json:"customer,omitempty"`
	// AssociatedOn is when the customer was associated with the partner.
	AssociatedOn    core.Time       `json:"associated_on"`
	AssociationType AssociationType `json:"association_type,omitempty"`
	Label           string          `json:"label,omitempty"`
	// Telephone and CountryCode (such as "0086") are the phone number.
	Telephone   string `json:"telephone,omitempty"`
	CountryCode string `json:"country_code,omitempty"`
	Email       string `json:"email,omitempty"`
	// VerifiedStatus is the real-name state.
	VerifiedStatus VerifiedStatus `json:"verified_status,omitempty"`
	// Type is nil when the answer did not say.
	Type            *CustomerType    `json:"customer_type,omitempty"`
	Frozen          Frozen           `json:"is_frozen,omitempty"`
	AccountManagers []AccountManager `json:"account_managers,omitempty"`
	// XAccountID is the partner platform's own user id given at creation.
	XAccountID string `json:"xaccount_id,omitempty"`
	// XAccountType is the platform identifier Huawei assigned.
	XAccountType string `json:"xaccount_type,omitempty"`
	// Level is V0 to V5.
	Level string `json:"customer_level,omitempty"`
}

const redacted = "[REDACTED]"

func hide(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

// String describes c with its real name, phone number and email redacted.
func (c Customer) String() string {
	typ := ""
	if c.Type != nil {
		typ = c.Type.String()
	}
	return fmt.Sprintf("customers.Customer{ID: %s, AccountName: %s, RealName: %s, AssociatedOn: %s, AssociationType: %s, Label: %s, "+
		"Telephone: %s, Email: %s, VerifiedStatus: %s, Type: %s, Frozen: %d, XAccountID: %s, XAccountType: %s, Level: %s}",
		c.ID, c.AccountName, hide(c.RealName), c.AssociatedOn, string(c.AssociationType), c.Label,
		hide(c.Telephone), hide(c.Email), string(c.VerifiedStatus), typ, c.Frozen, c.XAccountID, c.XAccountType, c.Level)
}

// GoString is String, so %#v redacts too.
func (c Customer) GoString() string { return c.String() }

// Format prints String for every verb, so no verb reaches the personal data.
func (c Customer) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// LogValue logs c without its personal data.
func (c Customer) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", c.ID),
		slog.String("account_name", c.AccountName),
		slog.String("association_type", string(c.AssociationType)),
		slog.String("associated_on", c.AssociatedOn.String()),
		slog.String("verified_status", string(c.VerifiedStatus)),
	)
}
