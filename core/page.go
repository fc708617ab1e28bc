package core

import (
	"context"
	"iter"
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
func Paginate[T any](ctx context.Context, opts ListOptions, fetch func(context.Context, ListOptions) (*Page[T], error)) iter.Seq2[T, error] {
	if opts.Limit == 0 {
		opts.Limit = MaxLimit
	}
	return func(yield func(T, error) bool) {
		o := opts
		for {
			p, err := fetch(ctx, o)
			if err != nil {
				var zero T
				yield(zero, err)
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
		}
	}
}
