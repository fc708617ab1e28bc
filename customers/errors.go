package customers

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/hwpartner/go-hwpartner/core"
)

// Kinds of refusal of the customer operations. Test for them
// with errors.Is; an *Error matches its kind and, through the *core.Error
// it wraps, the SDK-wide classes (core.ErrInvalidRequest and friends).
var (
	// ErrLoginNameTaken: CBC.99000038, the login name (domain_name) exists.
	ErrLoginNameTaken = errors.New("login name already exists")
	// ErrXAccountIDTaken: CBC.99000039, the platform user id (xaccount_id)
	// is already mapped to a customer. After an unknown outcome this is how
	// a resend learns the first one arrived: look it up with FindCreated.
	ErrXAccountIDTaken = errors.New("xaccount_id already used")
	// ErrMobileUnavailable: CBC.99000029 (the number exists) or
	// CBC.99000030 (it has reached its registration limit).
	ErrMobileUnavailable = errors.New("mobile number cannot register another customer")
	// ErrReported: CBC.99000051, the number or email was reported (报备) to
	// Huawei and cannot register.
	ErrReported = errors.New("mobile number or email reported to Huawei")
	// ErrFormatRefused: CBC.99000031 (login name), CBC.5017 (mobile
	// number) or CBC.99000036 (password) in a format the server refuses.
	ErrFormatRefused = errors.New("format refused by the server")
	// ErrAssociationNotAllowed: CBC.50010059 (a tier-1 distributor may not
	// be associated with customers of its own: create them for a reseller),
	// CBC.50010065, CBC.50010085, CBC.50010086 (the partner or its
	// distributor is delisted or restricted).
	ErrAssociationNotAllowed = errors.New("the partner may not be associated with this customer")
	// ErrAssociationPending: CBC.99000050. The account was created but its
	// association was not confirmed in time; see *AssociationPendingError.
	ErrAssociationPending = errors.New("customer created, association not confirmed yet")
	// ErrVerificationCodeExpired: CBC.99004008.
	ErrVerificationCodeExpired = errors.New("verification code expired")
	// ErrVerificationCodeWrong: CBC.99004010.
	ErrVerificationCodeWrong = errors.New("verification code wrong")
	// ErrVerificationCodeLocked: CBC.99004009, more than 3 failed checks.
	ErrVerificationCodeLocked = errors.New("verification code failed too many times")
	// ErrSMSLimit: CBC.99004015 (15 codes an hour, 60 a day) or
	// CBC.99000082 (too many codes sent). A business limit, not flow
	// control: waiting seconds does not help.
	ErrSMSLimit = errors.New("verification code sending limit reached")
	// ErrCodeNotDelivered: CBC.99004003, the code was generated but not
	// delivered.
	ErrCodeNotDelivered = errors.New("verification code not delivered")
	// ErrNoAllocation: CBC.99000047, the customer has no allocation
	// account with a reclaimable amount (it was never funded).
	ErrNoAllocation = errors.New("no reclaimable allocation for this customer")
	// ErrNotFundable: the customer is not partner-funded (代售): a referral
	// customer (顾问销售) tops up its own account. Transfer and Reclaim
	// refuse it before sending; from the server it is CBC.5021.
	ErrNotFundable = errors.New("customer is not partner-funded")
)

var kinds = map[string]error{
	"CBC.99000038": ErrLoginNameTaken,
	"CBC.99000039": ErrXAccountIDTaken,
	"CBC.99000029": ErrMobileUnavailable,
	"CBC.99000030": ErrMobileUnavailable,
	"CBC.99000051": ErrReported,
	"CBC.99000031": ErrFormatRefused,
	"CBC.5017":     ErrFormatRefused,
	"CBC.99000036": ErrFormatRefused,
	"CBC.50010059": ErrAssociationNotAllowed,
	"CBC.50010065": ErrAssociationNotAllowed,
	"CBC.50010085": ErrAssociationNotAllowed,
	"CBC.50010086": ErrAssociationNotAllowed,
	"CBC.99000050": ErrAssociationPending,
	"CBC.99004008": ErrVerificationCodeExpired,
	"CBC.99004010": ErrVerificationCodeWrong,
	"CBC.99004009": ErrVerificationCodeLocked,
	"CBC.99004015": ErrSMSLimit,
	"CBC.99000082": ErrSMSLimit,
	"CBC.99004003": ErrCodeNotDelivered,
	"CBC.99000047": ErrNoAllocation,
	"CBC.5021":     ErrNotFundable,
}

// Error is a refusal of a customer operation whose code has a kind of its
// own. It wraps the API's *core.Error, so errors.As(err, &*core.Error)
// still finds the code, status and request id.
type Error struct {
	// API is the answer: code, status, message, request id.
	API *core.Error
	// Kind is one of the Err* kinds of this package.
	Kind error
}

// Error is the API error's line.
func (e *Error) Error() string {
	if e.API == nil { // a value built by hand
		return fmt.Sprintf("hwpartner: customers: refused: %v", e.Kind)
	}
	return e.API.Error()
}

// Unwrap returns the API error and the kind.
func (e *Error) Unwrap() []error { return nonNil(e.API, e.Kind) }

// nonNil keeps a hand-built error's Unwrap from returning nil causes.
func nonNil(api *core.Error, kind error) []error {
	var out []error
	if api != nil {
		out = append(out, api)
	}
	if kind != nil {
		out = append(out, kind)
	}
	return out
}

// AssociationPendingError is CBC.99000050: Create made the account, but
// the association with the partner was not confirmed before the server
// stopped waiting. The customer exists: do not create it again; wait for
// the association with WaitForAssociation.
type AssociationPendingError struct {
	// CustomerID and AccountName are the new account's, from the answer
	// (empty if it carried none).
	CustomerID  string
	AccountName string
	// API is the answer.
	API *core.Error
}

// Error says what happened and what to do.
func (e *AssociationPendingError) Error() string {
	head := "hwpartner: customers.CreateSubCustomer: CBC.99000050"
	if e.API != nil {
		head = e.API.Error()
	}
	return fmt.Sprintf("%s; the customer %q was created: wait for its association (customers.Service.WaitForAssociation), do not create it again",
		head, e.CustomerID)
}

// Unwrap returns the API error and ErrAssociationPending.
func (e *AssociationPendingError) Unwrap() []error { return nonNil(e.API, ErrAssociationPending) }

// NotFundableError is the refusal of Transfer or Reclaim for a customer
// that is not partner-funded. Nothing was sent.
type NotFundableError struct {
	CustomerID      string
	AssociationType AssociationType
}

// Error names the customer and its association type.
func (e *NotFundableError) Error() string {
	return fmt.Sprintf("hwpartner: customers: customer %q is associated as %s (association_type %q), not partner-funded (2): "+
		"it tops up its own account and cannot be funded or reclaimed from", e.CustomerID, e.AssociationType, string(e.AssociationType))
}

// Is matches ErrNotFundable and core.ErrInvalidRequest.
func (e *NotFundableError) Is(target error) bool {
	return target == ErrNotFundable || target == core.ErrInvalidRequest
}

// classify scrubs personal data the server may have echoed and gives
// documented codes their kind.
func classify(err error, personal ...string) error {
	var api *core.Error
	if !errors.As(err, &api) {
		return err
	}
	api.Message = scrub(api.Message, personal)
	body := api.Body
	api.Body = nil // may echo what was sent
	if api.Code == "CBC.99000050" {
		// The documented answer of an account that exists: not unknown.
		cp := *api
		cp.OutcomeUnknown, cp.Check = false, ""
		var w struct {
			DomainID   string `json:"domain_id"`
			DomainName string `json:"domain_name"`
		}
		_ = json.Unmarshal(body, &w) // absent data leaves them empty
		return &AssociationPendingError{CustomerID: w.DomainID, AccountName: w.DomainName, API: &cp}
	}
	if k, ok := kinds[api.Code]; ok {
		return &Error{API: api, Kind: k}
	}
	return err
}

// scrub removes every personal value we sent from a server message, and
// any phone number or email address in it, whoever's they are: a
// standalone Chinese mobile number (with or without 0086-) and anything
// shaped like an address.
func scrub(msg string, personal []string) string {
	for _, p := range personal {
		if len(p) >= 2 && strings.Contains(msg, p) {
			msg = strings.ReplaceAll(msg, p, redacted)
		}
	}
	return replaceEmails(replaceMobiles(msg))
}

// replaceMobiles replaces every standalone Chinese mobile number, with or
// without a country code (\b(00[0-9]{2}-)?1[0-9]{10}\b), from left to
// right.
func replaceMobiles(s string) string {
	var out []byte
	last := 0
	for i := 0; i < len(s); i++ {
		if i > 0 && isWordChar(s[i-1]) { // no word boundary before s[i]
			continue
		}
		if end := mobileAt(s, i); end > 0 {
			out = append(append(out, s[last:i]...), redacted...)
			last = end
			i = end - 1
		}
	}
	if out == nil {
		return s
	}
	return string(append(out, s[last:]...))
}

// mobileAt returns the end of the mobile number that starts at s[i] and
// ends at a word boundary, or -1.
func mobileAt(s string, i int) int {
	if len(s)-i >= 5 && s[i] == '0' && s[i+1] == '0' && isDigit(s[i+2]) && isDigit(s[i+3]) && s[i+4] == '-' {
		i += 5 // the country code
	}
	if len(s)-i < 11 || !isChineseMobile(s[i:i+11]) {
		return -1
	}
	if i += 11; i < len(s) && isWordChar(s[i]) {
		return -1
	}
	return i
}

// replaceEmails replaces everything shaped like an email address:
// characters other than space, quotes, brackets and separators on both
// sides of an @ ([^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+).
func replaceEmails(s string) string {
	var out []byte
	last := 0
	for i := 0; i < len(s); {
		if !isAddressChar(s[i]) {
			i++
			continue
		}
		start := i
		for i < len(s) && isAddressChar(s[i]) {
			i++
		}
		if i+1 < len(s) && s[i] == '@' && isAddressChar(s[i+1]) {
			i++ // the @
			for i < len(s) && isAddressChar(s[i]) {
				i++
			}
			out = append(append(out, s[last:start]...), redacted...)
			last = i
		}
	}
	if out == nil {
		return s
	}
	return string(append(out, s[last:]...))
}

// isAddressChar: anything but white space, @, quotes, <>, () and , ; :
func isAddressChar(c byte) bool {
	switch c {
	case '\t', '\n', '\f', '\r', ' ', '@', '"', '\'', '<', '>', '(', ')', ',', ';', ':':
		return false
	}
	return true
}
