package hwpartnertest

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"
)

// IndirectPartner is a reseller (an indirect partner, as the API calls
// it) of a distributor, for SeedReseller.
type IndirectPartner struct {
	ID                 string `json:"id"`
	Name               string `json:"name,omitempty"`
	AccountName        string `json:"account_name,omitempty"`
	MobilePhone        string `json:"mobile_phone,omitempty"`
	Email              string `json:"email,omitempty"`
	AccountManagerID   string `json:"account_manager_id,omitempty"`
	AccountManagerName string `json:"account_manager_name,omitempty"`
	// AssociatedOn is when it was associated; zero means the server clock
	// at seeding.
	AssociatedOn time.Time `json:"associated_on,omitzero"`
	// DistributorID is the domain id of its distributor; "" means the
	// default distributor.
	DistributorID string `json:"distributor_id,omitempty"`
	// Balance is its cash balance when seeding.
	Balance Amount `json:"balance,omitzero"`
}

// AdjustRecord is a transfer or reclaim as the server recorded it.
type AdjustRecord struct {
	// DistributorID is the domain id of the distributor that made it; ""
	// means the default distributor (SeedAdjustRecord).
	DistributorID string `json:"distributor_id,omitempty"`
	// TransID is the transaction id, returned as transfer_id or trans_id.
	TransID      string `json:"trans_id,omitempty"`
	CustomerID   string `json:"customer_id"`
	CustomerName string `json:"customer_name,omitempty"`
	// OperationType is SOURCE_OPERATION_BEADJUST (transfer),
	// SOURCE_OPERATION_BERETRIEVE (reclaim) or SOURCE_OPERATION_BEUNBIND.
	OperationType string `json:"operation_type"`
	// Amount is greater than 0.
	Amount        Amount    `json:"amount"`
	OperationTime time.Time `json:"operation_time,omitzero"`
}

// Operation types of adjust records.
const (
	opTypeTransfer = "SOURCE_OPERATION_BEADJUST"
	opTypeReclaim  = "SOURCE_OPERATION_BERETRIEVE"
	opTypeUnbind   = "SOURCE_OPERATION_BEUNBIND"
)

// fundsState is the resellers, balances and adjust records. Balances are
// keyed by a reseller id or a partner's domain id.
type fundsState struct {
	resellers map[string]*IndirectPartner
	order     []string            // seeding order, the order of listings
	byOwner   map[string][]string // distributor → its resellers, in order
	balances  map[string]cents
	records   []adjustRecord // oldest first
}

type adjustRecord struct {
	owner        string // the distributor's domain id
	transID      string
	customerID   string
	customerName string
	opType       string
	amount       cents
	at           time.Time
}

// funds returns the state, ready for writing; callers hold s.mu.
func (s *Server) funds() *fundsState {
	f := &s.state.funds
	if f.resellers == nil {
		f.resellers = map[string]*IndirectPartner{}
		f.balances = map[string]cents{}
		f.byOwner = map[string][]string{}
	}
	return f
}

// resellerOf returns the reseller id of distributor, or nil when there is
// none or it belongs to another distributor.
func (f *fundsState) resellerOf(distributor, id string) *IndirectPartner {
	r := f.resellers[id]
	if r == nil || r.DistributorID != distributor {
		return nil
	}
	return r
}

func (s *Server) registerFunds() {
	s.handle(&route{op: "ListIndirectPartners", method: http.MethodPost, path: "/v2/partners/indirect-partners/query",
		allowed: distributorOnly, handle: s.listIndirectPartners})
	s.handle(&route{op: "ListPartnerBalances", method: http.MethodGet, path: "/v2/accounts/partner-accounts/balances",
		allowed: partners, handle: s.listPartnerBalances})
	s.handle(&route{op: "UpdateIndirectPartnerAccount", method: http.MethodPost, path: "/v2/accounts/partner-accounts/indirect-partner-adjust",
		allowed: distributorOnly, handle: s.transfer})
	s.handle(&route{op: "ReclaimIndirectPartnerAccount", method: http.MethodPost, path: "/v2/accounts/partner-accounts/indirect-partner-reclaim",
		allowed: distributorOnly, handle: s.reclaim})
	s.handle(&route{op: "ListPartnerAdjustRecords", method: http.MethodGet, path: "/v3/accounts/partner-accounts/adjust-records",
		allowed: partners, handle: s.listAdjustRecords})
}

func notYourReseller() response {
	return apiError(http.StatusBadRequest, "CBC.99000037", "You do not have permission to operate this reseller.")
}

// listIndirectPartners is ListIndirectPartners (api.md §2.1). account_name
// matches exactly; the association window includes both ends.
func (s *Server) listIndirectPartners(c *call) response {
	var req struct {
		AccountName *string `json:"account_name"`
		Begin       *string `json:"associated_on_begin"`
		End         *string `json:"associated_on_end"`
		ID          *string `json:"indirect_partner_id"`
		Offset      *int    `json:"offset"`
		Limit       *int    `json:"limit"`
	}
	if fail := c.decode(&req); fail != nil {
		return *fail
	}
	name, id := deref(req.AccountName), deref(req.ID)
	if len([]rune(name)) > 64 {
		return badParam("account_name", "must be at most 64 characters")
	}
	if len([]rune(id)) > 64 {
		return badParam("indirect_partner_id", "must be at most 64 characters")
	}
	begin, fail := parseTimeParam("associated_on_begin", deref(req.Begin))
	if fail != nil {
		return *fail
	}
	end, fail := parseTimeParam("associated_on_end", deref(req.End))
	if fail != nil {
		return *fail
	}
	offset, limit, fail := paging(req.Offset, req.Limit, 40_000_000)
	if fail != nil {
		return *fail
	}
	type wireReseller struct {
		ID                 string `json:"indirect_partner_id"`
		MobilePhone        string `json:"mobile_phone"`
		Email              string `json:"email"`
		AccountName        string `json:"account_name"`
		Name               string `json:"name"`
		AssociatedOn       string `json:"associated_on"`
		AccountManagerID   string `json:"account_manager_id"`
		AccountManagerName string `json:"account_manager_name"`
	}
	// The matches are ids; only the page is built, so paging through
	// many resellers stays linear.
	f := s.funds()
	match := f.byOwner[c.account.DomainID]
	if id != "" {
		match = nil
		if f.resellerOf(c.account.DomainID, id) != nil {
			match = []string{id}
		}
	}
	if name != "" || !begin.IsZero() || !end.IsZero() {
		var kept []string
		for _, rid := range match {
			r := f.resellers[rid]
			if (name == "" || r.AccountName == name) &&
				(begin.IsZero() || !r.AssociatedOn.Before(begin)) && (end.IsZero() || !r.AssociatedOn.After(end)) {
				kept = append(kept, rid)
			}
		}
		match = kept
	}
	page := []wireReseller{}
	for _, rid := range window(match, offset, limit) {
		r := f.resellers[rid]
		page = append(page, wireReseller{
			ID: r.ID, MobilePhone: r.MobilePhone, Email: r.Email, AccountName: r.AccountName, Name: r.Name,
			AssociatedOn: r.AssociatedOn.UTC().Format(timeLayout), AccountManagerID: r.AccountManagerID,
			AccountManagerName: r.AccountManagerName,
		})
	}
	return ok(struct {
		Count    int            `json:"count"`
		Partners []wireReseller `json:"indirect_partners"`
	}{len(match), page})
}

// listPartnerBalances is ListPartnerBalances (api.md §3.1). As documented,
// indirect_partner_id is only read for distributors; others get their own
// accounts.
func (s *Server) listPartnerBalances(c *call) response {
	q, fail := c.queryParams("indirect_partner_id")
	if fail != nil {
		return *fail
	}
	id := q["indirect_partner_id"]
	if len([]rune(id)) > 64 {
		return badParam("indirect_partner_id", "must be at most 64 characters")
	}
	f := s.funds()
	holder := c.account.DomainID
	if id != "" && c.account.Kind == Distributor {
		if f.resellerOf(c.account.DomainID, id) == nil {
			return notYourReseller()
		}
		holder = id
	}
	type wireBalance struct {
		AccountID        string      `json:"account_id"`
		AccountType      int         `json:"account_type"`
		Amount           jsonDecimal `json:"amount"`
		Currency         string      `json:"currency"`
		MeasureID        int         `json:"measure_id"`
		DesignatedAmount jsonDecimal `json:"designated_amount"`
	}
	return ok(map[string][]wireBalance{"account_balances": {{
		AccountID: "acct-" + holder, AccountType: 1, Amount: jsonDecimal(f.balances[holder]),
		Currency: "CNY", MeasureID: 1, DesignatedAmount: jsonDecimal(s.state.customers.designated[holder]),
	}}})
}

// jsonDecimal encodes cents as a bare JSON number, as the API documents
// balances (Double).
type jsonDecimal cents

func (d jsonDecimal) MarshalJSON() ([]byte, error) { return []byte(cents(d).jsonNumber()), nil }

// moveRequest decodes the body of a transfer or reclaim.
func (c *call) moveRequest() (id string, amount cents, fail *response) {
	var req struct {
		ID     *string         `json:"indirect_partner_id"`
		Amount json.RawMessage `json:"amount"`
	}
	if fail := c.decode(&req); fail != nil {
		return "", 0, fail
	}
	id = deref(req.ID)
	switch {
	case id == "":
		r := badParam("indirect_partner_id", "is required")
		return "", 0, &r
	case len([]rune(id)) > 64:
		r := badParam("indirect_partner_id", "must be at most 64 characters")
		return "", 0, &r
	case len(req.Amount) == 0 || string(req.Amount) == "null":
		r := badParam("amount", "is required")
		return "", 0, &r
	}
	amount, err := parseRequestAmount(req.Amount)
	if err != nil {
		r := badParam("amount", err.Error())
		return "", 0, &r
	}
	return id, amount, nil
}

// transfer is UpdateIndirectPartnerAccount (api.md §3.2): from the
// distributor's cash balance to the reseller's.
func (s *Server) transfer(c *call) response { return s.move(c, opTypeTransfer) }

// reclaim is ReclaimIndirectPartnerAccount (api.md §3.3): from the
// reseller's cash balance back to the distributor's.
func (s *Server) reclaim(c *call) response { return s.move(c, opTypeReclaim) }

// move carries a transfer or reclaim out in full or not at all; callers
// hold s.mu.
func (s *Server) move(c *call, opType string) response {
	id, amount, fail := c.moveRequest()
	if fail != nil {
		return *fail
	}
	f := s.funds()
	r := f.resellerOf(c.account.DomainID, id)
	if r == nil {
		return notYourReseller()
	}
	from, to, prefix, idKey := c.account.DomainID, id, "AD", "transfer_id"
	if opType == opTypeReclaim {
		from, to, prefix, idKey = id, c.account.DomainID, "RE", "trans_id"
	}
	if f.balances[from] < amount {
		return apiError(http.StatusBadRequest, "CBC.99005003", "Insufficient balance.")
	}
	f.balances[from] -= amount
	f.balances[to] += amount
	tid := s.nextID(prefix)
	f.records = append(f.records, adjustRecord{
		owner: c.account.DomainID, transID: tid, customerID: r.ID, customerName: r.Name,
		opType: opType, amount: amount, at: s.now().UTC().Truncate(time.Second),
	})
	trade := "BEADJUST"
	if opType == opTypeReclaim {
		trade = "BERETRIEVE"
	}
	s.addLedger(from, opType, trade, tid, amount, false, r.ID, r.AccountName)
	s.addLedger(to, opType, trade, tid, amount, true, "", "")
	return ok(map[string]string{idKey: tid})
}

// listAdjustRecords is ListPartnerAdjustRecords (api.md §3.4), newest
// first.
func (s *Server) listAdjustRecords(c *call) response {
	q, fail := c.queryParams("customer_id", "operation_type", "operation_time_begin", "operation_time_end",
		"trans_id", "offset", "limit", "indirect_partner_id")
	if fail != nil {
		return *fail
	}
	for field, max := range map[string]int{"customer_id": 64, "operation_type": 64, "trans_id": 128, "indirect_partner_id": 64} {
		if len([]rune(q[field])) > max {
			return badParam(field, fmt.Sprintf("must be at most %d characters", max))
		}
	}
	switch q["operation_type"] {
	case "", opTypeTransfer, opTypeReclaim, opTypeUnbind:
	default:
		return badParam("operation_type", "is not a known operation type")
	}
	begin, fail := parseTimeParam("operation_time_begin", q["operation_time_begin"])
	if fail != nil {
		return *fail
	}
	end, fail := parseTimeParam("operation_time_end", q["operation_time_end"])
	if fail != nil {
		return *fail
	}
	offset, limit, fail := queryPaging(q, math.MaxInt32)
	if fail != nil {
		return *fail
	}
	type wireRecord struct {
		CustomerID    string `json:"customer_id"`
		CustomerName  string `json:"customer_name"`
		OperationType string `json:"operation_type"`
		Amount        string `json:"amount"`
		Currency      string `json:"currency"`
		OperationTime string `json:"operation_time"`
		MeasureID     int    `json:"measure_id"`
		TransID       string `json:"trans_id"`
	}
	match := []wireRecord{}
	f := s.funds()
	// With indirect_partner_id a distributor reads its reseller's records
	// with the reseller's customers; for a reseller not its own the API
	// answers with no records.
	owner := c.account.DomainID
	if rid := q["indirect_partner_id"]; rid != "" {
		owner = ""
		if c.account.Kind == Distributor && f.resellerOf(c.account.DomainID, rid) != nil {
			owner = rid
		}
	}
	for i := len(f.records) - 1; i >= 0 && owner != ""; i-- {
		r := f.records[i]
		switch {
		case r.owner != owner,
			q["customer_id"] != "" && r.customerID != q["customer_id"],
			q["operation_type"] != "" && r.opType != q["operation_type"],
			q["trans_id"] != "" && r.transID != q["trans_id"],
			!begin.IsZero() && r.at.Before(begin),
			!end.IsZero() && r.at.After(end):
			continue
		}
		match = append(match, wireRecord{
			CustomerID: r.customerID, CustomerName: r.customerName, OperationType: r.opType,
			Amount: r.amount.jsonString(), Currency: "CNY", OperationTime: r.at.UTC().Format(timeLayout),
			MeasureID: 1, TransID: r.transID,
		})
	}
	return ok(struct {
		TotalCount int          `json:"total_count"`
		Records    []wireRecord `json:"records"`
	}{len(match), window(match, offset, limit)})
}

// SeedReseller adds a reseller. Its id must be new.
//
// The reseller and fund operations model: resellers bound to one
// distributor (another distributor's, or an unknown id, is CBC.99000037);
// one cash balance per reseller and per partner, in exact cents; transfers
// and reclaims that move money atomically or fail with CBC.99005003;
// adjust records, newest first, with trans_id equal to the transfer_id or
// trans_id answered (the API leaves that equivalence unconfirmed);
// CBC.0100 naming the field for bad input, unknown body fields and unknown
// query parameters. They do not model: account types other than cash,
// earmarked (designated) amounts in transfers to resellers (only
// customer transfers respect SetDesignatedAmount), and fuzzy account-name
// search. Customers are SeedCustomer's.
func (s *Server) SeedReseller(r IndirectPartner) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seedReseller(r)
}

func (s *Server) seedReseller(r IndirectPartner) error {
	if r.ID == "" {
		return errors.New("hwpartnertest: a reseller needs an id")
	}
	f := s.funds()
	if _, dup := f.resellers[r.ID]; dup {
		return fmt.Errorf("hwpartnertest: reseller %q already exists", r.ID)
	}
	if r.Balance.c < 0 {
		return errorf("reseller %q: a balance must not be negative", r.ID)
	}
	if r.DistributorID == "" {
		r.DistributorID = s.defaultCred.Account.DomainID
	}
	if r.AssociatedOn.IsZero() {
		r.AssociatedOn = s.now()
	}
	r.AssociatedOn = r.AssociatedOn.UTC().Truncate(time.Second)
	bal := r.Balance.c
	r.Balance = Amount{}
	f.resellers[r.ID] = &r
	f.order = append(f.order, r.ID)
	f.byOwner[r.DistributorID] = append(f.byOwner[r.DistributorID], r.ID)
	f.balances[r.ID] = bal
	return nil
}

// SetBalance sets the cash balance of a reseller or a customer (by id) or
// a partner (by domain id).
func (s *Server) SetBalance(id string, amount Amount) error {
	if amount.c < 0 {
		return errorf("balance %s: a balance must not be negative", amount)
	}
	if id == "" {
		return errorf("SetBalance needs an id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.funds().balances[id] = amount.c
	return nil
}

// Balance returns the cash balance of a reseller, customer or partner;
// zero for an id it does not know.
func (s *Server) Balance(id string) Amount {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Amount{s.funds().balances[id]}
}

// TotalBalance returns the sum of every balance. Transfers and reclaims
// never change it.
func (s *Server) TotalBalance() Amount {
	s.mu.Lock()
	defer s.mu.Unlock()
	var sum cents
	for _, b := range s.funds().balances {
		sum += b
	}
	return Amount{sum}
}

// AdjustRecords returns every adjust record, oldest first.
func (s *Server) AdjustRecords() []AdjustRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.funds()
	out := make([]AdjustRecord, len(f.records))
	for i, r := range f.records {
		out[i] = AdjustRecord{
			DistributorID: r.owner, TransID: r.transID, CustomerID: r.customerID, CustomerName: r.customerName,
			OperationType: r.opType, Amount: Amount{r.amount}, OperationTime: r.at,
		}
	}
	return out
}

// SeedAdjustRecord adds a record of past history without moving money.
// An empty TransID gets a fresh one; a zero OperationTime is the server
// clock.
func (s *Server) SeedAdjustRecord(r AdjustRecord) error {
	switch r.OperationType {
	case opTypeTransfer, opTypeReclaim, opTypeUnbind:
	default:
		return fmt.Errorf("hwpartnertest: unknown operation type %q", r.OperationType)
	}
	amount := r.Amount.c
	if amount <= 0 {
		return errorf("record amount %s must be greater than 0", r.Amount)
	}
	if r.CustomerID == "" {
		return errors.New("hwpartnertest: a record needs a customer id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.DistributorID == "" {
		r.DistributorID = s.defaultCred.Account.DomainID
	}
	if r.TransID == "" {
		r.TransID = s.nextID("HI")
	}
	if r.OperationTime.IsZero() {
		r.OperationTime = s.now()
	}
	f := s.funds()
	f.records = append(f.records, adjustRecord{
		owner: r.DistributorID, transID: r.TransID, customerID: r.CustomerID, customerName: r.CustomerName,
		opType: r.OperationType, amount: amount, at: r.OperationTime.UTC().Truncate(time.Second),
	})
	return nil
}

// Demo resellers of the default distributor (SeedDemo), and one reseller
// of another distributor: operating on it fails with CBC.99000037.
const (
	DemoReseller1         = "0977ffa9f20010790f0fc003f6900520" // Acme Cloud Services, 5000.00
	DemoReseller2         = "1b2c3d4e5f60718293a4b5c6d7e8f901" // Bluesky Digital, 1200.50
	DemoReseller3         = "2c3d4e5f60718293a4b5c6d7e8f90a12" // Canal Systems, 0.00
	DemoForeignResellerID = "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f099"
)

// seedFundsDemo adds the demo resellers and balances; callers hold s.mu.
func (s *Server) seedFundsDemo() {
	at := func(day int) time.Time { return time.Date(2024, time.March, day, 8, 0, 0, 0, time.UTC) }
	demo := []IndirectPartner{
		{ID: DemoReseller1, Name: "Acme Cloud Services", AccountName: "acme-cloud",
			MobilePhone: "+86-13800000001", Email: "ops@acme.example", AccountManagerID: "li.na", AccountManagerName: "Li Na",
			AssociatedOn: at(1), Balance: Yuan(5000)},
		{ID: DemoReseller2, Name: "Bluesky Digital", AccountName: "bluesky-digital",
			MobilePhone: "+86-13800000002", Email: "billing@bluesky.example", AccountManagerID: "li.na", AccountManagerName: "Li Na",
			AssociatedOn: at(12), Balance: AmountFromCents(1200_50)},
		{ID: DemoReseller3, Name: "Canal Systems", AccountName: "canal-systems",
			MobilePhone: "+86-13800000003", Email: "finance@canal.example", AccountManagerID: "wang.fang", AccountManagerName: "Wang Fang",
			AssociatedOn: at(20)},
		{ID: DemoForeignResellerID, Name: "Another Distributor's Reseller", AccountName: "other-reseller",
			AssociatedOn: at(2), DistributorID: "00000000000000000000000000000000"},
	}
	for _, r := range demo {
		if _, exists := s.funds().resellers[r.ID]; !exists {
			_ = s.seedReseller(r) // fixed, valid data
		}
	}
	s.funds().balances[s.defaultCred.Account.DomainID] = 100_000_00
}

// Helpers for request fields.

const timeLayout = "2006-01-02T15:04:05Z"

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// parseTimeParam parses an optional time in the API's format; "" is no
// filter.
func parseTimeParam(field, v string) (time.Time, *response) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeLayout, v)
	if err != nil || len(v) > 20 {
		r := badParam(field, "must be a UTC time like 2016-03-28T14:45:38Z")
		return time.Time{}, &r
	}
	return t, nil
}

// paging applies the defaults (offset 0, limit 10) and ranges.
func paging(offset, limit *int, maxOffset int) (int, int, *response) {
	o, l := 0, 10
	if offset != nil {
		o = *offset
	}
	if limit != nil {
		l = *limit
	}
	if o < 0 || o > maxOffset {
		r := badParam("offset", fmt.Sprintf("must be between 0 and %d", maxOffset))
		return 0, 0, &r
	}
	if l < 1 || l > 100 {
		r := badParam("limit", "must be between 1 and 100")
		return 0, 0, &r
	}
	return o, l, nil
}

// queryPaging is paging for query-string parameters.
func queryPaging(q map[string]string, maxOffset int) (int, int, *response) {
	var vals [2]*int
	for i, field := range []string{"offset", "limit"} {
		if v := q[field]; v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				r := badParam(field, "must be an integer")
				return 0, 0, &r
			}
			vals[i] = &n
		}
	}
	return paging(vals[0], vals[1], maxOffset)
}

// queryParams returns the query as single values, refusing parameters the
// operation does not have and repeated ones: both are client bugs.
func (c *call) queryParams(allowed ...string) (map[string]string, *response) {
	out := map[string]string{}
	for k, vs := range c.query {
		known := false
		for _, a := range allowed {
			known = known || a == k
		}
		if !known {
			r := badParam(k, "is not a parameter of this operation")
			return nil, &r
		}
		if len(vs) != 1 {
			r := badParam(k, "is given more than once")
			return nil, &r
		}
		out[k] = vs[0]
	}
	return out, nil
}

// window returns items[offset:offset+limit], clipped.
func window[T any](items []T, offset, limit int) []T {
	if offset >= len(items) {
		return []T{}
	}
	return items[offset:min(offset+limit, len(items))]
}
