package funds

import (
	"context"
	"errors"

	"github.com/hwpartner/go-hwpartner/core"
)

// TransferParams moves money from the distributor to a reseller.
type TransferParams struct {
	// ResellerID is the reseller's id (at most 64 characters).
	ResellerID string `json:"indirect_partner_id"`
	// Amount in yuan: greater than 0, at most 2 decimals.
	Amount core.Amount `json:"amount"`
}

// Validate returns a *core.ValidationError listing every bad field, or nil.
func (p *TransferParams) Validate() error { return validateMove(p, p.ResellerID, p.Amount) }

// ReclaimParams moves money from a reseller back to the distributor.
type ReclaimParams struct {
	// ResellerID is the reseller's id (at most 64 characters).
	ResellerID string `json:"indirect_partner_id"`
	// Amount in yuan: greater than 0, at most 2 decimals, and not above
	// the reseller's balance (the server checks that).
	Amount core.Amount `json:"amount"`
}

// Validate returns a *core.ValidationError listing every bad field, or nil.
func (p *ReclaimParams) Validate() error { return validateMove(p, p.ResellerID, p.Amount) }

// validateMove checks a move; params names the Go fields in errors.
func validateMove(params any, id string, amount core.Amount) error {
	v := core.ValidatorFor(params)
	v.Required("indirect_partner_id", id, maxIDLen)
	v.Amount("amount", amount)
	return v.Err()
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

// Transfer moves p.Amount from the distributor's account to the reseller's.
// Too little money is an error matching core.ErrInsufficientBalance
// (CBC.99005003); a reseller that is not the caller's matches
// core.ErrPermission (CBC.99000037).
//
// API: POST /v2/accounts/partner-accounts/indirect-partner-adjust
// (UpdateIndirectPartnerAccount),
// https://support.huaweicloud.com/api-bpconsole/espp_00001.html.
// Moves money: retried only when the request provably never left. When it
// may have reached the server but no answer says what happened, the error
// is an *OutcomeUnknownError; see Resolve.
func (s *Service) Transfer(ctx context.Context, p *TransferParams) (*TransferResult, error) {
	if p == nil {
		p = &TransferParams{}
	}
	var out TransferResult
	lookup := ResolveParams{Operation: OperationTransfer, ResellerID: p.ResellerID, Amount: p.Amount}
	if err := s.move(ctx, &opTransfer, p, lookup, &out, &out.ResponseMeta, &out.TransactionID); err != nil {
		return nil, err
	}
	return &out, nil
}

// Reclaim moves p.Amount from the reseller's account back to the
// distributor's. More than the reseller's balance is an error matching
// core.ErrInsufficientBalance (CBC.99005003); a reseller that is not the
// caller's matches core.ErrPermission (CBC.99000037).
//
// API: POST /v2/accounts/partner-accounts/indirect-partner-reclaim
// (ReclaimIndirectPartnerAccount),
// https://support.huaweicloud.com/api-bpconsole/espp_00004.html.
// Moves money: retried only when the request provably never left; an
// unknown outcome is an *OutcomeUnknownError, as for Transfer.
func (s *Service) Reclaim(ctx context.Context, p *ReclaimParams) (*ReclaimResult, error) {
	if p == nil {
		p = &ReclaimParams{}
	}
	var out ReclaimResult
	lookup := ResolveParams{Operation: OperationReclaim, ResellerID: p.ResellerID, Amount: p.Amount}
	if err := s.move(ctx, &opReclaim, p, lookup, &out, &out.ResponseMeta, &out.TransactionID); err != nil {
		return nil, err
	}
	return &out, nil
}

// OutcomeUnknownError is the error of a Transfer or Reclaim that may have reached
// the server without an answer saying what happened. Lookup describes the
// call for Resolve; errors.Is(err, core.ErrOutcomeUnknown) holds.
type OutcomeUnknownError = core.UnknownOutcome[ResolveParams]

// move sends a transfer or reclaim. When its outcome is unknown the error
// carries lookup, with the time taken before sending on the server's clock
// as the client knows it after the call. A
// success without a transaction id (the API sends one on success) is an
// unknown outcome too: the money probably moved, but nothing proves it.
func (s *Service) move(ctx context.Context, op *core.Operation, params any, lookup ResolveParams, out any, meta *core.ResponseMeta, id *string) error {
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
	case errors.Is(err, core.ErrOutcomeUnknown):
		return &OutcomeUnknownError{Lookup: lookup, Err: err}
	}
	return err
}
