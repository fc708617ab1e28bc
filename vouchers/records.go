package vouchers

import (
	"context"
	"iter"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
)

// RecordsParams filters Records. Empty strings and zero times are not sent.
type RecordsParams struct {
	// ResellerID selects one reseller's records.
	ResellerID string `wire:"indirect_partner_id"`
	// QuotaID selects the records of one reseller quota.
	QuotaID string `wire:"quota_id"`
	// ParentQuotaID selects the records of one distributor quota. nil
	// sends no filter; a pointer to "" IS sent, as the API treats an empty
	// value as a filter.
	ParentQuotaID *string `wire:"parent_quota_id"`
	// Operation selects issues or reclaims; "" selects both.
	Operation OperationType `wire:"operation_type"`
	// OperatedAfter and OperatedBefore bound the operation time.
	OperatedAfter  time.Time `wire:"operation_time_begin"`
	OperatedBefore time.Time `wire:"operation_time_end"`
	core.ListOptions
}

// Validate reports every bad field as a *core.ValidationError.
func (p *RecordsParams) Validate() error {
	if p == nil {
		p = &RecordsParams{}
	}
	v := core.ValidatorFor(p)
	v.MaxLen("indirect_partner_id", p.ResellerID, maxIDLen)
	v.MaxLen("quota_id", p.QuotaID, maxIDLen)
	if p.ParentQuotaID != nil {
		v.MaxLen("parent_quota_id", *p.ParentQuotaID, maxIDLen)
	}
	// The API ignores other values, which would silently list everything.
	if p.Operation != "" && p.Operation != OperationIssue && p.Operation != OperationReclaim {
		v.Add("operation_type", `must be "10" (issue) or "11" (reclaim)`)
	}
	v.Time("operation_time_begin", p.OperatedAfter)
	v.Time("operation_time_end", p.OperatedBefore)
	p.ListOptions.Check(&v, maxOffset)
	return v.Err()
}

type recordsQuery struct {
	IndirectPartnerID  string  `url:"indirect_partner_id,omitempty"`
	QuotaID            string  `url:"quota_id,omitempty"`
	ParentQuotaID      *string `url:"parent_quota_id,omitempty"` // nil omitted, "" sent
	OperationType      string  `url:"operation_type,omitempty"`  // not OperationType: the encoder would call String
	OperationTimeBegin string  `url:"operation_time_begin,omitempty"`
	OperationTimeEnd   string  `url:"operation_time_end,omitempty"`
	core.ListOptions
}

type recordsAnswer struct {
	TotalCount int      `json:"total_count"`
	Records    []Record `json:"records"`
}

// Records returns one page of the caller's quota issue and reclaim
// records, failed operations included. p may be nil.
//
// API: GET /v2/partners/coupon-quotas/records (ListCouponQuotasRecords). A query: retried.
func (s *Service) Records(ctx context.Context, p *RecordsParams) (*core.Page[Record], error) {
	if err := core.WithOperation(p.Validate(), &opRecords); err != nil {
		return nil, err
	}
	if p == nil {
		p = &RecordsParams{}
	}
	q := recordsQuery{
		IndirectPartnerID:  p.ResellerID,
		QuotaID:            p.QuotaID,
		ParentQuotaID:      p.ParentQuotaID,
		OperationType:      string(p.Operation),
		OperationTimeBegin: core.FormatOptionalTime(p.OperatedAfter),
		OperationTimeEnd:   core.FormatOptionalTime(p.OperatedBefore),
		ListOptions:        p.ListOptions,
	}
	var ans recordsAnswer
	meta, err := s.r.Do(ctx, &opRecords, &q, &ans)
	if err != nil {
		return nil, err
	}
	return core.NewPage(ans.Records, ans.TotalCount, p.ListOptions, meta), nil
}

// RecordsIter walks every record matching p from p.Offset on, fetching
// pages of p.Limit (100 when zero). It stops at the first error, which it
// yields.
func (s *Service) RecordsIter(ctx context.Context, p *RecordsParams) iter.Seq2[Record, error] {
	return walk(ctx, p, s.Records, func(p *RecordsParams) *core.ListOptions { return &p.ListOptions })
}
