package vouchers

import (
	"context"
	"iter"

	"github.com/hwpartner/go-hwpartner/core"
)

// IssuedParams filters Issued. Empty strings are not sent.
type IssuedParams struct {
	// QuotaID selects one reseller quota.
	QuotaID string `wire:"quota_id"`
	// ResellerID selects one reseller's quotas.
	ResellerID string `wire:"indirect_partner_id"`
	// ParentQuotaID selects quotas issued from one distributor quota. nil
	// sends no filter; a pointer to "" IS sent, as the API gives it a
	// meaning (an empty parent id is a filter value).
	ParentQuotaID *string `wire:"parent_quota_id"`
	core.ListOptions
}

// Validate reports every bad field as a *core.ValidationError.
func (p *IssuedParams) Validate() error {
	if p == nil {
		p = &IssuedParams{}
	}
	v := core.ValidatorFor(p)
	v.MaxLen("quota_id", p.QuotaID, maxIDLen)
	v.MaxLen("indirect_partner_id", p.ResellerID, maxIDLen)
	if p.ParentQuotaID != nil {
		v.MaxLen("parent_quota_id", *p.ParentQuotaID, maxIDLen)
	}
	p.ListOptions.Check(&v, maxOffset)
	return v.Err()
}

type issuedQuery struct {
	QuotaID           string  `url:"quota_id,omitempty"`
	IndirectPartnerID string  `url:"indirect_partner_id,omitempty"`
	ParentQuotaID     *string `url:"parent_quota_id,omitempty"` // nil omitted, "" sent
	core.ListOptions
}

type issuedAnswer struct {
	TotalCount int           `json:"total_count"`
	Quotas     []IssuedQuota `json:"quotas"`
}

// Issued returns one page of the quotas the caller issued to its
// resellers, reclaimed ones included (StatusReclaimed). p may be nil.
//
// API: GET /v2/partners/issued-coupon-quotas (ListIssuedCouponQuotas). A query: retried.
func (s *Service) Issued(ctx context.Context, p *IssuedParams) (*core.Page[IssuedQuota], error) {
	if err := core.WithOperation(p.Validate(), &opIssued); err != nil {
		return nil, err
	}
	if p == nil {
		p = &IssuedParams{}
	}
	q := issuedQuery{QuotaID: p.QuotaID, IndirectPartnerID: p.ResellerID, ParentQuotaID: p.ParentQuotaID, ListOptions: p.ListOptions}
	var ans issuedAnswer
	meta, err := s.r.Do(ctx, &opIssued, &q, &ans)
	if err != nil {
		return nil, err
	}
	return core.NewPage(ans.Quotas, ans.TotalCount, p.ListOptions, meta), nil
}

// IssuedIter walks every issued quota matching p from p.Offset on,
// fetching pages of p.Limit (100 when zero). It stops at the first error,
// which it yields.
func (s *Service) IssuedIter(ctx context.Context, p *IssuedParams) iter.Seq2[IssuedQuota, error] {
	return walk(ctx, p, s.Issued, func(p *IssuedParams) *core.ListOptions { return &p.ListOptions })
}
