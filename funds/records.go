package funds

import (
	"context"
	"iter"
	"math"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
)

// RecordsParams filters ListPartnerAdjustRecords. The zero value lists
// every record of the caller, 10 per page. Empty strings and zero times
// are not sent: the API treats an absent filter and an empty one alike.
type RecordsParams struct {
	// CustomerID limits the records to one customer or reseller: with a
	// reseller's id, the caller's transfers to and reclaims from it. At
	// most 64 characters.
	CustomerID string `wire:"customer_id"`
	// OperationType limits the records to one kind.
	OperationType OperationType `wire:"operation_type"`
	// From and To bound the operation time. They are sent in UTC, to the
	// second.
	From time.Time `wire:"operation_time_begin"`
	To   time.Time `wire:"operation_time_end"`
	// TransactionID selects one transaction (at most 128 characters).
	TransactionID string `wire:"trans_id"`
	// OfReseller, a reseller id, reads that reseller's records with its own
	// customers instead of the caller's (indirect_partner_id). For a
	// reseller that is not the caller's the API answers with no records.
	OfReseller string `wire:"indirect_partner_id"`
	// ListOptions pages: offset 0 or more, limit 1 to 100 (0: 10).
	core.ListOptions
}

// Validate checks p against the API's documented limits and returns a
// *core.ValidationError listing every bad field, or nil.
func (p *RecordsParams) Validate() error {
	v := core.ValidatorFor(p)
	v.MaxLen("customer_id", p.CustomerID, maxIDLen)
	if p.OperationType != "" {
		v.MaxLen("operation_type", string(p.OperationType), maxEnumLen)
		v.Check(p.OperationType.known(), "operation_type",
			"must be SOURCE_OPERATION_BEADJUST, SOURCE_OPERATION_BERETRIEVE or SOURCE_OPERATION_BEUNBIND")
	}
	v.Time("operation_time_begin", p.From)
	v.Time("operation_time_end", p.To)
	v.MaxLen("trans_id", p.TransactionID, maxTransIDLen)
	v.MaxLen("indirect_partner_id", p.OfReseller, maxIDLen)
	p.ListOptions.Check(&v, math.MaxInt32)
	return v.Err()
}

// recordsQuery is the wire form of RecordsParams. It validates its
// source, so the transport checks the caller's params before sending.
type recordsQuery struct {
	src *RecordsParams

	CustomerID    string `url:"customer_id,omitempty"`
	OperationType string `url:"operation_type,omitempty"`
	From          string `url:"operation_time_begin,omitempty"`
	To            string `url:"operation_time_end,omitempty"`
	TransactionID string `url:"trans_id,omitempty"`
	OfReseller    string `url:"indirect_partner_id,omitempty"`
	core.ListOptions
}

func (q *recordsQuery) Validate() error { return q.src.Validate() }

// Records returns one page of the caller's adjust records matching p
// (nil: all of them), as the API orders them.
//
// API: GET /v3/accounts/partner-accounts/adjust-records
// (ListPartnerAdjustRecords),
// https://support.huaweicloud.com/api-bpconsole/zh-cn_topic_0000001191118881.html.
// Retried.
func (s *Service) Records(ctx context.Context, p *RecordsParams) (*core.Page[Record], error) {
	if p == nil {
		p = &RecordsParams{}
	}
	q := &recordsQuery{
		src:           p,
		CustomerID:    p.CustomerID,
		OperationType: string(p.OperationType),
		From:          core.FormatOptionalTime(p.From),
		To:            core.FormatOptionalTime(p.To),
		TransactionID: p.TransactionID,
		OfReseller:    p.OfReseller,
		ListOptions:   p.ListOptions,
	}
	var out struct {
		TotalCount int      `json:"total_count"`
		Records    []Record `json:"records"`
	}
	meta, err := s.r.Do(ctx, &opRecords, q, &out)
	if err != nil {
		return nil, err
	}
	return core.NewPage(out.Records, out.TotalCount, p.ListOptions, meta), nil
}

// RecordsIter walks every adjust record matching p, from p.Offset on,
// fetching pages as needed (100 at a time when p.Limit is 0). It stops at
// the first error, which it yields. p is copied.
//
// API: as Records; each page is retried on its own.
func (s *Service) RecordsIter(ctx context.Context, p *RecordsParams) iter.Seq2[Record, error] {
	var params RecordsParams
	if p != nil {
		params = *p
	}
	return core.Paginate(ctx, params.ListOptions, func(ctx context.Context, o core.ListOptions) (*core.Page[Record], error) {
		page := params
		page.ListOptions = o
		return s.Records(ctx, &page)
	})
}
