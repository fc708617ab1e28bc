package customers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hwpartner/go-hwpartner/core"
)

// CreateParams registers a new customer account for a user of the
// partner's sales platform and associates it with the partner, or with
// one of its resellers (CreateSubCustomer).
//
// Creating is not idempotent. Give a stable, unique XAccountID and an
// explicit AccountName: after an unknown outcome FindCreated finds the
// account by them, and a resend of the same XAccountID is refused
// (ErrXAccountIDTaken) instead of creating a second account.
//
// MobilePhone, Email, VerificationCode and Password are personal data or
// secrets: the params print without them.
type CreateParams struct {
	// XAccountID is the platform's unique user id (at most 128 characters).
	XAccountID string `wire:"xaccount_id"`
	// XAccountType is the platform identifier Huawei assigned, shown on the
	// Partner Center's access configuration page (at most 64 characters).
	XAccountType string `wire:"xaccount_type"`
	// AccountName is the login name (domain_name): 5 to 32 letters, digits,
	// "_" or "-", not starting with a digit, op_ or shadow_. "" lets Huawei
	// generate a 32-character name.
	AccountName string
	// MobilePhone is a Chinese mobile number without country code (China
	// site). nil sends none; a pointer to "" sets it empty. A number needs
	// VerificationCode (SendVerificationCode with SceneRegistration).
	MobilePhone *string
	// Email is the customer's address (international sites), which needs
	// VerificationCode (SendVerificationCode).
	Email string
	// VerificationCode is the 6-character code sent to MobilePhone or Email.
	VerificationCode string `wire:"verification_code"`
	// Password is 8 to 32 characters of at least two kinds (upper case,
	// lower case, digits, special characters), not the login name or its
	// reverse, not containing the phone number or email. "" lets Huawei set
	// a random one (the customer then signs in through the platform).
	Password string
	// NoMarketing opts the customer out of marketing messages
	// (is_close_market_ms "true").
	NoMarketing bool
	// ResellerID, a reseller id, creates the customer for that reseller
	// (indirect_partner_id; distributors).
	ResellerID string `wire:"indirect_partner_id"`
	// DomainArea is the customer's ISO 3166 alpha-2 country or region, such
	// as MX (international sites, where it is required).
	DomainArea string
	// WaitForAssociation asks the server to wait for the association and
	// report it (include_association_result). If the wait times out the
	// error is an *AssociationPendingError: the customer exists.
	WaitForAssociation bool
}

// String shows p without its personal data and secrets.
func (p CreateParams) String() string {
	mobile := "nil"
	if p.MobilePhone != nil {
		mobile = hide(*p.MobilePhone)
	}
	return fmt.Sprintf("customers.CreateParams{XAccountID: %s, XAccountType: %s, AccountName: %s, MobilePhone: %s, Email: %s, "+
		"VerificationCode: %s, Password: %s, NoMarketing: %t, ResellerID: %s, DomainArea: %s, WaitForAssociation: %t}",
		p.XAccountID, p.XAccountType, p.AccountName, mobile, hide(p.Email), hide(p.VerificationCode), hide(p.Password),
		p.NoMarketing, p.ResellerID, p.DomainArea, p.WaitForAssociation)
}

// GoString is String.
func (p CreateParams) GoString() string { return p.String() }

// Format prints String for every verb.
func (p CreateParams) Format(f fmt.State, _ rune) { fmt.Fprint(f, p.String()) }

// LogValue logs p without its personal data and secrets.
func (p CreateParams) LogValue() slog.Value { return slog.StringValue(p.String()) }

// Validate checks p for any site and returns a *core.ValidationError, or
// nil. The service also applies the rules of the site it calls.
func (p *CreateParams) Validate() error {
	v := core.ValidatorFor(p)
	p.check(&v, core.SiteCustom)
	return v.Err()
}

func (p *CreateParams) check(v *core.Validator, site core.Site) {
	v.Required("xaccount_id", p.XAccountID, maxXAccountIDLen)
	v.Required("xaccount_type", p.XAccountType, maxXAccountType)
	if p.AccountName != "" {
		loginName(v, "domain_name", p.AccountName, isDomainName, "a letter, _ or -")
	}
	intl := site == core.SiteInternational || site == core.SiteEU
	mobile := ""
	if p.MobilePhone != nil {
		mobile = *p.MobilePhone
		switch {
		case intl:
			v.Addf("mobile_phone", "does not exist on the %s site: give an email", site)
		case mobile != "" && !isChineseMobile(mobile):
			v.Add("mobile_phone", "must be a Chinese mobile number without country code (13XXXXXXXXX)")
		}
	}
	if p.Email != "" {
		switch {
		case site == core.SiteChina:
			v.Add("email", "does not exist on the china site: give a mobile number")
		case !strings.Contains(p.Email, "@"):
			v.Add("email", "must be a complete email address")
		}
		v.Check(mobile == "", "email", "and mobile_phone must not both be set")
	}
	if mobile != "" || p.Email != "" {
		v.Check(utf8.RuneCountInString(p.VerificationCode) == codeLen, "verification_code",
			"must be the 6-character code sent to the mobile number or email")
	} else {
		v.Check(p.VerificationCode == "", "verification_code", "is only sent with a mobile number or email")
	}
	if p.Password != "" {
		checkPassword(v, p.Password, p.AccountName, mobile, p.Email)
	}
	v.MaxLen("indirect_partner_id", p.ResellerID, maxIDLen)
	switch {
	case p.DomainArea != "" && site == core.SiteChina:
		v.Add("domain_area", "exists on the international sites only")
	case p.DomainArea != "" && !isCountryCode(p.DomainArea):
		v.Add("domain_area", "must be an ISO 3166 alpha-2 code such as MX")
	case p.DomainArea == "" && intl:
		v.Addf("domain_area", "is required on the %s site", site)
	}
}

func checkPassword(v *core.Validator, pw, name, mobile, email string) {
	if n := utf8.RuneCountInString(pw); n < 8 || n > 32 {
		v.Add("password", "must be 8 to 32 characters")
		return
	}
	var upper, lower, digit, special bool
	for _, r := range pw {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		default:
			special = true
		}
	}
	kinds := 0
	for _, k := range []bool{upper, lower, digit, special} {
		if k {
			kinds++
		}
	}
	if kinds < 2 {
		v.Add("password", "must mix at least two of upper case, lower case, digits and special characters")
	}
	if name != "" && (pw == name || pw == reverse(name)) {
		v.Add("password", "must not be the login name or the login name reversed")
	}
	if mobile != "" && strings.Contains(pw, mobile) {
		v.Add("password", "must not contain the mobile number")
	}
	if email != "" && strings.Contains(pw, email) {
		v.Add("password", "must not contain the email")
	}
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func isCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

type createWire struct {
	src  *CreateParams
	site core.Site

	XAccountID       string  `json:"xaccount_id"`
	XAccountType     string  `json:"xaccount_type"`
	DomainName       string  `json:"domain_name,omitempty"`
	MobilePhone      *string `json:"mobile_phone,omitempty"`
	Email            string  `json:"email,omitempty"`
	VerificationCode string  `json:"verification_code,omitempty"`
	Password         string  `json:"password,omitempty"`
	CloseMarketing   string  `json:"is_close_market_ms,omitempty"`
	ResellerID       string  `json:"indirect_partner_id,omitempty"`
	DomainArea       string  `json:"domain_area,omitempty"`
	WaitAssociation  bool    `json:"include_association_result,omitempty"`
}

func (w *createWire) Validate() error {
	v := core.ValidatorFor(w.src)
	w.src.check(&v, w.site)
	return v.Err()
}

func (w createWire) Format(f fmt.State, _ rune) { fmt.Fprint(f, w.src.String()) }

func (p *CreateParams) wire(site core.Site) *createWire {
	w := &createWire{
		src: p, site: site,
		XAccountID: p.XAccountID, XAccountType: p.XAccountType, DomainName: p.AccountName,
		MobilePhone: p.MobilePhone, Email: p.Email, VerificationCode: p.VerificationCode, Password: p.Password,
		ResellerID: p.ResellerID, DomainArea: p.DomainArea, WaitAssociation: p.WaitForAssociation,
	}
	if p.NoMarketing {
		w.CloseMarketing = "true"
	}
	return w
}

func (p *CreateParams) personal() []string {
	out := []string{p.Email, p.VerificationCode, p.Password}
	if p.MobilePhone != nil {
		out = append(out, *p.MobilePhone)
	}
	return out
}

// CreateResult is the new customer.
type CreateResult struct {
	// CustomerID is the new account's id (domain_id): the customer_id of
	// every other call.
	CustomerID string
	// AccountName is its login name: the one asked for, or the generated one.
	AccountName string
	core.ResponseMeta
}

// CreateUnknownError is the error of a Create that may have reached the
// server without an answer saying what happened: the account may or may
// not exist. It wraps the transport's error, so errors.Is(err,
// core.ErrOutcomeUnknown) holds. Look the customer up with FindCreated
// (Lookup) before creating it again.
type CreateUnknownError struct {
	Lookup FindParams
	Err    error
}

// Error is the wrapped error's text, which says what to check.
func (e *CreateUnknownError) Error() string {
	if e.Err == nil { // a value built by hand
		return "hwpartner: customers: outcome unknown: the customer may have been created; look it up before creating it again"
	}
	return e.Err.Error()
}

// Unwrap returns the transport's error.
func (e *CreateUnknownError) Unwrap() error { return e.Err }

// Create registers a customer account and associates it with the caller,
// or with p.ResellerID. The account exists when Create returns; the
// association completes asynchronously, and until it has the customer is
// not listed (WaitForAssociation waits for it).
//
// A repeated XAccountID is refused with ErrXAccountIDTaken (CBC.99000039),
// a login name in use with ErrLoginNameTaken (CBC.99000038). A distributor
// creating a customer of its own may be refused with
// ErrAssociationNotAllowed (CBC.50010059): create it for a reseller.
//
// API: POST /v2/partners/sub-customers (CreateSubCustomer),
// https://support.huaweicloud.com/api-bpconsole/mc_00016.html.
// Not idempotent: retried only when the request provably never left. When
// it may have reached the server but no answer says what happened, the
// error is a *CreateUnknownError; see FindCreated.
func (s *Service) Create(ctx context.Context, p *CreateParams) (*CreateResult, error) {
	if p == nil {
		p = &CreateParams{}
	}
	var out struct {
		DomainID   string `json:"domain_id"`
		DomainName string `json:"domain_name"`
	}
	meta, err := s.r.Do(ctx, &opCreate, p.wire(s.site()), &out)
	if err == nil && out.DomainID == "" {
		// The answer always carries the id: without it nothing proves
		// what happened.
		err = &core.OperationError{Service: opCreate.Service, Operation: opCreate.Name, RequestID: meta.RequestID,
			Attempts: meta.Attempts, OutcomeUnknown: true, Check: opCreate.Check, Err: errors.New("the answer carries no domain_id")}
	}
	if err != nil {
		err = classify(err, p.personal()...)
		if core.IsOutcomeUnknown(err) {
			return nil, &CreateUnknownError{Lookup: FindParams{XAccountID: p.XAccountID, AccountName: p.AccountName, ResellerID: p.ResellerID}, Err: err}
		}
		return nil, err
	}
	return &CreateResult{CustomerID: out.DomainID, AccountName: out.DomainName, ResponseMeta: meta}, nil
}

// FindParams identifies a customer Create may have made.
type FindParams struct {
	// XAccountID is the platform user id the customer was created with.
	XAccountID string `wire:"xaccount_id"`
	// AccountName is its login name, when one was given: the search then
	// reads only the customers with that name instead of all of them.
	AccountName string `wire:"account_name"`
	// ResellerID is the reseller it was created for, or "".
	ResellerID string `wire:"indirect_partner_id"`
}

// Validate returns a *core.ValidationError listing every bad field, or nil.
func (p *FindParams) Validate() error {
	v := core.ValidatorFor(p)
	v.Required("xaccount_id", p.XAccountID, maxXAccountIDLen)
	v.MaxLen("account_name", p.AccountName, maxFilterLen)
	v.MaxLen("indirect_partner_id", p.ResellerID, maxIDLen)
	return v.Err()
}

// FindCreated looks up the customer a Create made, by its platform user id
// and, when given, its login name: the API has no xaccount_id filter, so
// it lists the customers with that login name (or, without one, all of
// them) and compares xaccount_id itself.
//
// A customer is listed only once its association has completed, so a
// *NotFoundError does not prove the account was not created: wait and
// look again, or resend the same XAccountID, which is refused with
// ErrXAccountIDTaken if the first one arrived.
//
// API: POST /v2/partners/sub-customers/query (ListSubCustomers), as many
// pages as needed. Retried.
func (s *Service) FindCreated(ctx context.Context, p *FindParams) (*Customer, error) {
	if p == nil {
		p = &FindParams{}
	}
	if err := p.Validate(); err != nil {
		return nil, core.WithOperation(err, &opList)
	}
	for c, err := range s.ListIter(ctx, &ListParams{AccountName: p.AccountName, ResellerID: p.ResellerID}) {
		if err != nil {
			return nil, err
		}
		if c.XAccountID == p.XAccountID && (p.AccountName == "" || c.AccountName == p.AccountName) {
			return &c, nil
		}
	}
	return nil, &NotFoundError{XAccountID: p.XAccountID, ResellerID: p.ResellerID}
}

// Polling defaults of WaitForAssociation.
const (
	DefaultAssociationPoll    = 2 * time.Second
	DefaultMaxAssociationPoll = 30 * time.Second
)

// WaitOptions tunes WaitForAssociation. Zero values take the defaults.
type WaitOptions struct {
	// Interval is the first wait between two polls; each next wait doubles.
	Interval time.Duration
	// MaxInterval caps the wait.
	MaxInterval time.Duration
}

// WaitForAssociation polls until the customer id (CreateResult.CustomerID)
// is listed among the caller's customers, or resellerID's when it is not
// "", and returns it. It stops when the context ends or a poll fails with
// anything but not-found.
//
// API: POST /v2/partners/sub-customers/query (ListSubCustomers) with
// customer_id, once per poll. Retried.
func (s *Service) WaitForAssociation(ctx context.Context, resellerID, customerID string, opts *WaitOptions) (*Customer, error) {
	var o WaitOptions
	if opts != nil {
		o = *opts
	}
	var v core.Validator
	v.Check(o.Interval >= 0, "interval", "must not be negative")
	v.Check(o.MaxInterval >= 0, "max_interval", "must not be negative")
	v.Required("customer_id", customerID, maxIDLen)
	v.MaxLen("indirect_partner_id", resellerID, maxIDLen)
	if err := v.Err(); err != nil {
		return nil, core.WithOperation(err, &opList)
	}
	if o.Interval == 0 {
		o.Interval = DefaultAssociationPoll
	}
	if o.MaxInterval == 0 {
		o.MaxInterval = max(DefaultMaxAssociationPoll, o.Interval)
	}
	wait := min(o.Interval, o.MaxInterval)
	for {
		c, err := s.get(ctx, resellerID, customerID)
		var nf *NotFoundError
		if !errors.As(err, &nf) {
			return c, err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		wait = min(wait*2, o.MaxInterval)
	}
}
