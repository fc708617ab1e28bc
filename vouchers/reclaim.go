package vouchers

import (
	"context"

	"github.com/hwpartner/go-hwpartner/core"
)

// ReclaimParams takes back reseller quotas.
type ReclaimParams struct {
	// QuotaIDs are 1 to 10 distinct reseller quota ids (Issuance.QuotaID,
	// or IssuedQuota.ID), not the distributor's own quota.
	QuotaIDs []string `wire:"quota_ids"`
	// Remark is stored with the records; nil sends none, "" stores "".
	Remark *string `wire:"remark"`
}

// Validate reports every bad field as a *core.ValidationError.
func (p *ReclaimParams) Validate() error {
	if p == nil {
		p = &ReclaimParams{}
	}
	v := core.ValidatorFor(p)
	v.IDs("quota_ids", p.QuotaIDs, 1, MaxReclaimQuotas, maxIDLen)
	noRepeats(&v, "quota_ids", p.QuotaIDs, "the API would reclaim it twice")
	if p.Remark != nil {
		v.MaxLen("remark", *p.Remark, maxRemarkLen)
	}
	return v.Err()
}

type reclaimBody struct {
	QuotaIDs []string `json:"quota_ids"`
	Remark   *string  `json:"remark,omitempty"`
}

// Reclamation is a reseller quota that was taken back (QuotaReclaim).
type Reclamation struct {
	QuotaID string `json:"quota_id"`
	// BalanceAfter is quota_balance as the API reports it, documented as
	// the quota's balance after the reclaim, in yuan: 0.00 once the whole
	// remainder went back. It is not the amount returned to the parent.
	//
	// Huawei's description of the field is ambiguous. To account for the
	// value that went back, read the reclaim records ("11",
	// OperationReclaim) of the quota with Records: their Amount is what
	// the parent received.
	BalanceAfter core.Amount `json:"quota_balance"`
}

// ReclaimResult is the answer to Reclaim. Read Failures and Unreported too.
type ReclaimResult struct {
	Reclaimed []Reclamation
	// Failures lists the quotas the API refused, with its reason.
	Failures []Failure
	// Unreported lists quotas the answer did not mention: their outcome is
	// unknown, so look them up with Issued before reclaiming again.
	Unreported []string
	// Lookup describes the unreported quotas for Resolve; nil when every
	// quota was reported.
	Lookup *ResolveParams
	core.ResponseMeta
}

// Failed returns the ids of the quotas that were refused.
func (r *ReclaimResult) Failed() []string { return failedIDs(r.Failures) }

// Reclaim takes back the unused balance of up to 10 reseller quotas into
// the distributor quotas they were issued from. A quota id listed twice is
// refused before anything is sent. The amounts that went back are in the
// reclaim records (Records with OperationReclaim), not in the result.
//
// The API answers item by item: when any quota failed, Reclaim returns
// the result (with the successes) and a *PartialError.
//
// API: POST /v2/partners/coupon-quotas/indirect-partner-reclaim (ReclaimCouponQuotas).
// Moves value: never resent once it may have reached the server.
func (s *Service) Reclaim(ctx context.Context, p *ReclaimParams) (*ReclaimResult, error) {
	if err := core.WithOperation(p.Validate(), &opReclaim); err != nil {
		return nil, err
	}
	body := reclaimBody{QuotaIDs: p.QuotaIDs, Remark: p.Remark}
	var ans batchAnswer[Reclamation]
	clock := core.StartCall(s.r)
	meta, err := s.r.Do(ctx, &opReclaim, &body, &ans)
	if err != nil {
		if core.IsOutcomeUnknown(err) {
			return nil, &OutcomeUnknownError{Lookup: *lookup(OperationReclaim, clock, p.QuotaIDs, "", core.Amount{}), Err: err}
		}
		return nil, err
	}
	unreported := settle(s.r, p.QuotaIDs, &ans, func(r Reclamation) string { return r.QuotaID })
	res := &ReclaimResult{Reclaimed: ans.Successes, Failures: ans.Failures, Unreported: unreported, ResponseMeta: meta,
		Lookup: lookup(OperationReclaim, clock, unreported, "", core.Amount{})}
	return res, asError(newPartial(&opReclaim, len(p.QuotaIDs), res.Failures, res.Unreported))
}
