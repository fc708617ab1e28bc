package vouchers

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
)

// QuotasParams filters Quotas. Every filter left at its zero value is not
// sent; the time filters are sent in UTC, to the second.
type QuotasParams struct {
	// ResellerID lists that reseller's quotas instead of the caller's own.
	ResellerID string `wire:"indirect_partner_id"`
	// QuotaIDs selects quotas by id (at most 50).
	QuotaIDs []string `wire:"quota_ids"`
	// Statuses selects quotas in any of these statuses (at most 5, not
	// StatusReclaimed).
	Statuses []Status `wire:"quota_status_list"`
	// Type selects the kind of quota. When nil the API lists
	// CashVoucherQuota quotas only.
	Type *QuotaType `wire:"quota_type"`
	// Time windows on creation, start of validity and expiry.
	CreatedAfter    time.Time `wire:"create_time_begin"`
	CreatedBefore   time.Time `wire:"create_time_end"`
	EffectiveAfter  time.Time `wire:"effective_time_begin"`
	EffectiveBefore time.Time `wire:"effective_time_end"`
	ExpiresAfter    time.Time `wire:"expire_time_begin"`
	ExpiresBefore   time.Time `wire:"expire_time_end"`
	core.ListOptions
}

// Validate reports every bad field as a *core.ValidationError.
func (p *QuotasParams) Validate() error {
	if p == nil {
		p = &QuotasParams{}
	}
	v := core.ValidatorFor(p)
	v.MaxLen("indirect_partner_id", p.ResellerID, maxIDLen)
	v.IDs("quota_ids", p.QuotaIDs, 0, MaxQuotaIDs, maxIDLen)
	if len(p.Statuses) > MaxStatuses {
		v.Addf("quota_status_list", "must have at most %d items, has %d", MaxStatuses, len(p.Statuses))
	}
	for i, st := range p.Statuses {
		if !st.filterable() {
			v.Add(fmt.Sprintf("quota_status_list[%d]", i), "must be 0, 3, 4 or 5")
		}
	}
	if p.Type != nil && !p.Type.valid() {
		v.Add("quota_type", "must be 0 or 1")
	}
	v.Time("create_time_begin", p.CreatedAfter)
	v.Time("create_time_end", p.CreatedBefore)
	v.Time("effective_time_begin", p.EffectiveAfter)
	v.Time("effective_time_end", p.EffectiveBefore)
	v.Time("expire_time_begin", p.ExpiresAfter)
	v.Time("expire_time_end", p.ExpiresBefore)
	p.ListOptions.Check(&v, maxOffset)
	return v.Err()
}

type quotasBody struct {
	QuotaIDs           []string   `json:"quota_ids,omitempty"`
	QuotaStatusList    []Status   `json:"quota_status_list,omitempty"`
	QuotaType          *QuotaType `json:"quota_type,omitempty"`
	CreateTimeBegin    string     `json:"create_time_begin,omitempty"`
	CreateTimeEnd      string     `json:"create_time_end,omitempty"`
	EffectiveTimeBegin string     `json:"effective_time_begin,omitempty"`
	EffectiveTimeEnd   string     `json:"effective_time_end,omitempty"`
	ExpireTimeBegin    string     `json:"expire_time_begin,omitempty"`
	ExpireTimeEnd      string     `json:"expire_time_end,omitempty"`
	IndirectPartnerID  string     `json:"indirect_partner_id,omitempty"`
	core.ListOptions
}

type quotasAnswer struct {
	TotalCount int     `json:"total_count"`
	Quotas     []Quota `json:"quotas"`
}

// Quotas returns one page of the caller's voucher quotas, or of a
// reseller's when p.ResellerID is set. p may be nil.
//
// API: POST /v2/partners/coupon-quotas/query (ListQuotaCoupons). A query: retried.
func (s *Service) Quotas(ctx context.Context, p *QuotasParams) (*core.Page[Quota], error) {
	if err := core.WithOperation(p.Validate(), &opQuotas); err != nil {
		return nil, err
	}
	if p == nil {
		p = &QuotasParams{}
	}
	body := quotasBody{
		QuotaIDs:           p.QuotaIDs,
		QuotaStatusList:    p.Statuses,
		QuotaType:          p.Type,
		CreateTimeBegin:    core.FormatOptionalTime(p.CreatedAfter),
		CreateTimeEnd:      core.FormatOptionalTime(p.CreatedBefore),
		EffectiveTimeBegin: core.FormatOptionalTime(p.EffectiveAfter),
		EffectiveTimeEnd:   core.FormatOptionalTime(p.EffectiveBefore),
		ExpireTimeBegin:    core.FormatOptionalTime(p.ExpiresAfter),
		ExpireTimeEnd:      core.FormatOptionalTime(p.ExpiresBefore),
		IndirectPartnerID:  p.ResellerID,
		ListOptions:        p.ListOptions,
	}
	var ans quotasAnswer
	meta, err := s.r.Do(ctx, &opQuotas, &body, &ans)
	if err != nil {
		return nil, err
	}
	return core.NewPage(ans.Quotas, ans.TotalCount, p.ListOptions, meta), nil
}

// QuotasIter walks every quota matching p from p.Offset on, fetching pages
// of p.Limit (100 when zero). It stops at the first error, which it yields.
func (s *Service) QuotasIter(ctx context.Context, p *QuotasParams) iter.Seq2[Quota, error] {
	return walk(ctx, p, s.Quotas, func(p *QuotasParams) *core.ListOptions { return &p.ListOptions })
}
