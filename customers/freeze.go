package customers

import (
	"context"

	"github.com/hwpartner/go-hwpartner/core"
)

// FreezeType is what a freeze blocks (freeze_type, unfreeze_type).
type FreezeType string

// Freeze types. The zero value is not sent (the API takes FreezeAccountOnly).
const (
	FreezeAccountOnly        FreezeType = "ACCOUNT"
	FreezeAccountAndResource FreezeType = "ACCOUNT_AND_RESOURCE"
)

// FreezeParams freezes or unfreezes resale customers' accounts. A frozen
// customer cannot buy, renew or change resources, nor use them normally.
type FreezeParams struct {
	// CustomerIDs are 1 to 10 customer ids.
	CustomerIDs []string `wire:"customer_ids"`
	// Reason is required, at most 256 characters.
	Reason string `wire:"reason"`
	// ResellerID, a reseller id, is required for a reseller's customers.
	ResellerID string `wire:"indirect_partner_id"`
	// Type is FreezeAccountOnly or FreezeAccountAndResource; "" is not sent
	// (account only). Unfreezing must name the type the account was
	// frozen with.
	Type FreezeType
}

// Validate returns a *core.ValidationError listing every bad field, or nil.
func (p *FreezeParams) Validate() error { return p.check("freeze_type") }

func (p *FreezeParams) check(typeField string) error {
	v := core.ValidatorFor(p)
	v.IDs("customer_ids", p.CustomerIDs, 1, MaxFreezeCustomers, maxIDLen)
	v.Required("reason", p.Reason, maxReasonLen)
	v.MaxLen("indirect_partner_id", p.ResellerID, maxIDLen)
	if p.Type != "" && p.Type != FreezeAccountOnly && p.Type != FreezeAccountAndResource {
		v.Add(typeField, "must be ACCOUNT or ACCOUNT_AND_RESOURCE")
	}
	return v.Err()
}

type freezeWire struct {
	src       *FreezeParams
	typeField string

	CustomerIDs  []string `json:"customer_ids"`
	Reason       string   `json:"reason"`
	ResellerID   string   `json:"indirect_partner_id,omitempty"`
	FreezeType   string   `json:"freeze_type,omitempty"`
	UnfreezeType string   `json:"unfreeze_type,omitempty"`
}

func (w *freezeWire) Validate() error { return w.src.check(w.typeField) }

// ItemError is the failure of one customer in a batch (error_details).
type ItemError struct {
	// CustomerID is the customer that failed (id).
	CustomerID string `json:"id"`
	Code       string `json:"error_code"`
	Message    string `json:"error_msg"`
}

// FreezeResult is the answer to Freeze or Unfreeze. HTTP 200 can carry
// per-customer failures next to the customers that succeeded.
type FreezeResult struct {
	// Errors lists the customers that failed; the others succeeded.
	Errors []ItemError
	core.ResponseMeta
}

// Failed reports whether any customer failed.
func (r *FreezeResult) Failed() bool { return len(r.Errors) > 0 }

// Succeeded returns the ids of p's customers that did not fail, in order.
func (r *FreezeResult) Succeeded(p *FreezeParams) []string {
	failed := make(map[string]bool, len(r.Errors))
	for _, e := range r.Errors {
		failed[e.CustomerID] = true
	}
	var out []string
	for _, id := range p.CustomerIDs {
		if !failed[id] {
			out = append(out, id)
		}
	}
	return out
}

// Freeze freezes resale (转售) customers' accounts. Per-customer failures
// come back in the result with HTTP 200, never as an error.
//
// API: POST /v2/partners/sub-customers/freeze (FreezeSubCustomers),
// https://support.huaweicloud.com/intl/zh-cn/api-bpconsole/mc_00027.html.
// International and European sites only. Freezing twice leaves the same
// state: retried.
func (s *Service) Freeze(ctx context.Context, p *FreezeParams) (*FreezeResult, error) {
	return s.freeze(ctx, &opFreeze, p, "freeze_type")
}

// Unfreeze lifts the freeze of resale customers' accounts; p.Type must be
// the type they were frozen with.
//
// API: POST /v2/partners/sub-customers/unfreeze (UnfreezeSubCustomers),
// https://support.huaweicloud.com/intl/zh-cn/api-bpconsole/mc_00028.html.
// International and European sites only. Retried.
func (s *Service) Unfreeze(ctx context.Context, p *FreezeParams) (*FreezeResult, error) {
	return s.freeze(ctx, &opUnfreeze, p, "unfreeze_type")
}

func (s *Service) freeze(ctx context.Context, op *core.Operation, p *FreezeParams, typeField string) (*FreezeResult, error) {
	if p == nil {
		p = &FreezeParams{}
	}
	w := &freezeWire{src: p, typeField: typeField, CustomerIDs: p.CustomerIDs, Reason: p.Reason, ResellerID: p.ResellerID}
	if typeField == "freeze_type" {
		w.FreezeType = string(p.Type)
	} else {
		w.UnfreezeType = string(p.Type)
	}
	var out struct {
		Errors []ItemError `json:"error_details"`
	}
	meta, err := s.r.Do(ctx, op, w, &out)
	if err != nil {
		return nil, classify(err)
	}
	return &FreezeResult{Errors: out.Errors, ResponseMeta: meta}, nil
}
