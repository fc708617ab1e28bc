package core_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/core"
)

// fakeList serves items from a slice the way the API pages them.
func fakeList(items []int, calls *[]core.ListOptions) func(context.Context, core.ListOptions) (*core.Page[int], error) {
	return func(_ context.Context, o core.ListOptions) (*core.Page[int], error) {
		*calls = append(*calls, o)
		end := min(o.Offset+o.EffectiveLimit(), len(items))
		var page []int
		if o.Offset < len(items) {
			page = items[o.Offset:end]
		}
		return core.NewPage(page, len(items), o, core.ResponseMeta{}), nil
	}
}

func TestPaginateWalksEveryPage(t *testing.T) {
	t.Parallel()
	items := make([]int, 25)
	for i := range items {
		items[i] = i
	}
	var calls []core.ListOptions
	var got []int
	for v, err := range core.Paginate(t.Context(), core.ListOptions{Limit: 10}, fakeList(items, &calls)) {
		require.NoError(t, err)
		got = append(got, v)
	}
	assert.Equal(t, items, got)
	assert.Equal(t, []core.ListOptions{{Offset: 0, Limit: 10}, {Offset: 10, Limit: 10}, {Offset: 20, Limit: 10}}, calls)
}

func TestPaginateDefaultsToLargestPageAndStartsAtOffset(t *testing.T) {
	t.Parallel()
	items := make([]int, 150)
	var calls []core.ListOptions
	n := 0
	for _, err := range core.Paginate(t.Context(), core.ListOptions{Offset: 20}, fakeList(items, &calls)) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 130, n)
	assert.Equal(t, []core.ListOptions{{Offset: 20, Limit: 100}, {Offset: 120, Limit: 100}}, calls)
}

func TestPaginateStopsOnBreakErrorAndEmptyPage(t *testing.T) {
	t.Parallel()
	var calls []core.ListOptions
	for range core.Paginate(t.Context(), core.ListOptions{Limit: 5}, fakeList(make([]int, 50), &calls)) {
		break
	}
	assert.Len(t, calls, 1)

	boom := errors.New("boom")
	var errs []error
	for _, err := range core.Paginate(t.Context(), core.ListOptions{}, func(context.Context, core.ListOptions) (*core.Page[int], error) {
		return nil, boom
	}) {
		errs = append(errs, err)
	}
	assert.Equal(t, []error{boom}, errs)

	// A server whose total overstates what it returns must not loop forever.
	n := 0
	for range core.Paginate(t.Context(), core.ListOptions{}, func(_ context.Context, o core.ListOptions) (*core.Page[int], error) {
		n++
		return core.NewPage[int](nil, 1000, o, core.ResponseMeta{}), nil
	}) {
	}
	assert.Equal(t, 1, n)
}

func TestPageHasMore(t *testing.T) {
	t.Parallel()
	p := core.NewPage([]int{1, 2}, 5, core.ListOptions{Offset: 2, Limit: 2}, core.ResponseMeta{})
	assert.True(t, p.HasMore())
	assert.Equal(t, 4, p.NextOffset())
	p = core.NewPage([]int{5}, 5, core.ListOptions{Offset: 4, Limit: 2}, core.ResponseMeta{})
	assert.False(t, p.HasMore())
	assert.Equal(t, 10, core.NewPage[int](nil, 0, core.ListOptions{}, core.ResponseMeta{}).Limit)
}

func TestListOptionsCheck(t *testing.T) {
	t.Parallel()
	var v core.Validator
	core.ListOptions{Offset: -1, Limit: 101}.Check(&v, 40_000_000)
	err := v.Err()
	var ve *core.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("offset"))
	assert.True(t, ve.Has("limit"))

	var ok core.Validator
	core.ListOptions{Offset: 40_000_000, Limit: 100}.Check(&ok, 40_000_000)
	core.ListOptions{}.Check(&ok, 40_000_000)
	assert.NoError(t, ok.Err())
}

// A server that ignores offset answers the first page again: the walk ends
// with an error instead of yielding those records twice, or forever.
func TestPaginateStopsOnARepeatedPage(t *testing.T) {
	t.Parallel()
	calls := 0
	fetch := func(_ context.Context, o core.ListOptions) (*core.Page[int], error) {
		calls++
		return core.NewPage([]int{1, 2, 3}, 9, o, core.ResponseMeta{}), nil
	}
	var got []int
	var err error
	for v, e := range core.Paginate(t.Context(), core.ListOptions{Limit: 3}, fetch) {
		if e != nil {
			err = e
			break
		}
		got = append(got, v)
	}
	assert.ErrorIs(t, err, core.ErrMalformed)
	assert.Equal(t, []int{1, 2, 3}, got, "nothing yielded twice")
	assert.Equal(t, 2, calls)
}

// The count on the first page bounds the pages read, whatever later
// pages claim.
func TestPaginateIsBoundedByTheFirstCount(t *testing.T) {
	t.Parallel()
	calls := 0
	fetch := func(_ context.Context, o core.ListOptions) (*core.Page[int], error) {
		calls++
		total := 10
		if calls > 1 {
			total = 1 << 30 // records that keep "appearing"
		}
		return core.NewPage([]int{o.Offset, o.Offset + 1}, total, o, core.ResponseMeta{}), nil
	}
	n := 0
	var err error
	for _, e := range core.Paginate(t.Context(), core.ListOptions{Limit: 2}, fetch) {
		if e != nil {
			err = e
			break
		}
		n++
	}
	assert.ErrorIs(t, err, core.ErrMalformed)
	assert.Equal(t, 6, calls, "five pages for ten records, and one for records added meanwhile")
	assert.Equal(t, 12, n)
}
