package resellers

import (
	"context"
	"fmt"
	"iter"
	"net/http"

	"github.com/hwpartner/go-hwpartner/core"
)

// Service calls the reseller (indirect partner) APIs. It is safe for
// concurrent use.
type Service struct{ r core.Requester }

// NewService returns a Service that sends its calls through r.
func NewService(r core.Requester) *Service { return &Service{r: r} }

var opList = core.Operation{
	Service: "resellers", Name: "ListIndirectPartners",
	Method: http.MethodPost, Path: "/v2/partners/indirect-partners/query",
	Answer: []string{"count"},
}

// List returns one page of the resellers matching p (nil: all of them).
//
// API: POST /v2/partners/indirect-partners/query (ListIndirectPartners),
// https://support.huaweicloud.com/api-bpconsole/espp_00003.html.
// A query despite the POST: retried.
func (s *Service) List(ctx context.Context, p *ListParams) (*core.Page[Reseller], error) {
	if p == nil {
		p = &ListParams{}
	}
	var out listAnswer
	meta, err := s.r.Do(ctx, &opList, p.wire(), &out)
	if err != nil {
		return nil, err
	}
	return core.NewPage(out.Partners, out.Count, p.ListOptions, meta), nil
}

// ListIter walks every reseller matching p, from p.Offset on, fetching
// pages as needed (100 at a time when p.Limit is 0). It stops at the first
// error, which it yields. p is copied; later changes do not affect it.
//
// API: as List; each page is retried on its own.
func (s *Service) ListIter(ctx context.Context, p *ListParams) iter.Seq2[Reseller, error] {
	var params ListParams
	if p != nil {
		params = *p
	}
	return core.Paginate(ctx, params.ListOptions, func(ctx context.Context, o core.ListOptions) (*core.Page[Reseller], error) {
		page := params
		page.ListOptions = o
		return s.List(ctx, &page)
	})
}

// Get returns the reseller with the given id. When the caller has no such
// reseller the error is a *NotFoundError, which matches core.ErrNotFound.
//
// API: POST /v2/partners/indirect-partners/query (ListIndirectPartners)
// with indirect_partner_id. Retried.
func (s *Service) Get(ctx context.Context, id string) (*Reseller, error) {
	if id == "" {
		return nil, &core.ValidationError{Operation: opList.Name,
			Fields: []core.FieldError{{Field: "indirect_partner_id", Problem: "is required"}}}
	}
	page, err := s.List(ctx, &ListParams{ResellerID: id})
	if err != nil {
		return nil, err
	}
	// The filter is the server's; check the answer rather than trust it.
	for i := range page.Items {
		if page.Items[i].ID == id {
			r := page.Items[i]
			return &r, nil
		}
	}
	return nil, &NotFoundError{ID: id}
}

// NotFoundError says that the caller has no reseller with ID.
type NotFoundError struct {
	ID string
}

// Error names the missing reseller.
func (e *NotFoundError) Error() string {
	return fmt.Sprintf("hwpartner: resellers.ListIndirectPartners: no reseller with id %q", e.ID)
}

// Is matches core.ErrNotFound.
func (e *NotFoundError) Is(target error) bool { return target == core.ErrNotFound }
