package core

import (
	"context"
	"fmt"
	"iter"
	"reflect"
)

// Paging limits shared by every list operation in the API.
const (
	DefaultLimit = 10
	MaxLimit     = 100
)

// ListOptions selects a page by record offset (0-based, not a page number)
// and size. Zero values are not sent, so the server defaults apply
// (offset 0, limit 10).
type ListOptions struct {
	Offset int `json:"offset,omitempty" url:"offset,omitempty"`
	Limit  int `json:"limit,omitempty" url:"limit,omitempty"`
}

// Check records paging problems: offset in [0, maxOffset], limit 0 (the
// default) or in [1, 100].
func (o ListOptions) Check(v *Validator, maxOffset int) {
	if o.Offset < 0 || o.Offset > maxOffset {
		v.Addf("offset", "must be between 0 and %d", maxOffset)
	}
	if o.Limit < 0 || o.Limit > MaxLimit {
		v.Addf("limit", "must be between 1 and %d", MaxLimit)
	}
}

// EffectiveLimit is the page size the server uses for o.
func (o ListOptions) EffectiveLimit() int {
	if o.Limit == 0 {
		return DefaultLimit
	}
	return o.Limit
}

// Page is one page of a list.
type Page[T any] struct {
	Items []T
	// Total is the number of matching records on the server (count or
	// total_count in the answer).
	Total  int
	Offset int
	Limit  int
	ResponseMeta
}

// HasMore reports whether records remain after this page.
func (p *Page[T]) HasMore() bool {
	return len(p.Items) > 0 && p.Offset+len(p.Items) < p.Total
}

// NextOffset is the offset of the record after this page.
func (p *Page[T]) NextOffset() int { return p.Offset + len(p.Items) }

// NewPage builds a page from one answer.
func NewPage[T any](items []T, total int, opts ListOptions, meta ResponseMeta) *Page[T] {
	return &Page[T]{Items: items, Total: total, Offset: opts.Offset, Limit: opts.EffectiveLimit(), ResponseMeta: meta}
}

// Paginate walks every record from opts.Offset on, calling fetch for each
// page. A zero opts.Limit walks in pages of MaxLimit to save calls. The
// sequence stops after the last record, on an empty page, on the first
// error (yielded with the zero T) or when the loop body stops.
//
// It does not trust the server blindly: the count on the first page bounds
// how many pages are read, and a page that repeats the previous one (a
// server ignoring offset) ends the walk with an error matching
// ErrMalformed before its records are yielded again.
func Paginate[T any](ctx context.Context, opts ListOptions, fetch func(context.Context, ListOptions) (*Page[T], error)) iter.Seq2[T, error] {
	if opts.Limit == 0 {
		opts.Limit = MaxLimit
	}
	return func(yield func(T, error) bool) {
		var zero T
		o := opts
		var prev []T
		maxPages := -1
		for pages := 1; ; pages++ {
			p, err := fetch(ctx, o)
			if err != nil {
				yield(zero, err)
				return
			}
			if maxPages < 0 {
				// Pages the first count allows at the first page's size (a
				// server may cap it below the limit), and one for records
				// added meanwhile.
				size := max(len(p.Items), 1)
				maxPages = (max(p.Total-o.Offset, 0)+size-1)/size + 1
			}
			if prev != nil && len(p.Items) > 0 && reflect.DeepEqual(prev, p.Items) {
				yield(zero, pagingError(o, "the server answered the previous page again: it ignores offset"))
				return
			}
			for _, it := range p.Items {
				if !yield(it, nil) {
					return
				}
			}
			o.Offset += len(p.Items)
			if len(p.Items) == 0 || o.Offset >= p.Total {
				return
			}
			if pages >= maxPages {
				yield(zero, pagingError(o, fmt.Sprintf("more than the %d pages its first count allows", maxPages)))
				return
			}
			prev = p.Items
		}
	}
}

func pagingError(o ListOptions, why string) error {
	return &OperationError{Err: fmt.Errorf("%w: listing stopped at offset %d: %s", ErrMalformed, o.Offset, why)}
}
