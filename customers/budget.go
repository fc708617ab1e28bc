package customers

import (
	"context"
	"iter"
	"math"

	"github.com/hwpartner/go-hwpartner/core"
)

// BudgetType is how a resale customer's budget runs (budget_type).
type BudgetType string

// Budget types. The zero value is not sent (the API takes monthly).
const (
	BudgetMonthly BudgetType = "MONTHLY"
	BudgetPackage BudgetType = "PACKAGE" // a one-off budget
)

func (t BudgetType) check(v *core.Validator, field string) {
	if t != "" && t != BudgetMonthly && t != BudgetPackage {
		v.Add(field, "must be MONTHLY or PACKAGE")
	}
}

// FreezeMode is what happens when a customer goes over its budget
// (frozen_operate_type).
type FreezeMode int

// Freeze modes.
const (
	FreezeManual    FreezeMode = 0 // the partner freezes the account by hand
	FreezeAutomatic FreezeMode = 1 // the account is frozen when over budget
)

// maxBudget is the largest budget the API takes.
const maxBudget = math.MaxInt32

// BudgetParams names a resale customer (ShowSubCustomerBudget).
type BudgetParams struct {
	// CustomerID is the customer (at most 64 characters).
	CustomerID string `wire:"customer_id"`
	// ResellerID, a reseller id, is required for a reseller's customer.
	ResellerID string `wire:"indirect_partner_id"`
}

// Validate returns a *core.ValidationError listing every bad field, or nil.
func (p *BudgetParams) Validate() error {
	v := core.ValidatorFor(p)
	v.Required("customer_id", p.CustomerID, maxIDLen)
	v.MaxLen("indirect_partner_id", p.ResellerID, maxIDLen)
	return v.Err()
}

type budgetQuery struct {
	src        *BudgetParams
	CustomerID string `url:"customer_id"`
	ResellerID string `url:"indirect_partner_id,omitempty"`
}

func (q *budgetQuery) Validate() error { return q.src.Validate() }

// Budget is a resale customer's budget, in the unit of Currency.
type Budget struct {
	Amount core.Amount `json:"budget_amount"`
	// Used is the part used so far; Huawei computes it with a delay and
	// calls it approximate.
	Used      core.Amount `json:"used_amount"`
	MeasureID int         `json:"measure_id"`
	Currency  string      `json:"currency"`
	Type      BudgetType  `json:"budget_type"`
	core.ResponseMeta
}

// ShowBudget returns a resale (转售) customer's budget.
//
// API: GET /v2/partners/sub-customers/budget (ShowSubCustomerBudget),
// https://support.huaweicloud.com/intl/en-us/devg-bpconsole/mt_00001.html (mt_01004).
// International and European sites only. Retried.
func (s *Service) ShowBudget(ctx context.Context, p *BudgetParams) (*Budget, error) {
	if p == nil {
		p = &BudgetParams{}
	}
	var out Budget
	meta, err := s.r.Do(ctx, &opShowBudget, &budgetQuery{src: p, CustomerID: p.CustomerID, ResellerID: p.ResellerID}, &out)
	if err != nil {
		return nil, classify(err)
	}
	out.ResponseMeta = meta
	return &out, nil
}

// SetBudgetParams sets a resale customer's budget (UpdateSubCustomerBudget).
type SetBudgetParams struct {
	// CustomerID is the customer (at most 64 characters).
	CustomerID string `wire:"customer_id"`
	// Amount is the budget: greater than 0 and at most 2147483647, with at
	// most 2 decimals, in the site's currency (USD).
	Amount core.Amount `wire:"budget_amount"`
	// Unfreeze also lifts the partner's freeze of the account
	// (cancel_partner_frozen "1"). A resale customer is frozen until its
	// first budget is set with Unfreeze.
	Unfreeze bool
	// ResellerID, a reseller id, is required for a reseller's customer.
	ResellerID string `wire:"indirect_partner_id"`
	// Type is BudgetMonthly or BudgetPackage; "" is not sent (monthly).
	Type BudgetType
	// FreezeMode, when not nil, sets what happens over budget; nil leaves
	// it unchanged (a first budget set without one freezes by hand).
	FreezeMode *FreezeMode `wire:"frozen_operate_type"`
}

// Validate returns a *core.ValidationError listing every bad field, or nil.
func (p *SetBudgetParams) Validate() error {
	v := core.ValidatorFor(p)
	v.Required("customer_id", p.CustomerID, maxIDLen)
	v.Amount("budget_amount", p.Amount)
	v.Check(p.Amount.Cmp(core.AmountFromYuan(maxBudget)) <= 0, "budget_amount", "must be at most 2147483647")
	v.MaxLen("indirect_partner_id", p.ResellerID, maxIDLen)
	p.Type.check(&v, "budget_type")
	if p.FreezeMode != nil {
		v.Check(*p.FreezeMode == FreezeManual || *p.FreezeMode == FreezeAutomatic, "frozen_operate_type",
			"must be 0 (manual) or 1 (automatic)")
	}
	return v.Err()
}

type setBudgetWire struct {
	src *SetBudgetParams

	CustomerID  string      `json:"customer_id"`
	Amount      core.Amount `json:"budget_amount"`
	Unfreeze    string      `json:"cancel_partner_frozen,omitempty"`
	ResellerID  string      `json:"indirect_partner_id,omitempty"`
	Type        string      `json:"budget_type,omitempty"`
	FreezeModes *int        `json:"frozen_operate_type,omitempty"`
}

func (w *setBudgetWire) Validate() error { return w.src.Validate() }

// SetBudgetResult is the answer to SetBudget, which has no fields.
type SetBudgetResult struct {
	core.ResponseMeta
}

// SetBudget sets a resale (转售) customer's budget, a spending cap: it
// moves no money. Setting the same budget twice leaves the same budget.
//
// API: POST /v2/partners/sub-customers/budget (UpdateSubCustomerBudget),
// https://support.huaweicloud.com/intl/en-us/api-bpconsole/mt_01005.html.
// International and European sites only. Retried.
func (s *Service) SetBudget(ctx context.Context, p *SetBudgetParams) (*SetBudgetResult, error) {
	if p == nil {
		p = &SetBudgetParams{}
	}
	w := &setBudgetWire{src: p, CustomerID: p.CustomerID, Amount: p.Amount, ResellerID: p.ResellerID, Type: string(p.Type)}
	if p.Unfreeze {
		w.Unfreeze = "1"
	}
	if p.FreezeMode != nil {
		w.FreezeModes = core.Ptr(int(*p.FreezeMode))
	}
	meta, err := s.r.Do(ctx, &opSetBudget, w, nil)
	if err != nil {
		return nil, classify(err)
	}
	return &SetBudgetResult{ResponseMeta: meta}, nil
}

// ListBudgetsParams names resale customers (ListSubCustomerBudget).
type ListBudgetsParams struct {
	// CustomerIDs are 1 to 100 customer ids.
	CustomerIDs []string `wire:"customer_ids"`
	// ResellerID, a reseller id, is required for a reseller's customers.
	ResellerID string `wire:"indirect_partner_id"`
}

// Validate returns a *core.ValidationError listing every bad field, or nil.
func (p *ListBudgetsParams) Validate() error {
	v := core.ValidatorFor(p)
	v.IDs("customer_ids", p.CustomerIDs, 1, MaxBudgetCustomers, maxIDLen)
	v.MaxLen("indirect_partner_id", p.ResellerID, maxIDLen)
	return v.Err()
}

type listBudgetsWire struct {
	src         *ListBudgetsParams
	CustomerIDs []string `json:"customer_ids"`
	ResellerID  string   `json:"indirect_partner_id,omitempty"`
}

func (w *listBudgetsWire) Validate() error { return w.src.Validate() }

// BudgetInfo is one customer's budget in a ListBudgets answer.
type BudgetInfo struct {
	CustomerID string      `json:"customer_id"`
	Amount     core.Amount `json:"budget_amount"`
	// Used is delayed and approximate.
	Used core.Amount `json:"used_amount"`
	Type BudgetType  `json:"budget_type"`
}

// BudgetsResult holds the budgets the API returned. Customers that are not
// the caller's (or the reseller's) resale customers are left out silently.
type BudgetsResult struct {
	MeasureID int
	Currency  string
	Budgets   []BudgetInfo
	core.ResponseMeta
}

// Budget returns customer id's budget, and false when the answer has none.
func (r *BudgetsResult) Budget(id string) (BudgetInfo, bool) {
	for _, b := range r.Budgets {
		if b.CustomerID == id {
			return b, true
		}
	}
	return BudgetInfo{}, false
}

// ListBudgets returns the budgets of up to 100 resale customers.
//
// API: POST /v2/partners/sub-customers/budget/query (ListSubCustomerBudget),
// https://support.huaweicloud.com/intl/en-us/devg-bpconsole/mt_00001.html (mt_01006).
// International and European sites only. A query despite the POST: retried.
func (s *Service) ListBudgets(ctx context.Context, p *ListBudgetsParams) (*BudgetsResult, error) {
	if p == nil {
		p = &ListBudgetsParams{}
	}
	var out struct {
		MeasureID int          `json:"measure_id"`
		Currency  string       `json:"currency"`
		Budgets   []BudgetInfo `json:"budget_infos"`
	}
	meta, err := s.r.Do(ctx, &opListBudgets, &listBudgetsWire{src: p, CustomerIDs: p.CustomerIDs, ResellerID: p.ResellerID}, &out)
	if err != nil {
		return nil, classify(err)
	}
	return &BudgetsResult{MeasureID: out.MeasureID, Currency: out.Currency, Budgets: out.Budgets, ResponseMeta: meta}, nil
}

// BudgetOperation is the kind of a budget record (operation_type).
type BudgetOperation string

// Budget record kinds.
const (
	BudgetSet     BudgetOperation = "SETTING"
	BudgetDeleted BudgetOperation = "DELETE"
)

// BudgetRecordsParams filters ListSubCustomerBudgetRecords.
type BudgetRecordsParams struct {
	// CustomerID is the customer (required, at most 64 characters).
	CustomerID string `wire:"customer_id"`
	// ResellerID, a reseller id, is required for a reseller's customer.
	ResellerID string `wire:"indirect_partner_id"`
	// OperationType selects BudgetSet or BudgetDeleted; "" lists both.
	OperationType BudgetOperation
	// Type selects BudgetMonthly or BudgetPackage; "" lists both.
	Type BudgetType
	// ListOptions pages: offset 0 to 2147483647, limit 1 to 100 (0: 10).
	core.ListOptions
}

// Validate returns a *core.ValidationError listing every bad field, or nil.
func (p *BudgetRecordsParams) Validate() error {
	v := core.ValidatorFor(p)
	v.Required("customer_id", p.CustomerID, maxIDLen)
	v.MaxLen("indirect_partner_id", p.ResellerID, maxIDLen)
	if p.OperationType != "" && p.OperationType != BudgetSet && p.OperationType != BudgetDeleted {
		v.Add("operation_type", "must be SETTING or DELETE")
	}
	p.Type.check(&v, "budget_type")
	p.ListOptions.Check(&v, math.MaxInt32)
	return v.Err()
}

type budgetRecordsQuery struct {
	src *BudgetRecordsParams

	CustomerID    string `url:"customer_id"`
	ResellerID    string `url:"indirect_partner_id,omitempty"`
	OperationType string `url:"operation_type,omitempty"`
	Type          string `url:"budget_type,omitempty"`
	core.ListOptions
}

func (q *budgetRecordsQuery) Validate() error { return q.src.Validate() }

// BudgetRecord is one change of a customer's budget (BudgetRecordInfo).
type BudgetRecord struct {
	Amount        core.Amount     `json:"budget_amount"`
	OperationType BudgetOperation `json:"operation_type"`
	OperationTime core.Time       `json:"operation_time"`
	// Operator is the operator's name, or "system".
	Operator           string     `json:"operator"`
	Type               BudgetType `json:"budget_type"`
	PartnerCorpName    string     `json:"partner_corp_name"`
	PartnerAccountName string     `json:"partner_account_name"`
	// MeasureID and Currency are the answer's, copied onto each record.
	MeasureID int    `json:"-"`
	Currency  string `json:"-"`
}

// BudgetRecords returns one page of a customer's budget changes.
//
// API: GET /v2/partners/sub-customers/budget/records
// (ListSubCustomerBudgetRecords), https://support.huaweicloud.com/intl/en-us/devg-bpconsole/mt_00001.html (mt_01007).
// International and European sites only. Retried.
func (s *Service) BudgetRecords(ctx context.Context, p *BudgetRecordsParams) (*core.Page[BudgetRecord], error) {
	if p == nil {
		p = &BudgetRecordsParams{}
	}
	q := &budgetRecordsQuery{src: p, CustomerID: p.CustomerID, ResellerID: p.ResellerID,
		OperationType: string(p.OperationType), Type: string(p.Type), ListOptions: p.ListOptions}
	var out struct {
		TotalCount int            `json:"total_count"`
		MeasureID  int            `json:"measure_id"`
		Currency   string         `json:"currency"`
		Records    []BudgetRecord `json:"record_list"`
	}
	meta, err := s.r.Do(ctx, &opBudgetRecords, q, &out)
	if err != nil {
		return nil, classify(err)
	}
	for i := range out.Records {
		out.Records[i].MeasureID, out.Records[i].Currency = out.MeasureID, out.Currency
	}
	return core.NewPage(out.Records, out.TotalCount, p.ListOptions, meta), nil
}

// BudgetRecordsIter walks every budget record matching p, from p.Offset
// on, fetching pages as needed. It stops at the first error, which it
// yields. p is copied.
//
// API: as BudgetRecords; each page is retried on its own.
func (s *Service) BudgetRecordsIter(ctx context.Context, p *BudgetRecordsParams) iter.Seq2[BudgetRecord, error] {
	var params BudgetRecordsParams
	if p != nil {
		params = *p
	}
	return core.Paginate(ctx, params.ListOptions, func(ctx context.Context, o core.ListOptions) (*core.Page[BudgetRecord], error) {
		page := params
		page.ListOptions = o
		return s.BudgetRecords(ctx, &page)
	})
}
