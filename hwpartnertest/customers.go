package hwpartnertest

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Association types of customers (association_type).
const (
	AssociationReferral = "1" // 顾问销售: tops up its own account
	AssociationFunded   = "2" // 代售: funded by the partner (China site)
	AssociationResale   = "3" // 转售: budget and freeze (international site)
)

// Customer is a customer of a partner or reseller, for SeedCustomer.
type Customer struct {
	// ID is the customer id (domain_id); "" gets a generated one.
	ID string `json:"id,omitempty"`
	// AccountName is the login name; "" gets a generated one.
	AccountName string `json:"account_name,omitempty"`
	// RealName is the authenticated real name (customer), if any.
	RealName string `json:"real_name,omitempty"`
	// Owner is the partner (domain id) or reseller (reseller id) the
	// customer is associated with; "" is the default distributor.
	Owner string `json:"owner,omitempty"`
	// AssociationType is "1", "2" or "3"; "" is "2" (partner-funded).
	AssociationType string `json:"association_type,omitempty"`
	// AssociatedOn is when it was associated; zero is the server clock.
	AssociatedOn time.Time `json:"associated_on,omitzero"`
	Label        string    `json:"label,omitempty"`
	Telephone    string    `json:"telephone,omitempty"`
	CountryCode  string    `json:"country_code,omitempty"`
	Email        string    `json:"email,omitempty"`
	// XAccountID and XAccountType are the partner platform's user id and
	// platform identifier.
	XAccountID   string `json:"xaccount_id,omitempty"`
	XAccountType string `json:"xaccount_type,omitempty"`
	Level        string `json:"level,omitempty"`
	// AccountManager is the account manager's login name, if any.
	AccountManager string `json:"account_manager,omitempty"`
	// Balance is the allocated, unspent balance of a partner-funded
	// customer. A balance above 0, or Allocation, gives the customer an
	// allocation account (reclaim needs one).
	Balance    Amount `json:"balance,omitzero"`
	Allocation bool   `json:"allocation,omitempty"`
	// Debt is the amount owed.
	Debt Amount `json:"debt,omitzero"`
	// FreezeType freezes a resale customer: "ACCOUNT" or
	// "ACCOUNT_AND_RESOURCE"; "" is not frozen.
	FreezeType string `json:"freeze_type,omitempty"`
}

// CustomerRules are the switches of the customer operations where the API
// leaves the behaviour open. The zero value is the default.
type CustomerRules struct {
	// International serves the international site's variants: verification
	// codes by email, CreateSubCustomer with email and domain_area, new
	// customers associated as resale ("3") and frozen until a budget
	// unfreezes them, no bank-card real-name authentication. The default
	// is the China site.
	International bool
	// DirectCustomers lets a distributor create customers of its own; by
	// default that is refused with CBC.50010059 (create them for a
	// reseller).
	DirectCustomers bool
	// ResellersCustomersRealName lets a distributor submit real-name
	// authentication (and bank-card codes) for its resellers' customers;
	// by default only its own customers (CBC.99000035 otherwise).
	ResellersCustomersRealName bool
	// IgnoreResellerIDOfSolutionProviders ignores indirect_partner_id sent
	// by a solution provider; by default it is refused with CBC.99000037.
	IgnoreResellerIDOfSolutionProviders bool
	// StrictBalances answers CBC.5002 when ListCustomersBalancesDetail
	// names a customer it cannot return; by default it is left out.
	StrictBalances bool
	// NotFundableCode is the code refusing a transfer to or reclaim from a
	// customer that is not partner-funded; "" is CBC.99007004.
	NotFundableCode string
	// AssociationDelay is how long a created customer takes to be
	// associated (listed); 0 is at once.
	AssociationDelay time.Duration
	// AssociationWait is how long CreateSubCustomer with
	// include_association_result waits; a longer AssociationDelay answers
	// 500 CBC.99000050 with the new customer's id.
	AssociationWait time.Duration
	// MobileRegistrations is how many customers one mobile number may
	// register; 0 is 5.
	MobileRegistrations int
	// CodesPerHour and CodesPerDay limit the codes sent to one number or
	// address (CBC.99004015 above); 0 is 15 and 60.
	CodesPerHour int
	CodesPerDay  int
}

// SentCode is a verification code the fake "sent" (it delivers nothing).
type SentCode struct {
	// Receiver is the mobile number or email it was sent to.
	Receiver string `json:"receiver"`
	// Scene is 29 (registration) or 18 (bank card); 0 for an email code.
	Scene int `json:"scene"`
	// CustomerID is the customer of a scene 18 code.
	CustomerID string    `json:"customer_id,omitempty"`
	Code       string    `json:"code"`
	Sent       time.Time `json:"sent"`
	Expires    time.Time `json:"expires"`
}

// AccountChange is an entry of a partner's account ledger, as
// ListPartnerAccountChangeRecords lists it.
type AccountChange struct {
	// Holder is the partner (domain id) or reseller whose balance moved.
	Holder string `json:"holder"`
	ID     string `json:"id"`
	// DetailType is trade_detail_type, e.g. SOURCE_OPERATION_BEADJUST.
	DetailType string `json:"detail_type"`
	// TradeType is the trade_type filter value, e.g. BEADJUST.
	TradeType    string `json:"trade_type"`
	TradeID      string `json:"trade_id"`
	Amount       Amount `json:"amount"`
	BalanceAfter Amount `json:"balance_after"`
	// Income is true for money in (type "1"), false for money out ("2").
	Income      bool      `json:"income"`
	CustomerID  string    `json:"customer_id,omitempty"`
	AccountName string    `json:"account_name,omitempty"`
	Time        time.Time `json:"time"`
}

type codeKey struct {
	scene    int
	receiver string
	customer string
}

type liveCode struct {
	code     string
	sent     time.Time
	expires  time.Time
	failures int
}

type fakeCustomer struct {
	Customer
	associatedAt time.Time // listed from then on
	funded       bool      // has an allocation account
	debt         cents
	creator      string // the partner that created it, for xaccount_id uniqueness
	budget       *fakeBudget
}

type fakeBudget struct {
	amount     cents
	typ        string
	freezeMode int
}

type budgetRecord struct {
	customer string
	amount   cents
	opType   string
	typ      string
	at       time.Time
	operator string
}

type ledgerEntry struct {
	holder   string
	id       string
	detail   string
	trade    string
	tradeID  string
	amount   cents
	after    cents
	income   bool
	customer string
	account  string
	at       time.Time
}

type customersState struct {
	rules      CustomerRules
	byID       map[string]*fakeCustomer
	order      []string
	codes      map[codeKey]*liveCode
	sent       []SentCode             // every code, oldest first
	sends      map[string][]time.Time // receiver → send times
	mobileRegs map[string]int         // bare mobile number → registrations
	ledger     []ledgerEntry          // oldest first
	designated map[string]cents
	budgetRecs []budgetRecord
}

func (s *Server) registerCustomers() {
	s.state.customers = customersState{
		byID:       map[string]*fakeCustomer{},
		codes:      map[codeKey]*liveCode{},
		sends:      map[string][]time.Time{},
		mobileRegs: map[string]int{},
		designated: map[string]cents{},
	}
	for _, r := range []*route{
		{op: "ListSubCustomers", method: http.MethodPost, path: "/v2/partners/sub-customers/query", handle: s.listSubCustomers},
		{op: "CheckUserIdentity", method: http.MethodPost, path: "/v2/partners/sub-customers/users/check-identity", handle: s.checkUserIdentity},
		{op: "SendVerificationMessageCode", method: http.MethodPost, path: "/v2/bases/verificationcode/send", handle: s.sendVerificationCode},
		{op: "CreateSubCustomer", method: http.MethodPost, path: "/v2/partners/sub-customers", handle: s.createSubCustomer},
		{op: "ListCustomersBalancesDetail", method: http.MethodPost, path: "/v2/accounts/customer-accounts/balances/batch-query", handle: s.customerBalances},
		{op: "UpdateCustomerAccountAmount", method: http.MethodPost, path: "/v2/accounts/partner-accounts/adjust-amount", handle: s.customerTransfer},
		{op: "ReclaimToPartnerAccount", method: http.MethodPost, path: "/v2/accounts/partner-accounts/reclaim", handle: s.customerReclaim},
		{op: "ListPartnerAccountChangeRecords", method: http.MethodGet, path: "/v2/accounts/partner-accounts/account-change-records", handle: s.accountChanges},
		{op: "ShowSubCustomerBudget", method: http.MethodGet, path: "/v2/partners/sub-customers/budget", handle: s.showBudget},
		{op: "UpdateSubCustomerBudget", method: http.MethodPost, path: "/v2/partners/sub-customers/budget", handle: s.updateBudget},
		{op: "ListSubCustomerBudget", method: http.MethodPost, path: "/v2/partners/sub-customers/budget/query", handle: s.listBudgets},
		{op: "ListSubCustomerBudgetRecords", method: http.MethodGet, path: "/v2/partners/sub-customers/budget/records", handle: s.budgetRecords},
		{op: "FreezeSubCustomers", method: http.MethodPost, path: "/v2/partners/sub-customers/freeze", handle: s.freezeCustomers},
		{op: "UnfreezeSubCustomers", method: http.MethodPost, path: "/v2/partners/sub-customers/unfreeze", handle: s.unfreezeCustomers},
	} {
		r.allowed = partners
		s.handle(r)
	}
}

// ConfigureCustomers sets the customer rules.
func (s *Server) ConfigureCustomers(r CustomerRules) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.customers.rules = r
}

// SeedCustomer adds a customer, associated at once, and returns its id.
// Its id and login name must be new.
func (s *Server) SeedCustomer(c Customer) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seedCustomer(c)
}

func (s *Server) seedCustomer(c Customer) (string, error) {
	cs := &s.state.customers
	if c.ID == "" {
		c.ID = s.hexID()
	}
	if _, dup := cs.byID[c.ID]; dup {
		return "", fmt.Errorf("hwpartnertest: customer %q already exists", c.ID)
	}
	if c.AccountName == "" {
		c.AccountName = "cust-" + c.ID
	}
	if s.loginNameTaken(c.AccountName) {
		return "", fmt.Errorf("hwpartnertest: login name %q already exists", c.AccountName)
	}
	switch c.AssociationType {
	case "":
		c.AssociationType = AssociationFunded
	case AssociationReferral, AssociationFunded, AssociationResale:
	default:
		return "", fmt.Errorf("hwpartnertest: unknown association type %q", c.AssociationType)
	}
	switch c.FreezeType {
	case "", freezeAccount, freezeAccountAndResource:
	default:
		return "", fmt.Errorf("hwpartnertest: unknown freeze type %q", c.FreezeType)
	}
	bal, debt := c.Balance.c, c.Debt.c
	if bal < 0 || debt < 0 {
		return "", errorf("customer %q: a balance or debt must not be negative", c.ID)
	}
	if c.Owner == "" {
		c.Owner = s.defaultCred.Account.DomainID
	}
	if c.AssociatedOn.IsZero() {
		c.AssociatedOn = s.now()
	}
	c.AssociatedOn = c.AssociatedOn.UTC().Truncate(time.Second)
	fc := &fakeCustomer{Customer: c, associatedAt: c.AssociatedOn, funded: bal > 0 || c.Allocation, debt: debt}
	fc.Balance, fc.Debt, fc.Allocation = Amount{}, Amount{}, false
	cs.byID[c.ID] = fc
	cs.order = append(cs.order, c.ID)
	s.funds().balances[c.ID] = bal
	return c.ID, nil
}

// hexID returns a new 32-character lowercase hex id; callers hold s.mu.
func (s *Server) hexID() string {
	s.seq++
	n := uint64(s.seq)
	return fmt.Sprintf("%016x%016x", n*0x9e3779b97f4a7c15, n*0xbf58476d1ce4e5b9)
}

func (s *Server) loginNameTaken(name string) bool {
	for _, c := range s.state.customers.byID {
		if strings.EqualFold(c.AccountName, name) {
			return true
		}
	}
	return false
}

// CustomerBalance returns a customer's allocated balance.
func (s *Server) CustomerBalance(id string) Amount { return s.Balance(id) }

// CustomerFrozen returns a customer's freeze type, "" when not frozen.
func (s *Server) CustomerFrozen(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.state.customers.byID[id]; c != nil {
		return c.FreezeType
	}
	return ""
}

// CustomerIDs returns the ids of every customer, associated or not, in
// the order they were added.
func (s *Server) CustomerIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.state.customers.order...)
}

// SetDesignatedAmount sets the earmarked part (designated_amount) of a
// partner's or reseller's balance, which it cannot allocate to customers.
func (s *Server) SetDesignatedAmount(id string, amount Amount) error {
	if amount.c < 0 {
		return errorf("a designated amount must not be negative")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.customers.designated[id] = amount.c
	return nil
}

// VerificationCode returns the live code last sent to receiver (a mobile
// number or email), as a test reads the SMS the fake never sends.
func (s *Server) VerificationCode(receiver string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := &s.state.customers
	for i := len(cs.sent) - 1; i >= 0; i-- {
		c := cs.sent[i]
		if c.Receiver != receiver {
			continue
		}
		live := cs.codes[codeKey{c.Scene, c.Receiver, c.CustomerID}]
		if live != nil && live.code == c.Code && s.now().Before(live.expires) {
			return c.Code, true
		}
		return "", false
	}
	return "", false
}

// SentCodes returns every code sent, oldest first.
func (s *Server) SentCodes() []SentCode {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SentCode(nil), s.state.customers.sent...)
}

// AccountChanges returns every ledger entry, oldest first.
func (s *Server) AccountChanges() []AccountChange {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]AccountChange, len(s.state.customers.ledger))
	for i, e := range s.state.customers.ledger {
		out[i] = AccountChange{Holder: e.holder, ID: e.id, DetailType: e.detail, TradeType: e.trade, TradeID: e.tradeID,
			Amount: Amount{e.amount}, BalanceAfter: Amount{e.after}, Income: e.income, CustomerID: e.customer,
			AccountName: e.account, Time: e.at}
	}
	return out
}

// Customer-side helpers; all run with s.mu held.

func (s *Server) associated(c *fakeCustomer) bool { return !s.now().Before(c.associatedAt) }

// scope resolves indirect_partner_id: the owner whose customers the call
// works on, or a refusal.
func (s *Server) scope(c *call, resellerID string) (string, *response) {
	if resellerID == "" {
		return c.account.DomainID, nil
	}
	if len([]rune(resellerID)) > 64 {
		r := badParam("indirect_partner_id", "must be at most 64 characters")
		return "", &r
	}
	if c.account.Kind == SolutionProvider && s.state.customers.rules.IgnoreResellerIDOfSolutionProviders {
		return c.account.DomainID, nil
	}
	if c.account.Kind != Distributor || s.funds().resellerOf(c.account.DomainID, resellerID) == nil {
		r := notYourReseller()
		return "", &r
	}
	return resellerID, nil
}

// customerOf returns the associated customer id of owner, or nil.
func (s *Server) customerOf(owner, id string) *fakeCustomer {
	c := s.state.customers.byID[id]
	if c == nil || c.Owner != owner || !s.associated(c) {
		return nil
	}
	return c
}

// realNameCustomer returns the customer if the caller may authenticate
// it: its own, or with the switch on one of its resellers'.
func (s *Server) realNameCustomer(c *call, id string) *fakeCustomer {
	cust := s.state.customers.byID[id]
	if cust == nil || !s.associated(cust) {
		return nil
	}
	if cust.Owner == c.account.DomainID {
		return cust
	}
	if s.state.customers.rules.ResellersCustomersRealName && c.account.Kind == Distributor &&
		s.funds().resellerOf(c.account.DomainID, cust.Owner) != nil {
		return cust
	}
	return nil
}

func notSubCustomer() response {
	return apiError(http.StatusBadRequest, "CBC.99000035", "The customer is not a sub-customer of the partner.")
}

var (
	rxName       = regexp.MustCompile(`^[a-zA-Z-][a-zA-Z0-9_-]{4,31}$`)
	rxDomainName = regexp.MustCompile(`^[a-zA-Z_-][a-zA-Z0-9_-]*$`)
	rxMobileCC   = regexp.MustCompile(`^00[0-9]{2}-[0-9]+$`)
	rxCNMobile   = regexp.MustCompile(`^1[0-9]{10}$`)
	rxDigits     = regexp.MustCompile(`^[0-9]+$`)
)

func validLoginName(name string, rx *regexp.Regexp) bool {
	n := len(name)
	return n >= 5 && n <= 32 && rx.MatchString(name) && !strings.HasPrefix(name, "op_") &&
		!strings.HasPrefix(name, "shadow_") && !rxDigits.MatchString(name)
}

// wireCustomer is CustomerInformation; optional fields are left out when
// unset.
type wireCustomer struct {
	CustomerID      string          `json:"customer_id"`
	AccountName     string          `json:"account_name"`
	Customer        string          `json:"customer,omitempty"`
	AssociatedOn    string          `json:"associated_on,omitempty"`
	AssociationType string          `json:"association_type,omitempty"`
	Label           string          `json:"label,omitempty"`
	Telephone       string          `json:"telephone,omitempty"`
	CountryCode     string          `json:"country_code,omitempty"`
	Email           string          `json:"email,omitempty"`
	VerifiedStatus  string          `json:"verified_status"`
	CustomerType    int             `json:"customer_type"`
	IsFrozen        int             `json:"is_frozen"`
	AccountManagers []wireAccountMg `json:"account_managers,omitempty"`
	XAccountID      string          `json:"xaccount_id,omitempty"`
	XAccountType    string          `json:"xaccount_type,omitempty"`
	CustomerLevel   string          `json:"customer_level,omitempty"`
}

type wireAccountMg struct {
	AccountName string `json:"account_name"`
}

// verification returns the customer's verified_status and customer_type
// from its real-name state.
func (s *Server) verification(id string) (string, int) {
	rn := s.state.realName.customers[id]
	if rn == nil {
		return "-1", -1
	}
	s.autoReview(rn)
	typ := -1
	switch rn.authenticated {
	case "individual":
		typ = 0
	case "enterprise":
		typ = 1
	}
	if rn.app != nil {
		switch rn.app.Status {
		case RealNameUnderReview:
			return "0", typ
		case RealNameRejected:
			if rn.authenticated == "" {
				return "1", typ
			}
		}
	}
	if rn.authenticated != "" {
		return "2", typ
	}
	return "-1", typ
}

func (s *Server) wire(c *fakeCustomer) wireCustomer {
	status, typ := s.verification(c.ID)
	frozen := 0
	switch c.FreezeType {
	case freezeAccount:
		frozen = 1
	case freezeAccountAndResource:
		frozen = 1
		if !s.state.customers.rules.International {
			frozen = 2
		}
	}
	w := wireCustomer{
		CustomerID: c.ID, AccountName: c.AccountName, Customer: c.RealName,
		AssociatedOn: c.associatedAt.UTC().Format(timeLayout), AssociationType: c.AssociationType,
		Label: c.Label, Telephone: c.Telephone, CountryCode: c.CountryCode, Email: c.Email,
		VerifiedStatus: status, CustomerType: typ, IsFrozen: frozen,
		XAccountID: c.XAccountID, XAccountType: c.XAccountType, CustomerLevel: c.Level,
	}
	if c.AccountManager != "" {
		w.AccountManagers = []wireAccountMg{{AccountName: c.AccountManager}}
	}
	return w
}

// listSubCustomers is ListSubCustomers (api.md §10.1): the customers of
// the caller or of one of its resellers, newest association first.
func (s *Server) listSubCustomers(c *call) response {
	var req struct {
		AccountName     *string `json:"account_name"`
		Customer        *string `json:"customer"`
		Offset          *int    `json:"offset"`
		Limit           *int    `json:"limit"`
		Label           *string `json:"label"`
		AssociationType *string `json:"association_type"`
		Begin           *string `json:"associated_on_begin"`
		End             *string `json:"associated_on_end"`
		CustomerID      *string `json:"customer_id"`
		ResellerID      *string `json:"indirect_partner_id"`
	}
	if fail := c.decode(&req); fail != nil {
		return *fail
	}
	name, real, label := deref(req.AccountName), deref(req.Customer), deref(req.Label)
	for field, v := range map[string]string{"account_name": name, "customer": real, "label": label} {
		if utf8.RuneCountInString(v) > 64 {
			return badParam(field, "must be at most 64 characters")
		}
		if strings.ContainsFunc(v, unicode.IsSpace) {
			return badParam(field, "must not contain spaces")
		}
	}
	assoc := deref(req.AssociationType)
	if assoc != "" && !s.associationOnSite(assoc) {
		return badParam("association_type", "is not an association type of this site")
	}
	var begin, end time.Time
	for i, p := range []*string{req.Begin, req.End} {
		field := [...]string{"associated_on_begin", "associated_on_end"}[i]
		if p == nil {
			continue
		}
		if *p == "" {
			return badParam(field, `must not be ""`)
		}
		t, fail := parseTimeParam(field, *p)
		if fail != nil {
			return *fail
		}
		if i == 0 {
			begin = t
		} else {
			end = t
		}
	}
	id := deref(req.CustomerID)
	if len([]rune(id)) > 64 {
		return badParam("customer_id", "must be at most 64 characters")
	}
	offset, limit, fail := paging(req.Offset, req.Limit, 40_000_000)
	if fail != nil {
		return *fail
	}
	owner, fail := s.scope(c, deref(req.ResellerID))
	if fail != nil {
		return *fail
	}
	var match []*fakeCustomer
	for _, cid := range s.state.customers.order {
		cust := s.state.customers.byID[cid]
		switch {
		case cust.Owner != owner, !s.associated(cust),
			name != "" && !strings.Contains(cust.AccountName, name),
			real != "" && !strings.Contains(cust.RealName, real),
			label != "" && !strings.Contains(cust.Label, label),
			assoc != "" && cust.AssociationType != assoc,
			id != "" && cust.ID != id,
			!begin.IsZero() && cust.associatedAt.Before(begin),
			!end.IsZero() && cust.associatedAt.After(end):
			continue
		}
		match = append(match, cust)
	}
	sort.SliceStable(match, func(i, j int) bool {
		a, b := match[i], match[j]
		if !a.associatedAt.Equal(b.associatedAt) {
			return a.associatedAt.After(b.associatedAt)
		}
		return a.ID < b.ID
	})
	page := window(match, offset, limit)
	infos := make([]wireCustomer, len(page))
	for i, cust := range page {
		infos[i] = s.wire(cust)
	}
	return ok(struct {
		Count int            `json:"count"`
		Infos []wireCustomer `json:"customer_infos"`
	}{len(match), infos})
}

func (s *Server) associationOnSite(t string) bool {
	if s.state.customers.rules.International {
		return t == AssociationReferral || t == AssociationResale
	}
	return t == AssociationReferral || t == AssociationFunded
}

func (s *Server) mobileLimit() int {
	if n := s.state.customers.rules.MobileRegistrations; n > 0 {
		return n
	}
	return 5
}

// checkUserIdentity is CheckUserIdentity (api.md §10.2).
func (s *Server) checkUserIdentity(c *call) response {
	var req struct {
		Type  string `json:"search_type"`
		Value string `json:"search_value"`
	}
	if fail := c.decode(&req); fail != nil {
		return *fail
	}
	if req.Value == "" || utf8.RuneCountInString(req.Value) > 64 {
		return badParam("search_value", "must be 1 to 64 characters")
	}
	used := false
	body := map[string]any{}
	switch req.Type {
	case "name":
		if !validLoginName(req.Value, rxName) {
			return badParam("search_value", "is not a valid login name")
		}
		used = s.loginNameTaken(req.Value)
	case "email":
		if !strings.Contains(req.Value, "@") {
			return badParam("search_value", "is not an email address")
		}
		for _, cust := range s.state.customers.byID {
			used = used || strings.EqualFold(cust.Email, req.Value)
		}
	case "mobile":
		cc, number, _ := strings.Cut(req.Value, "-")
		if !rxMobileCC.MatchString(req.Value) || (!s.state.customers.rules.International && cc != "0086") {
			return badParam("search_value", "is not a mobile number like 0086-13800000000")
		}
		key := req.Value
		if cc == "0086" {
			key = number
		}
		left := max(s.mobileLimit()-s.state.customers.mobileRegs[key], 0)
		used = left == 0
		body["mobile_remain_available_num"] = left
	default:
		return badParam("search_type", "must be email, mobile or name")
	}
	body["check_result"] = "available"
	if used {
		body["check_result"] = "used_by_user"
	}
	return ok(body)
}

// codeLifetime applies the documented timeout rules: absent 10 minutes,
// above 60 replaced by 5 (sic).
func codeLifetime(timeout *int) (time.Duration, *response) {
	if timeout == nil {
		return 10 * time.Minute, nil
	}
	if *timeout < 1 || *timeout > 3000 {
		r := badParam("timeout", "must be between 1 and 3000")
		return 0, &r
	}
	if *timeout > 60 {
		return 5 * time.Minute, nil
	}
	return time.Duration(*timeout) * time.Minute, nil
}

// sendVerificationCode is SendVerificationMessageCode (api.md §10.3). It
// answers 204 with no body.
func (s *Server) sendVerificationCode(c *call) response {
	var req struct {
		ReceiverType *int    `json:"receiver_type"`
		Timeout      *int    `json:"timeout"`
		MobilePhone  *string `json:"mobile_phone"`
		Email        *string `json:"email"`
		Lang         *string `json:"lang"`
		Scene        *int    `json:"scene"`
		CustomerID   *string `json:"customer_id"`
	}
	if fail := c.decode(&req); fail != nil {
		return *fail
	}
	cs := &s.state.customers
	intl := cs.rules.International
	wantReceiver := 1
	if intl {
		wantReceiver = 2
	}
	if req.ReceiverType == nil || *req.ReceiverType != wantReceiver {
		return badParam("receiver_type", fmt.Sprintf("must be %d", wantReceiver))
	}
	lifetime, fail := codeLifetime(req.Timeout)
	if fail != nil {
		return *fail
	}
	if l := deref(req.Lang); req.Lang != nil && l != "" && l != "zh-cn" && l != "en-us" {
		return badParam("lang", "must be zh-cn or en-us")
	}
	key := codeKey{}
	if intl {
		if req.MobilePhone != nil || req.Scene != nil || req.CustomerID != nil {
			return badParam("body", "mobile_phone, scene and customer_id are not fields of this site")
		}
		email := deref(req.Email)
		if email == "" || utf8.RuneCountInString(email) > 64 || !strings.Contains(email, "@") {
			return badParam("email", "must be an email address of at most 64 characters")
		}
		key.receiver = email
	} else {
		if req.Email != nil {
			return badParam("email", "is not a field of this site")
		}
		mobile := deref(req.MobilePhone)
		if !rxCNMobile.MatchString(mobile) {
			return badParam("mobile_phone", "must be a Chinese mobile number")
		}
		key.receiver, key.scene = mobile, 29
		if req.Scene != nil {
			key.scene = *req.Scene
		}
		switch key.scene {
		case 29:
		case 18:
			id := deref(req.CustomerID)
			if id == "" || len([]rune(id)) > 64 {
				return badParam("customer_id", "is required with scene 18")
			}
			if s.realNameCustomer(c, id) == nil {
				return notSubCustomer()
			}
			key.customer = id
		default:
			return badParam("scene", "must be 29 or 18")
		}
	}
	now := s.now()
	perHour, perDay := cs.rules.CodesPerHour, cs.rules.CodesPerDay
	if perHour == 0 {
		perHour = 15
	}
	if perDay == 0 {
		perDay = 60
	}
	hour, day := 0, 0
	var recent []time.Time
	for _, t := range cs.sends[key.receiver] {
		if now.Sub(t) < 24*time.Hour {
			recent = append(recent, t)
			day++
			if now.Sub(t) < time.Hour {
				hour++
			}
		}
	}
	cs.sends[key.receiver] = recent
	if hour >= perHour || day >= perDay {
		return apiError(http.StatusBadRequest, "CBC.99004015", "The number of verification codes sent has reached the upper limit (15 per hour, 60 per day).")
	}
	s.seq++
	code := fmt.Sprintf("%06d", (uint64(s.seq)*7919+104729)%1_000_000)
	cs.codes[key] = &liveCode{code: code, sent: now, expires: now.Add(lifetime)}
	cs.sends[key.receiver] = append(cs.sends[key.receiver], now)
	cs.sent = append(cs.sent, SentCode{Receiver: key.receiver, Scene: key.scene, CustomerID: key.customer, Code: code,
		Sent: now, Expires: now.Add(lifetime)})
	return response{status: http.StatusNoContent}
}

// checkCode checks a code against the live one for key and consumes it
// on success; it returns the failure code, or "".
func (s *Server) checkCode(key codeKey, code string, expired, wrong, locked string) string {
	cs := &s.state.customers
	live := cs.codes[key]
	switch {
	case live == nil:
		return wrong
	case !s.now().Before(live.expires):
		delete(cs.codes, key)
		return expired
	case live.code != code:
		live.failures++
		if live.failures > 3 {
			delete(cs.codes, key)
			return locked
		}
		return wrong
	}
	delete(cs.codes, key)
	return ""
}

var codeMessages = map[string]string{
	"CBC.99004008": "The verification code has expired.",
	"CBC.99004009": "The verification code failed more than 3 times.",
	"CBC.99004010": "The verification code is wrong.",
	"CBC.99000027": "The verification code has expired.",
	"CBC.99007202": "Verification failed.",
}

// createSubCustomer is CreateSubCustomer (api.md §10.4). A refusal leaves
// no account behind.
func (s *Server) createSubCustomer(c *call) response {
	var req struct {
		XAccountID       string  `json:"xaccount_id"`
		XAccountType     string  `json:"xaccount_type"`
		DomainName       *string `json:"domain_name"`
		MobilePhone      *string `json:"mobile_phone"`
		Email            *string `json:"email"`
		VerificationCode *string `json:"verification_code"`
		Password         *string `json:"password"`
		IsCloseMarketMs  *string `json:"is_close_market_ms"`
		ResellerID       *string `json:"indirect_partner_id"`
		IncludeResult    *bool   `json:"include_association_result"`
		DomainArea       *string `json:"domain_area"`
		CooperationType  *string `json:"cooperation_type"`
	}
	if fail := c.decode(&req); fail != nil {
		return *fail
	}
	cs := &s.state.customers
	intl := cs.rules.International
	if r := firstProblem(rnRequired("xaccount_id", req.XAccountID, 128), rnRequired("xaccount_type", req.XAccountType, 64)); r != nil {
		return *r
	}
	name := deref(req.DomainName)
	if name != "" && !validLoginName(name, rxDomainName) {
		return apiError(http.StatusBadRequest, "CBC.99000031", "The login name format is invalid.")
	}
	receiver := ""
	if intl {
		if req.MobilePhone != nil || req.CooperationType != nil {
			return badParam("body", "mobile_phone and cooperation_type are not fields of this site")
		}
		if e := deref(req.Email); e != "" {
			if !strings.Contains(e, "@") {
				return badParam("email", "is not an email address")
			}
			receiver = e
		}
		if !isAlpha2(deref(req.DomainArea)) {
			return badParam("domain_area", "must be an ISO 3166 alpha-2 code")
		}
	} else {
		if req.Email != nil || req.DomainArea != nil {
			return badParam("body", "email and domain_area are not fields of this site")
		}
		if m := deref(req.MobilePhone); m != "" {
			if utf8.RuneCountInString(m) > 32 || !rxCNMobile.MatchString(m) {
				return apiError(http.StatusBadRequest, "CBC.5017", "The mobile number format is invalid.")
			}
			receiver = m
		}
	}
	if req.VerificationCode != nil && *req.VerificationCode == "" {
		return badParam("verification_code", `must not be ""`)
	}
	if receiver != "" && utf8.RuneCountInString(deref(req.VerificationCode)) != 6 {
		return badParam("verification_code", "is required (6 characters) with a mobile number or email")
	}
	if req.Password != nil && !validPassword(*req.Password, name, receiver) {
		return apiError(http.StatusBadRequest, "CBC.99000036", "The password format is invalid.")
	}
	switch m := deref(req.IsCloseMarketMs); m {
	case "", "true", "false":
	default:
		return badParam("is_close_market_ms", `must be "true" or "false"`)
	}
	owner := c.account.DomainID
	if rid := deref(req.ResellerID); rid != "" {
		var fail *response
		if owner, fail = s.scope(c, rid); fail != nil {
			return *fail
		}
	} else if c.account.Kind == Distributor && !cs.rules.DirectCustomers {
		return apiError(http.StatusBadRequest, "CBC.50010059", "A tier-1 distributor is not allowed to be associated with sub-customers.")
	}
	for _, other := range cs.byID {
		if other.creator == c.account.DomainID && other.XAccountType == req.XAccountType && other.XAccountID == req.XAccountID {
			return apiError(http.StatusBadRequest, "CBC.99000039", "The xaccount_id is a duplicate.")
		}
	}
	if name != "" && s.loginNameTaken(name) {
		return apiError(http.StatusBadRequest, "CBC.99000038", "The customer login name already exists.")
	}
	if !intl && receiver != "" && cs.mobileRegs[receiver] >= s.mobileLimit() {
		return apiError(http.StatusBadRequest, "CBC.99000030", "The mobile number has reached its registration limit.")
	}
	if receiver != "" {
		scene := 29
		if intl {
			scene = 0
		}
		if code := s.checkCode(codeKey{scene: scene, receiver: receiver}, deref(req.VerificationCode),
			"CBC.99004008", "CBC.99004010", "CBC.99004009"); code != "" {
			return apiError(http.StatusBadRequest, code, codeMessages[code])
		}
	}
	id := s.hexID()
	if name == "" {
		name = "u" + s.hexID()[1:] // a letter first, as login names need
	}
	now := s.now().UTC().Truncate(time.Second)
	cust := &fakeCustomer{
		Customer: Customer{ID: id, AccountName: name, Owner: owner, AssociationType: AssociationFunded,
			XAccountID: req.XAccountID, XAccountType: req.XAccountType},
		associatedAt: now.Add(cs.rules.AssociationDelay),
		creator:      c.account.DomainID,
	}
	if intl {
		cust.AssociationType, cust.FreezeType, cust.Email = AssociationResale, freezeAccount, receiver
	} else if receiver != "" {
		cust.Telephone, cust.CountryCode = receiver, "0086"
		cs.mobileRegs[receiver]++
	}
	cs.byID[id] = cust
	cs.order = append(cs.order, id)
	s.funds().balances[id] = 0
	body := map[string]string{"domain_id": id, "domain_name": name}
	if req.IncludeResult != nil && *req.IncludeResult {
		if cs.rules.AssociationDelay > cs.rules.AssociationWait {
			body["error_code"] = "CBC.99000050"
			body["error_msg"] = "Timed out querying the association result between the partner and the customer."
			return response{status: http.StatusInternalServerError, body: body}
		}
		cust.associatedAt = now
	}
	return ok(body)
}

func validPassword(pw, name, receiver string) bool {
	if n := utf8.RuneCountInString(pw); n < 8 || n > 32 {
		return false
	}
	kinds := map[int]bool{}
	for _, r := range pw {
		switch {
		case unicode.IsUpper(r):
			kinds[0] = true
		case unicode.IsLower(r):
			kinds[1] = true
		case unicode.IsDigit(r):
			kinds[2] = true
		default:
			kinds[3] = true
		}
	}
	rev := []rune(name)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return len(kinds) >= 2 && (name == "" || (pw != name && pw != string(rev))) &&
		(receiver == "" || !strings.Contains(pw, receiver))
}

// customerBalances is ListCustomersBalancesDetail (api.md §10.5): one
// entry per requested partner-funded customer in scope, in request order;
// others are left out.
func (s *Server) customerBalances(c *call) response {
	var req struct {
		Customers *[]struct {
			ID *string `json:"customer_id"`
		} `json:"customer_infos"`
		ResellerID *string `json:"indirect_partner_id"`
	}
	if fail := c.decode(&req); fail != nil {
		return *fail
	}
	if req.Customers == nil || len(*req.Customers) < 1 || len(*req.Customers) > 100 {
		return badParam("customer_infos", "must have 1 to 100 entries")
	}
	owner, fail := s.scope(c, deref(req.ResellerID))
	if fail != nil {
		return *fail
	}
	type wireBalance struct {
		CustomerID string      `json:"customer_id"`
		Amount     jsonDecimal `json:"amount"`
		DebtAmount jsonDecimal `json:"debt_amount"`
		Currency   string      `json:"currency"`
		MeasureID  int         `json:"measure_id"`
	}
	out := []wireBalance{}
	seen := map[string]bool{}
	for i, ref := range *req.Customers {
		id := deref(ref.ID)
		if id == "" || len([]rune(id)) > 64 {
			return badParam(fmt.Sprintf("customer_infos[%d].customer_id", i), "is required, at most 64 characters")
		}
		cust := s.customerOf(owner, id)
		if cust == nil || cust.AssociationType != AssociationFunded {
			if s.state.customers.rules.StrictBalances {
				return apiError(http.StatusOK, "CBC.5002", "The partner's customer does not exist.")
			}
			continue
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, wireBalance{CustomerID: id, Amount: jsonDecimal(s.funds().balances[id]),
			DebtAmount: jsonDecimal(cust.debt), Currency: "CNY", MeasureID: 1})
	}
	return ok(map[string]any{"customer_balances": out})
}

// customerMove decodes and checks a customer transfer or reclaim in the
// documented order: parameters, reseller, customer, association type.
func (s *Server) customerMove(c *call) (payer string, cust *fakeCustomer, amount cents, fail *response) {
	var req struct {
		CustomerID *string         `json:"customer_id"`
		Amount     json.RawMessage `json:"amount"`
		ResellerID *string         `json:"indirect_partner_id"`
	}
	if fail := c.decode(&req); fail != nil {
		return "", nil, 0, fail
	}
	id := deref(req.CustomerID)
	bad := func(field, problem string) (string, *fakeCustomer, cents, *response) {
		r := badParam(field, problem)
		return "", nil, 0, &r
	}
	switch {
	case id == "" || len([]rune(id)) > 64:
		return bad("customer_id", "is required, at most 64 characters")
	case len(req.Amount) == 0 || string(req.Amount) == "null":
		return bad("amount", "is required")
	}
	amount, err := parseRequestAmount(req.Amount)
	if err != nil {
		return bad("amount", err.Error())
	}
	payer, fail = s.scope(c, deref(req.ResellerID))
	if fail != nil {
		return "", nil, 0, fail
	}
	if cust = s.customerOf(payer, id); cust == nil {
		r := notSubCustomer()
		return "", nil, 0, &r
	}
	if cust.AssociationType != AssociationFunded {
		code := s.state.customers.rules.NotFundableCode
		if code == "" {
			code = "CBC.99007004"
		}
		r := apiError(http.StatusBadRequest, code, "Funds cannot be allocated to or reclaimed from a customer that is not partner-funded.")
		return "", nil, 0, &r
	}
	return payer, cust, amount, nil
}

func customerName(c *fakeCustomer) string {
	if c.RealName != "" {
		return c.RealName
	}
	return c.AccountName
}

// customerTransfer is UpdateCustomerAccountAmount (api.md §10.6): from the
// caller's (or the reseller's) allocatable balance to the customer's.
func (s *Server) customerTransfer(c *call) response {
	payer, cust, amount, fail := s.customerMove(c)
	if fail != nil {
		return *fail
	}
	f := s.funds()
	if f.balances[payer]-s.state.customers.designated[payer] < amount {
		return apiError(http.StatusBadRequest, "CBC.99005003", "Insufficient balance.")
	}
	f.balances[payer] -= amount
	f.balances[cust.ID] += amount
	cust.funded = true
	tid := s.nextID("AD")
	now := s.now().UTC().Truncate(time.Second)
	f.records = append(f.records, adjustRecord{owner: payer, transID: tid, customerID: cust.ID, customerName: customerName(cust),
		opType: opTypeTransfer, amount: amount, at: now})
	s.addLedger(payer, opTypeTransfer, "BEADJUST", tid, amount, false, cust.ID, cust.AccountName)
	return ok(map[string]string{"transfer_id": tid})
}

// customerReclaim is ReclaimToPartnerAccount (api.md §10.7): from the
// customer's allocated, unspent balance back to the caller (or reseller).
func (s *Server) customerReclaim(c *call) response {
	payer, cust, amount, fail := s.customerMove(c)
	if fail != nil {
		return *fail
	}
	f := s.funds()
	switch {
	case !cust.funded:
		return apiError(http.StatusBadRequest, "CBC.99000047", "The sub-customer has no allocation account with a reclaimable amount.")
	case f.balances[cust.ID] < amount:
		return apiError(http.StatusBadRequest, "CBC.99005003", "Insufficient balance.")
	}
	f.balances[cust.ID] -= amount
	f.balances[payer] += amount
	tid := s.nextID("RE")
	now := s.now().UTC().Truncate(time.Second)
	f.records = append(f.records, adjustRecord{owner: payer, transID: tid, customerID: cust.ID, customerName: customerName(cust),
		opType: opTypeReclaim, amount: amount, at: now})
	s.addLedger(payer, opTypeReclaim, "BERETRIEVE", tid, amount, true, cust.ID, cust.AccountName)
	return ok(map[string]string{"trans_id": tid})
}

// addLedger records a movement of holder's balance, after it happened;
// callers hold s.mu.
func (s *Server) addLedger(holder, detail, trade, tradeID string, amount cents, income bool, customer, account string) {
	cs := &s.state.customers
	cs.ledger = append(cs.ledger, ledgerEntry{holder: holder, id: s.nextID("AC"), detail: detail, trade: trade, tradeID: tradeID,
		amount: amount, after: s.funds().balances[holder], income: income, customer: customer, account: account,
		at: s.now().UTC().Truncate(time.Second)})
}

var tradeTypes = map[string]bool{
	"RECHARGE": true, "DEDEUCT": true, "REFUND": true, "RFROZEN": true, "TRANS": true, "ADJUST": true,
	"BEADJUST": true, "BERETRIEVE": true, "BEUNBIND": true, "BONUSCONVERT": true, "TRADE_MODE_TRANSFER": true,
}

// accountChanges is ListPartnerAccountChangeRecords (api.md §10.8), newest
// first. The fake keeps the cash account only: the credit account has no
// changes. Dates are UTC+8.
func (s *Server) accountChanges(c *call) response {
	q, fail := c.queryParams("balance_type", "trade_type", "trade_time_begin", "trade_time_end", "offset", "limit", "indirect_partner_id")
	if fail != nil {
		return *fail
	}
	switch q["balance_type"] {
	case "BALANCE_TYPE_DEBIT", "BALANCE_TYPE_CREDIT":
	default:
		return badParam("balance_type", "must be BALANCE_TYPE_DEBIT or BALANCE_TYPE_CREDIT")
	}
	if t := q["trade_type"]; t != "" && !tradeTypes[t] {
		return badParam("trade_type", "is not a known trade type")
	}
	cst := time.FixedZone("UTC+8", 8*60*60)
	today := s.now().In(cst)
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, cst) }
	from, to := day(today.AddDate(-1, 0, 0)), day(today)
	for field, dst := range map[string]*time.Time{"trade_time_begin": &from, "trade_time_end": &to} {
		if v := q[field]; v != "" {
			t, err := time.ParseInLocation("2006-01-02", v, cst)
			if err != nil {
				return badParam(field, "must be a date like 2024-03-01 (UTC+8)")
			}
			*dst = t
		}
	}
	offset, limit, fail := queryPaging(q, math.MaxInt32)
	if fail != nil {
		return *fail
	}
	holder, fail := s.scope(c, q["indirect_partner_id"])
	if fail != nil {
		return *fail
	}
	type wireChange struct {
		ID           string `json:"account_change_id"`
		DetailType   string `json:"trade_detail_type"`
		TradeTime    string `json:"trade_time"`
		TradeID      string `json:"trade_id"`
		ChangeAmount string `json:"change_amount"`
		BalanceAfter string `json:"balance_after_change"`
		Type         string `json:"type"`
		CustomerID   string `json:"customer_id,omitempty"`
		AccountName  string `json:"account_name,omitempty"`
	}
	match := []wireChange{}
	ledger := s.state.customers.ledger
	for i := len(ledger) - 1; i >= 0 && q["balance_type"] == "BALANCE_TYPE_DEBIT"; i-- {
		e := ledger[i]
		d := day(e.at.In(cst))
		if e.holder != holder || (q["trade_type"] != "" && e.trade != q["trade_type"]) || d.Before(from) || d.After(to) {
			continue
		}
		typ := "2"
		if e.income {
			typ = "1"
		}
		match = append(match, wireChange{ID: e.id, DetailType: e.detail, TradeTime: e.at.Format(timeLayout), TradeID: e.tradeID,
			ChangeAmount: e.amount.jsonString(), BalanceAfter: e.after.jsonString(), Type: typ,
			CustomerID: e.customer, AccountName: e.account})
	}
	return ok(struct {
		TotalCount int          `json:"total_count"`
		Currency   string       `json:"currency"`
		Records    []wireChange `json:"records"`
	}{len(match), "CNY", window(match, offset, limit)})
}

// Budgets and freezing (api.md §10.9–§10.13), for resale customers.

const (
	freezeAccount            = "ACCOUNT"
	freezeAccountAndResource = "ACCOUNT_AND_RESOURCE"
)

// resaleCustomer returns the caller's (or reseller's) resale customer.
func (s *Server) resaleCustomer(owner, id string) *fakeCustomer {
	cust := s.customerOf(owner, id)
	if cust == nil || cust.AssociationType != AssociationResale {
		return nil
	}
	return cust
}

func budgetAmount(raw json.RawMessage) (cents, error) {
	a, err := parseRequestAmount(raw)
	if err != nil {
		return 0, err
	}
	if a > math.MaxInt32*100 {
		return 0, errors.New("must be at most 2147483647")
	}
	return a, nil
}

func (s *Server) showBudget(c *call) response {
	q, fail := c.queryParams("customer_id", "indirect_partner_id")
	if fail != nil {
		return *fail
	}
	if r := rnRequired("customer_id", q["customer_id"], 64); r != nil {
		return *r
	}
	owner, fail := s.scope(c, q["indirect_partner_id"])
	if fail != nil {
		return *fail
	}
	cust := s.resaleCustomer(owner, q["customer_id"])
	if cust == nil {
		return notSubCustomer()
	}
	b := cust.budget
	if b == nil {
		b = &fakeBudget{typ: "MONTHLY"}
	}
	return ok(map[string]any{"budget_amount": jsonDecimal(b.amount), "used_amount": jsonDecimal(0),
		"measure_id": 1, "currency": "USD", "budget_type": b.typ})
}

func (s *Server) updateBudget(c *call) response {
	var req struct {
		CustomerID  string          `json:"customer_id"`
		Amount      json.RawMessage `json:"budget_amount"`
		Cancel      *string         `json:"cancel_partner_frozen"`
		ResellerID  *string         `json:"indirect_partner_id"`
		BudgetType  *string         `json:"budget_type"`
		FreezeModes *int            `json:"frozen_operate_type"`
	}
	if fail := c.decode(&req); fail != nil {
		return *fail
	}
	if r := rnRequired("customer_id", req.CustomerID, 64); r != nil {
		return *r
	}
	amount, err := budgetAmount(req.Amount)
	if err != nil {
		return badParam("budget_amount", err.Error())
	}
	switch deref(req.Cancel) {
	case "", "0", "1":
	default:
		return badParam("cancel_partner_frozen", `must be "0" or "1"`)
	}
	typ := "MONTHLY"
	if req.BudgetType != nil {
		if typ = *req.BudgetType; typ != "MONTHLY" && typ != "PACKAGE" {
			return badParam("budget_type", "must be MONTHLY or PACKAGE")
		}
	}
	if req.FreezeModes != nil && *req.FreezeModes != 0 && *req.FreezeModes != 1 {
		return badParam("frozen_operate_type", "must be 0 or 1")
	}
	owner, fail := s.scope(c, deref(req.ResellerID))
	if fail != nil {
		return *fail
	}
	cust := s.resaleCustomer(owner, req.CustomerID)
	if cust == nil {
		return notSubCustomer()
	}
	if cust.budget == nil {
		cust.budget = &fakeBudget{}
	}
	cust.budget.amount, cust.budget.typ = amount, typ
	if req.FreezeModes != nil {
		cust.budget.freezeMode = *req.FreezeModes
	}
	if deref(req.Cancel) == "1" {
		cust.FreezeType = ""
	}
	s.state.customers.budgetRecs = append(s.state.customers.budgetRecs, budgetRecord{customer: cust.ID, amount: amount,
		opType: "SETTING", typ: typ, at: s.now().UTC().Truncate(time.Second), operator: c.account.Name})
	return ok(map[string]any{})
}

func (s *Server) listBudgets(c *call) response {
	var req struct {
		CustomerIDs []string `json:"customer_ids"`
		ResellerID  *string  `json:"indirect_partner_id"`
	}
	if fail := c.decode(&req); fail != nil {
		return *fail
	}
	if len(req.CustomerIDs) < 1 || len(req.CustomerIDs) > 100 {
		return badParam("customer_ids", "must have 1 to 100 entries")
	}
	owner, fail := s.scope(c, deref(req.ResellerID))
	if fail != nil {
		return *fail
	}
	type wireBudget struct {
		CustomerID string      `json:"customer_id"`
		Amount     jsonDecimal `json:"budget_amount"`
		Used       jsonDecimal `json:"used_amount"`
		Type       string      `json:"budget_type"`
	}
	out := []wireBudget{}
	for _, id := range req.CustomerIDs {
		if cust := s.resaleCustomer(owner, id); cust != nil && cust.budget != nil {
			out = append(out, wireBudget{CustomerID: id, Amount: jsonDecimal(cust.budget.amount), Type: cust.budget.typ})
		}
	}
	return ok(map[string]any{"measure_id": 1, "currency": "USD", "budget_infos": out})
}

func (s *Server) budgetRecords(c *call) response {
	q, fail := c.queryParams("customer_id", "indirect_partner_id", "operation_type", "budget_type", "offset", "limit")
	if fail != nil {
		return *fail
	}
	if r := rnRequired("customer_id", q["customer_id"], 64); r != nil {
		return *r
	}
	for field, allowed := range map[string][]string{"operation_type": {"SETTING", "DELETE"}, "budget_type": {"MONTHLY", "PACKAGE"}} {
		if v, sent := c.query[field]; sent && !oneOfString(v[0], allowed...) {
			return badParam(field, "must be "+strings.Join(allowed, " or "))
		}
	}
	offset, limit, fail := queryPaging(q, math.MaxInt32)
	if fail != nil {
		return *fail
	}
	owner, fail := s.scope(c, q["indirect_partner_id"])
	if fail != nil {
		return *fail
	}
	if s.resaleCustomer(owner, q["customer_id"]) == nil {
		return notSubCustomer()
	}
	type wireRecord struct {
		Amount      jsonDecimal `json:"budget_amount"`
		OpType      string      `json:"operation_type"`
		Time        string      `json:"operation_time"`
		Operator    string      `json:"operator"`
		Type        string      `json:"budget_type"`
		CorpName    string      `json:"partner_corp_name"`
		AccountName string      `json:"partner_account_name"`
	}
	match := []wireRecord{}
	recs := s.state.customers.budgetRecs
	for i := len(recs) - 1; i >= 0; i-- {
		r := recs[i]
		if r.customer != q["customer_id"] || (q["operation_type"] != "" && r.opType != q["operation_type"]) ||
			(q["budget_type"] != "" && r.typ != q["budget_type"]) {
			continue
		}
		match = append(match, wireRecord{Amount: jsonDecimal(r.amount), OpType: r.opType, Time: r.at.Format(timeLayout),
			Operator: r.operator, Type: r.typ, CorpName: r.operator, AccountName: r.operator})
	}
	return ok(map[string]any{"total_count": len(match), "measure_id": 1, "currency": "USD", "record_list": window(match, offset, limit)})
}

func oneOfString(v string, set ...string) bool {
	for _, x := range set {
		if v == x {
			return true
		}
	}
	return false
}

func (s *Server) freezeCustomers(c *call) response   { return s.freezeOrUnfreeze(c, true) }
func (s *Server) unfreezeCustomers(c *call) response { return s.freezeOrUnfreeze(c, false) }

// freezeOrUnfreeze is FreezeSubCustomers / UnfreezeSubCustomers: per
// customer results, failures in error_details with HTTP 200. Unfreezing
// must name the type the account was frozen with (CBC.99007004 otherwise,
// the fake's choice).
func (s *Server) freezeOrUnfreeze(c *call, freeze bool) response {
	var req struct {
		CustomerIDs  []string `json:"customer_ids"`
		Reason       *string  `json:"reason"`
		ResellerID   *string  `json:"indirect_partner_id"`
		FreezeType   *string  `json:"freeze_type"`
		UnfreezeType *string  `json:"unfreeze_type"`
	}
	if fail := c.decode(&req); fail != nil {
		return *fail
	}
	typ, field, other := req.FreezeType, "freeze_type", req.UnfreezeType
	if !freeze {
		typ, field, other = req.UnfreezeType, "unfreeze_type", req.FreezeType
	}
	if other != nil {
		return badParam("body", "has a field of the other operation")
	}
	if len(req.CustomerIDs) < 1 || len(req.CustomerIDs) > 10 {
		return badParam("customer_ids", "must have 1 to 10 entries")
	}
	if r := rnRequired("reason", deref(req.Reason), 256); r != nil {
		return *r
	}
	kind := freezeAccount
	if typ != nil {
		if kind = *typ; kind != freezeAccount && kind != freezeAccountAndResource {
			return badParam(field, "must be ACCOUNT or ACCOUNT_AND_RESOURCE")
		}
	}
	owner, fail := s.scope(c, deref(req.ResellerID))
	if fail != nil {
		return *fail
	}
	type itemError struct {
		ID   string `json:"id"`
		Code string `json:"error_code"`
		Msg  string `json:"error_msg"`
	}
	var errs []itemError
	for _, id := range req.CustomerIDs {
		cust := s.resaleCustomer(owner, id)
		switch {
		case cust == nil:
			errs = append(errs, itemError{id, "CBC.99000035", "The customer is not a resale sub-customer of the partner."})
		case freeze:
			cust.FreezeType = kind
		case cust.FreezeType != kind:
			errs = append(errs, itemError{id, "CBC.99007004", "The unfreeze type does not match the account's freeze type."})
		default:
			cust.FreezeType = ""
		}
	}
	if len(errs) == 0 {
		return ok(map[string]any{})
	}
	return ok(map[string]any{"error_details": errs})
}

// Demo customers (SeedDemo). DemoCustomerID and the other demo-customer-
// ids are the distributor's own partner-funded customers, unauthenticated.
const (
	// DemoBankCardCustomerID is a partner-funded customer of the default
	// distributor for the bank-card real-name flow.
	DemoBankCardCustomerID = "demo-customer-0002"
	// DemoReferralCustomerID is a referral (顾问销售) customer of the default
	// distributor: it cannot be funded.
	DemoReferralCustomerID = "3d4e5f60718293a4b5c6d7e8f90a1b23"
	// DemoResaleCustomerID is a resale (转售) customer of the default
	// distributor, for budgets and freezing.
	DemoResaleCustomerID = "4e5f60718293a4b5c6d7e8f90a1b2c34"
	// DemoResellerCustomerID is a partner-funded customer of DemoReseller1
	// with 300.00.
	DemoResellerCustomerID = "5f60718293a4b5c6d7e8f90a1b2c3d45"
	// DemoResellerReferralID is a referral customer of DemoReseller1.
	DemoResellerReferralID = "60718293a4b5c6d7e8f90a1b2c3d4e56"
	// DemoReseller2CustomerID is a partner-funded customer of DemoReseller2.
	DemoReseller2CustomerID = "718293a4b5c6d7e8f90a1b2c3d4e5f67"
	// DemoForeignCustomerID belongs to another distributor.
	DemoForeignCustomerID = "f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1"
	// DemoCustomerMobile is the phone number of DemoBankCardCustomerID.
	DemoCustomerMobile = "13800000021"
)

// seedCustomersDemo runs with s.mu held, after seedFundsDemo.
func (s *Server) seedCustomersDemo() {
	at := func(day int) time.Time { return time.Date(2024, time.April, day, 9, 0, 0, 0, time.UTC) }
	demo := []Customer{
		{ID: DemoCustomerID, AccountName: "zhao-studio", AssociatedOn: at(1), Label: "retail", Level: "V1", Allocation: true},
		{ID: DemoBankCardCustomerID, AccountName: "qian-design", AssociatedOn: at(2), Label: "retail",
			Telephone: DemoCustomerMobile, CountryCode: "0086", Email: "qian@design.example", Level: "V1"},
		{ID: "demo-customer-0003", AccountName: "sun-labs", AssociatedOn: at(3), Label: "enterprise", Level: "V2", Balance: Yuan(120)},
		{ID: DemoReferralCustomerID, AccountName: "li-consulting", AssociationType: AssociationReferral, AssociatedOn: at(4), Label: "referral"},
		{ID: DemoResaleCustomerID, AccountName: "zhou-global", AssociationType: AssociationResale, AssociatedOn: at(5),
			Label: "international", FreezeType: freezeAccount},
		{ID: DemoResellerCustomerID, AccountName: "acme-shop-01", Owner: DemoReseller1, AssociatedOn: at(6), Label: "acme", Balance: Yuan(300)},
		{ID: DemoResellerReferralID, AccountName: "acme-shop-02", Owner: DemoReseller1, AssociationType: AssociationReferral, AssociatedOn: at(7), Label: "acme"},
		{ID: DemoReseller2CustomerID, AccountName: "bluesky-app", Owner: DemoReseller2, AssociatedOn: at(8), Label: "bluesky", Balance: Yuan(50)},
		{ID: DemoForeignCustomerID, AccountName: "other-customer", Owner: "00000000000000000000000000000000", AssociatedOn: at(9)},
	}
	for _, c := range demo {
		if _, exists := s.state.customers.byID[c.ID]; !exists {
			_, _ = s.seedCustomer(c) // fixed, valid data
		}
	}
}
