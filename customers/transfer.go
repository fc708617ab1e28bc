package customers

import (
	"context"
	"errors"

	"github.com/hwpartner/go-hwpartner/core"
)

// TransferParams moves money from the caller's account, or a reseller's,
// to a partner-funded customer (UpdateCustomerAccountAmount).
type TransferParams struct {
	// CustomerID is the customer (at most 64 characters).
	CustomerID string `wire:"customer_id"`
	// Amount in yuan: greater than 0, at most 2 decimals, and not above the
	// payer's balance less its earmarked amount (the server checks that).
	Amount core.Amount `wire:"amount"`
	// ResellerID, a reseller id, funds that reseller's customer out of the
	// reseller's account (indirect_partner_id; distributors).
	ResellerID string `wire:"indirect_partner_id"`
}

// Validate returns a *core.ValidationError listing every bad field, or nil.
func (p *TransferParams) Validate() error {
	return validateMove(p, p.CustomerID, p.Amount, p.ResellerID)
}

// ReclaimParams moves money from a partner-funded customer back to the
// caller's account, or a reseller's (ReclaimToPartnerAccount).
type ReclaimParams struct {
	// CustomerID is the customer (at most 64 characters).
	CustomerID string `wire:"customer_id"`
	// Amount in yuan: greater than 0, at most 2 decimals, and not above the
	// customer's reclaimable balance (the server checks that).
	Amount core.Amount `wire:"amount"`
	// ResellerID, a reseller id, reclaims from that reseller's customer
	// (indirect_partner_id; distributors).
	ResellerID string `wire:"indirect_partner_id"`
}

// Validate returns a *core.ValidationError listing every bad field, or nil.
func (p *ReclaimParams) Validate() error {
	return validateMove(p, p.CustomerID, p.Amount, p.ResellerID)
}

// validateMove checks a move; params names the Go fields in errors.
func validateMove(params any, id string, amount core.Amount, reseller string) error {
	v := core.ValidatorFor(params)
	v.Required("customer_id", id, maxIDLen)
	v.Amount("amount", amount)
	v.MaxLen("indirect_partner_id", reseller, maxIDLen)
	return v.Err()
}

type moveWire struct {
	CustomerID string      `json:"customer_id"`
	Amount     core.Amount `json:"amount"`
	ResellerID string      `json:"indirect_partner_id,omitempty"`
}

// TransferResult is the answer to a transfer.
type TransferResult struct {
	// TransactionID is the transfer's serial id (transfer_id).
	TransactionID string `json:"transfer_id"`
	core.ResponseMeta
}

// ReclaimResult is the answer to a reclaim.
type ReclaimResult struct {
	// TransactionID is the reclaim's serial id (trans_id).
	TransactionID string `json:"trans_id"`
	core.ResponseMeta
}

// Transfer moves p.Amount to a partner-funded customer, out of the
// caller's account or, with p.ResellerID, out of the reseller's.
//
// Before sending, it looks the customer up: one that is not listed is a
// *NotFoundError, and one that is not partner-funded (a referral customer,
// 顾问销售) a *NotFundableError; neither sends the transfer. Too little
// money is an error matching core.ErrInsufficientBalance (CBC.99005003).
//
// API: POST /v2/partners/sub-customers/query (ListSubCustomers, retried),
// then POST /v2/accounts/partner-accounts/adjust-amount
// (UpdateCustomerAccountAmount), https://support.huaweicloud.com/api-bpconsole/mt_060005.html.
// China site only. Moves money: retried only when the request provably
// never left. When it may have reached the server but no answer says what
// happened, the error is an *OutcomeUnknownError; see Resolve.
func (s *Service) Transfer(ctx context.Context, p *TransferParams) (*TransferResult, error) {
	if p == nil {
		p = &TransferParams{}
	}
	if err := p.Validate(); err != nil {
		return nil, core.WithOperation(err, &opTransfer)
	}
	var out TransferResult
	lookup := ResolveParams{Operation: OperationTransfer, CustomerID: p.CustomerID, ResellerID: p.ResellerID, Amount: p.Amount}
	w := &moveWire{CustomerID: p.CustomerID, Amount: p.Amount, ResellerID: p.ResellerID}
	if err := s.move(ctx, &opTransfer, w, lookup, &out, &out.ResponseMeta, &out.TransactionID); err != nil {
		return nil, err
	}
	return &out, nil
}

// Reclaim moves p.Amount from a partner-funded customer back to the
// caller's account or, with p.ResellerID, to the reseller's.
//
// It looks the customer up first, as Transfer does. A customer never
// funded is refused with ErrNoAllocation (CBC.99000047); more than it can
// give back with core.ErrInsufficientBalance (CBC.99005003).
//
// API: POST /v2/partners/sub-customers/query (ListSubCustomers, retried),
// then POST /v2/accounts/partner-accounts/reclaim (ReclaimToPartnerAccount),
// https://support.huaweicloud.com/api-bpconsole/mt_060006.html. China site
// only. Moves money: retried only when the request provably never left; an
// unknown outcome is an *OutcomeUnknownError, as for Transfer.
func (s *Service) Reclaim(ctx context.Context, p *ReclaimParams) (*ReclaimResult, error) {
	if p == nil {
		p = &ReclaimParams{}
	}
	if err := p.Validate(); err != nil {
		return nil, core.WithOperation(err, &opReclaim)
	}
	var out ReclaimResult
	lookup := ResolveParams{Operation: OperationReclaim, CustomerID: p.CustomerID, ResellerID: p.ResellerID, Amount: p.Amount}
	w := &moveWire{CustomerID: p.CustomerID, Amount: p.Amount, ResellerID: p.ResellerID}
	if err := s.move(ctx, &opReclaim, w, lookup, &out, &out.ResponseMeta, &out.TransactionID); err != nil {
		return nil, err
	}
	return &out, nil
}

// OutcomeUnknownError is the error of a Transfer or Reclaim that may have reached
// the server without an answer saying what happened. Lookup describes the
// call for Resolve; errors.Is(err, core.ErrOutcomeUnknown) holds.
type OutcomeUnknownError = core.UnknownOutcome[ResolveParams]

// move checks the customer, then sends a transfer or reclaim. When its
// outcome is unknown the error carries lookup, with the time taken before
// sending on the server's clock as the client knows it after the call. A
// success without a transaction id (the API sends one on success) is an
// unknown outcome too.
func (s *Service) move(ctx context.Context, op *core.Operation, params any, lookup ResolveParams, out any, meta *core.ResponseMeta, id *string) error {
	// Refused before the lookup, which exists on every site.
	if site := s.site(); !op.OnSite(site) {
		return &core.SiteError{Service: op.Service, Operation: op.Name, Site: site, Sites: op.Sites}
	}
	c, err := s.get(ctx, lookup.ResellerID, lookup.CustomerID)
	if err != nil {
		return err
	}
	if !c.AssociationType.Fundable() {
		return &NotFundableError{CustomerID: c.ID, AssociationType: c.AssociationType}
	}
	clock := core.StartCall(s.r)
	m, err := s.r.Do(ctx, op, params, out)
	lookup.Started, lookup.Aligned = clock.Started()
	switch {
	case err == nil && *id == "":
		return &OutcomeUnknownError{Lookup: lookup, Err: &core.OperationError{
			Service: op.Service, Operation: op.Name, RequestID: m.RequestID, Attempts: m.Attempts,
			OutcomeUnknown: true, Check: op.Check, Err: errors.New("the answer carries no transaction id"),
		}}
	case err == nil:
		*meta = m
		return nil
	}
	err = classify(err)
	if errors.Is(err, core.ErrOutcomeUnknown) {
		return &OutcomeUnknownError{Lookup: lookup, Err: err}
	}
	return err
}
