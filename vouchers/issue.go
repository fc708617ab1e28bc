package vouchers

import (
	"context"
	"fmt"

	"github.com/hwpartner/go-hwpartner/core"
)

// IssueParams gives Amount from the caller's quota QuotaID to each of
// ResellerIDs.
type IssueParams struct {
	// QuotaID is the distributor's own quota (from Quotas).
	QuotaID string `wire:"quota_id"`
	// ResellerIDs are 1 to 100 distinct reseller ids; IssueInBatches
	// takes more. An id listed twice is refused before anything is sent:
	// the API would issue to that reseller twice.
	ResellerIDs []string `wire:"indirect_partner_ids"`
	// Amount is given to each reseller: > 0 with at most 2 decimals.
	Amount core.Amount `wire:"quota_amount"`
}

// Validate reports every bad field as a *core.ValidationError.
func (p *IssueParams) Validate() error { return p.check(MaxIssueResellers) }

func (p *IssueParams) check(maxResellers int) error {
	if p == nil {
		p = &IssueParams{}
	}
	v := core.ValidatorFor(p)
	v.Required("quota_id", p.QuotaID, maxIDLen)
	v.IDs("indirect_partner_ids", p.ResellerIDs, 1, maxResellers, maxIDLen)
	noRepeats(&v, "indirect_partner_ids", p.ResellerIDs, "the API would issue to it twice")
	v.Amount("quota_amount", p.Amount)
	return v.Err()
}

// noRepeats refuses every item of ids that repeats an earlier one, naming
// the item ("indirect_partner_ids[3]"), never its value. Empty items are
// left to the required check. In a value-moving batch a repeated id is
// almost always a mistake, and the API would act on it once per listing.
func noRepeats(v *core.Validator, field string, ids []string, consequence string) {
	seen := make(map[string]struct{}, len(ids))
	for i, id := range ids {
		if id == "" {
			continue
		}
		if _, dup := seen[id]; dup {
			v.Add(fmt.Sprintf("%s[%d]", field, i), "repeats an earlier id: "+consequence)
			continue
		}
		seen[id] = struct{}{}
	}
}

type issueBody struct {
	QuotaID     string      `json:"quota_id"`
	ResellerIDs []string    `json:"indirect_partner_ids"`
	Amount      core.Amount `json:"quota_amount"`
}

// Issuance is a reseller that received quota (SimpleQuotaInfo).
type Issuance struct {
	ResellerID string `json:"id"`
	// QuotaID is the reseller's new quota; Reclaim takes it.
	QuotaID string `json:"quota_id"`
}

// IssueResult is the answer to Issue. Read Failures and Unreported too:
// an answered call does not mean every reseller got quota.
type IssueResult struct {
	// Issued lists the resellers that received quota, with their new quota.
	Issued []Issuance
	// Failures lists the resellers the API refused, with its reason.
	Failures []Failure
	// Unreported lists resellers the answer did not mention: their outcome
	// is unknown, so check Records before issuing to them again.
	Unreported []string
	// Lookup describes the unreported resellers for Resolve; nil when
	// every reseller was reported.
	Lookup *ResolveParams
	core.ResponseMeta
}

// Failed returns the ids of the resellers that were refused.
func (r *IssueResult) Failed() []string { return failedIDs(r.Failures) }

// Issue gives p.Amount from the distributor quota p.QuotaID to each of up
// to 100 resellers. Each reseller that succeeds gets a new quota whose
// parent is p.QuotaID; the parent's balance drops by the amount.
//
// The API answers item by item: when any reseller failed, Issue returns
// the result (with the successes) and a *PartialError.
//
// API: POST /v2/partners/coupon-quotas/indirect-partner-adjust (UpdateCouponQuotas).
// Moves value: never resent once it may have reached the server.
func (s *Service) Issue(ctx context.Context, p *IssueParams) (*IssueResult, error) {
	if err := core.WithOperation(p.Validate(), &opIssue); err != nil {
		return nil, err
	}
	body := issueBody{QuotaID: p.QuotaID, ResellerIDs: p.ResellerIDs, Amount: p.Amount}
	var ans batchAnswer[Issuance]
	clock := core.StartCall(s.r)
	meta, err := s.r.Do(ctx, &opIssue, &body, &ans)
	if err != nil {
		if core.IsOutcomeUnknown(err) {
			return nil, &OutcomeUnknownError{Lookup: *lookup(OperationIssue, clock, p.ResellerIDs, p.QuotaID, p.Amount), Err: err}
		}
		return nil, err
	}
	unreported := settle(s.r, p.ResellerIDs, &ans, func(i Issuance) string { return i.ResellerID })
	res := &IssueResult{Issued: ans.Successes, Failures: ans.Failures, Unreported: unreported, ResponseMeta: meta,
		Lookup: lookup(OperationIssue, clock, unreported, p.QuotaID, p.Amount)}
	return res, asError(newPartial(&opIssue, len(p.ResellerIDs), res.Failures, res.Unreported))
}
