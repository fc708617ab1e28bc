package hwpartnertest

import (
	"net/http"
	"sort"
	"time"
)

// The customers' part of a snapshot and of the control API. The rules
// (ConfigureCustomers) are configuration, not state: a restore keeps them.

type customersJSON struct {
	Customers     []customerJSON         `json:"customers"`
	Ledger        []AccountChange        `json:"account_changes"`
	Designated    map[string]Amount      `json:"designated_amounts"`
	BudgetRecords []budgetRecordJSON     `json:"budget_records"`
	SentCodes     []SentCode             `json:"sent_codes"`
	LiveCodes     []liveCodeJSON         `json:"live_codes"`
	Sends         map[string][]time.Time `json:"code_sends"`
	MobileRegs    map[string]int         `json:"mobile_registrations"`
}

// customerJSON is a customer as the fake keeps it; its balance is in the
// snapshot's balances.
type customerJSON struct {
	Customer
	AssociatedAt time.Time   `json:"associated_at"`
	Creator      string      `json:"creator,omitempty"`
	Budget       *budgetJSON `json:"budget,omitempty"`
}

type budgetJSON struct {
	Amount     Amount `json:"amount"`
	Type       string `json:"type"`
	FreezeMode int    `json:"freeze_mode"`
}

type budgetRecordJSON struct {
	Customer string    `json:"customer"`
	Amount   Amount    `json:"amount"`
	OpType   string    `json:"operation_type"`
	Type     string    `json:"type"`
	At       time.Time `json:"at"`
	Operator string    `json:"operator"`
}

type liveCodeJSON struct {
	Scene    int       `json:"scene"`
	Receiver string    `json:"receiver"`
	Customer string    `json:"customer_id,omitempty"`
	Code     string    `json:"code"`
	Sent     time.Time `json:"sent"`
	Expires  time.Time `json:"expires"`
	Failures int       `json:"failures"`
}

func (s *Server) customersSnapshotLocked() customersJSON {
	cs := &s.state.customers
	out := customersJSON{Designated: map[string]Amount{}, Sends: map[string][]time.Time{}, MobileRegs: map[string]int{},
		SentCodes: append([]SentCode{}, cs.sent...)}
	for _, id := range cs.order {
		c := cs.byID[id]
		j := customerJSON{Customer: c.Customer, AssociatedAt: c.associatedAt, Creator: c.creator}
		j.Debt, j.Allocation = Amount{c.debt}, c.funded
		if b := c.budget; b != nil {
			j.Budget = &budgetJSON{Amount: Amount{b.amount}, Type: b.typ, FreezeMode: b.freezeMode}
		}
		out.Customers = append(out.Customers, j)
	}
	for _, e := range cs.ledger {
		out.Ledger = append(out.Ledger, AccountChange{Holder: e.holder, ID: e.id, DetailType: e.detail, TradeType: e.trade,
			TradeID: e.tradeID, Amount: Amount{e.amount}, BalanceAfter: Amount{e.after}, Income: e.income,
			CustomerID: e.customer, AccountName: e.account, Time: e.at})
	}
	for id, a := range cs.designated {
		out.Designated[id] = Amount{a}
	}
	for _, r := range cs.budgetRecs {
		out.BudgetRecords = append(out.BudgetRecords, budgetRecordJSON{Customer: r.customer, Amount: Amount{r.amount},
			OpType: r.opType, Type: r.typ, At: r.at, Operator: r.operator})
	}
	for k, c := range cs.codes {
		out.LiveCodes = append(out.LiveCodes, liveCodeJSON{Scene: k.scene, Receiver: k.receiver, Customer: k.customer,
			Code: c.code, Sent: c.sent, Expires: c.expires, Failures: c.failures})
	}
	sort.Slice(out.LiveCodes, func(i, j int) bool {
		a, b := out.LiveCodes[i], out.LiveCodes[j]
		if a.Receiver != b.Receiver {
			return a.Receiver < b.Receiver
		}
		if a.Scene != b.Scene {
			return a.Scene < b.Scene
		}
		return a.Customer < b.Customer
	})
	for r, ts := range cs.sends {
		out.Sends[r] = append([]time.Time(nil), ts...)
	}
	for m, n := range cs.mobileRegs {
		out.MobileRegs[m] = n
	}
	return out
}

// customersFromSnapshot checks and builds the customers' state.
func customersFromSnapshot(j customersJSON, rules CustomerRules) (customersState, error) {
	cs := customersState{rules: rules, byID: map[string]*fakeCustomer{}, codes: map[codeKey]*liveCode{},
		sends: map[string][]time.Time{}, mobileRegs: map[string]int{}, designated: map[string]cents{}}
	for i, c := range j.Customers {
		switch {
		case c.ID == "" || c.Owner == "" || c.AccountName == "":
			return cs, errorf("state: customers[%d] needs an id, an owner and a login name", i)
		case cs.byID[c.ID] != nil:
			return cs, errorf("state: customer %q twice", c.ID)
		case c.Debt.c < 0 || c.Balance.c != 0:
			return cs, errorf("state: customer %q: the debt must not be negative, and the balance goes in balances", c.ID)
		}
		switch c.AssociationType {
		case AssociationReferral, AssociationFunded, AssociationResale:
		default:
			return cs, errorf("state: customer %q: unknown association type %q", c.ID, c.AssociationType)
		}
		fc := &fakeCustomer{Customer: c.Customer, associatedAt: c.AssociatedAt, funded: c.Allocation, debt: c.Debt.c, creator: c.Creator}
		fc.Debt, fc.Allocation = Amount{}, false
		if b := c.Budget; b != nil {
			fc.budget = &fakeBudget{amount: b.Amount.c, typ: b.Type, freezeMode: b.FreezeMode}
		}
		cs.byID[c.ID] = fc
		cs.order = append(cs.order, c.ID)
	}
	for _, e := range j.Ledger {
		cs.ledger = append(cs.ledger, ledgerEntry{holder: e.Holder, id: e.ID, detail: e.DetailType, trade: e.TradeType,
			tradeID: e.TradeID, amount: e.Amount.c, after: e.BalanceAfter.c, income: e.Income, customer: e.CustomerID,
			account: e.AccountName, at: e.Time})
	}
	for id, a := range j.Designated {
		if a.c < 0 {
			return cs, errorf("state: designated amount of %q is negative", id)
		}
		cs.designated[id] = a.c
	}
	for _, r := range j.BudgetRecords {
		cs.budgetRecs = append(cs.budgetRecs, budgetRecord{customer: r.Customer, amount: r.Amount.c, opType: r.OpType,
			typ: r.Type, at: r.At, operator: r.Operator})
	}
	cs.sent = append(cs.sent, j.SentCodes...)
	for _, c := range j.LiveCodes {
		cs.codes[codeKey{c.Scene, c.Receiver, c.Customer}] = &liveCode{code: c.Code, sent: c.Sent, expires: c.Expires, failures: c.Failures}
	}
	for r, ts := range j.Sends {
		cs.sends[r] = append([]time.Time(nil), ts...)
	}
	for m, n := range j.MobileRegs {
		cs.mobileRegs[m] = n
	}
	return cs, nil
}

// The customers' control endpoints.
func (s *Server) customerControlRoutes(h func(string, ctlHandler)) {
	h("GET /customers", s.ctlCustomers)
	h("POST /customers", s.ctlSeedCustomers)
	h("PUT /customer-rules", s.ctlCustomerRules)
	h("PUT /designated-amounts/{id}", s.ctlSetDesignated)
	h("GET /account-changes", func(*http.Request) (int, any) { return http.StatusOK, nonNil(s.AccountChanges()) })
	h("GET /verification-codes", func(*http.Request) (int, any) { return http.StatusOK, nonNil(s.SentCodes()) })
	h("GET /verification-codes/{receiver}", func(r *http.Request) (int, any) {
		code, ok := s.VerificationCode(r.PathValue("receiver"))
		if !ok {
			return http.StatusNotFound, controlError{"no live code for " + r.PathValue("receiver")}
		}
		return http.StatusOK, map[string]string{"receiver": r.PathValue("receiver"), "code": code}
	})
}

func (s *Server) ctlCustomers(*http.Request) (int, any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	type listed struct {
		Customer
		Associated bool `json:"associated"`
	}
	out := []listed{}
	cs := &s.state.customers
	for _, id := range cs.order {
		c := cs.byID[id]
		l := listed{Customer: c.Customer, Associated: s.associated(c)}
		l.Balance, l.Debt, l.Allocation = Amount{s.funds().balances[id]}, Amount{c.debt}, c.funded
		out = append(out, l)
	}
	return http.StatusOK, out
}

func (s *Server) ctlSeedCustomers(r *http.Request) (int, any) {
	cs, err := oneOrMany[Customer](r)
	if err != nil {
		return done(err)
	}
	ids := []string{}
	for _, c := range cs {
		id, err := s.SeedCustomer(c)
		if err != nil {
			return done(err)
		}
		ids = append(ids, id)
	}
	return http.StatusOK, map[string][]string{"ids": ids}
}

func (s *Server) ctlCustomerRules(r *http.Request) (int, any) {
	var req struct {
		International                       bool     `json:"international"`
		DirectCustomers                     bool     `json:"direct_customers"`
		ResellersCustomersRealName          bool     `json:"resellers_customers_real_name"`
		IgnoreResellerIDOfSolutionProviders bool     `json:"ignore_reseller_id_of_solution_providers"`
		StrictBalances                      bool     `json:"strict_balances"`
		NotFundableCode                     string   `json:"not_fundable_code"`
		AssociationDelay                    Duration `json:"association_delay"`
		AssociationWait                     Duration `json:"association_wait"`
		MobileRegistrations                 int      `json:"mobile_registrations"`
		CodesPerHour                        int      `json:"codes_per_hour"`
		CodesPerDay                         int      `json:"codes_per_day"`
	}
	if err := readControl(r, &req); err != nil {
		return done(err)
	}
	s.ConfigureCustomers(CustomerRules{International: req.International, DirectCustomers: req.DirectCustomers,
		ResellersCustomersRealName: req.ResellersCustomersRealName, IgnoreResellerIDOfSolutionProviders: req.IgnoreResellerIDOfSolutionProviders,
		StrictBalances: req.StrictBalances, NotFundableCode: req.NotFundableCode, AssociationDelay: time.Duration(req.AssociationDelay),
		AssociationWait: time.Duration(req.AssociationWait), MobileRegistrations: req.MobileRegistrations,
		CodesPerHour: req.CodesPerHour, CodesPerDay: req.CodesPerDay})
	return done(nil)
}

func (s *Server) ctlSetDesignated(r *http.Request) (int, any) {
	var req struct {
		Amount *Amount `json:"amount"`
	}
	if err := readControl(r, &req); err != nil {
		return done(err)
	}
	if req.Amount == nil {
		return bad("the body needs an amount")
	}
	return done(s.SetDesignatedAmount(r.PathValue("id"), *req.Amount))
}
