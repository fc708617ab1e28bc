package customers

import (
	"context"

	"github.com/hwpartner/go-hwpartner/core"
)

// MeasureYuan is the measure_id of amounts in yuan.
const MeasureYuan = 1

// BalancesParams names the customers whose balances to read
// (ListCustomersBalancesDetail).
type BalancesParams struct {
	// CustomerIDs are 1 to 100 customer ids (each at most 64 characters).
	CustomerIDs []string `wire:"customer_infos"`
	// ResellerID, a reseller id, reads that reseller's customers instead of
	// the caller's own (indirect_partner_id; distributors).
	ResellerID string `wire:"indirect_partner_id"`
}

// Validate returns a *core.ValidationError listing every bad field, or nil.
func (p *BalancesParams) Validate() error {
	v := core.ValidatorFor(p)
	v.IDs("customer_infos", p.CustomerIDs, 1, MaxBalanceCustomers, maxIDLen)
	v.MaxLen("indirect_partner_id", p.ResellerID, maxIDLen)
	return v.Err()
}

type balancesWire struct {
	src *BalancesParams

	Customers  []customerRef `json:"customer_infos"`
	ResellerID string        `json:"indirect_partner_id,omitempty"`
}

type customerRef struct {
	ID string `json:"customer_id"`
}

func (w *balancesWire) Validate() error { return w.src.Validate() }

// CustomerBalance is a partner-funded customer's account (CustomerBalances).
// Amounts are nil when the answer leaves them out.
type CustomerBalance struct {
	CustomerID string `json:"customer_id"`
	// Amount is the total available amount (客户可用总额度).
	Amount *core.Amount `json:"amount,omitempty"`
	// DebtAmount is the total amount owed (客户欠款总额度).
	DebtAmount *core.Amount `json:"debt_amount,omitempty"`
	Currency   string       `json:"currency,omitempty"`
	MeasureID  int          `json:"measure_id,omitempty"`
}

// BalancesResult holds the balances the API returned. It has no entry for
// customers that are not partner-funded (referral customers top up their
// own accounts), nor for customers that are not the caller's (or the
// reseller's): the API drops them silently.
type BalancesResult struct {
	Balances []CustomerBalance
	core.ResponseMeta
}

// Balance returns the balance of customer id, and false when the answer
// has none for it.
func (r *BalancesResult) Balance(id string) (CustomerBalance, bool) {
	for _, b := range r.Balances {
		if b.CustomerID == id {
			return b, true
		}
	}
	return CustomerBalance{}, false
}

// Balances reads the balances of partner-funded (代售) customers.
//
// API: POST /v2/accounts/customer-accounts/balances/batch-query
// (ListCustomersBalancesDetail), https://support.huaweicloud.com/api-bpconsole/mt_060004.html.
// China site only. A query despite the POST: retried.
func (s *Service) Balances(ctx context.Context, p *BalancesParams) (*BalancesResult, error) {
	if p == nil {
		p = &BalancesParams{}
	}
	w := &balancesWire{src: p, ResellerID: p.ResellerID, Customers: make([]customerRef, len(p.CustomerIDs))}
	for i, id := range p.CustomerIDs {
		w.Customers[i] = customerRef{ID: id}
	}
	var out struct {
		Balances []CustomerBalance `json:"customer_balances"`
	}
	meta, err := s.r.Do(ctx, &opBalances, w, &out)
	if err != nil {
		return nil, classify(err)
	}
	return &BalancesResult{Balances: out.Balances, ResponseMeta: meta}, nil
}
