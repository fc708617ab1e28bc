package core

import (
	"context"
	"time"
)

// ServerClock is implemented by Requesters that learn the server's clock
// from its answers (the Date header of every answer, the gateway's
// expired-signature message), whatever the credentials.
type ServerClock interface {
	Clock
	// ClockOffset is the server's clock minus this machine's. known
	// reports whether an answer has told it; until then Now is this
	// machine's clock, which may be off by up to ClockBound.
	ClockOffset() (offset time.Duration, known bool)
	// ClockBound is how far the server's clock can be from this machine's
	// while the offset is unknown: the gateway's signature tolerance for
	// signed requests, 0 (no bound) for tokens, which carry no time.
	ClockBound() time.Duration
}

// CallClock times a money call on the server's clock. Start it before the
// call and read Started after: the call itself may have taught the client
// the server's clock, and the start is re-aligned with what it learned.
type CallClock struct {
	r      Requester
	start  time.Time
	offset time.Duration
}

// StartCall reads r's server-aligned clock (time.Now for a Requester
// without one).
func StartCall(r Requester) CallClock {
	c := CallClock{r: r, start: time.Now()}
	if sc, ok := r.(ServerClock); ok {
		c.offset, _ = sc.ClockOffset()
		c.start = sc.Now()
	} else if cl, ok := r.(Clock); ok {
		c.start = cl.Now()
	}
	return c
}

// Started is when the call began on the server's clock as the client knows
// it now, and whether an answer of the server aligned that clock.
func (c CallClock) Started() (t time.Time, aligned bool) {
	sc, ok := c.r.(ServerClock)
	if !ok {
		return c.start, true
	}
	off, known := sc.ClockOffset()
	return c.start.Add(off - c.offset), known
}

// Resolve windows: how a record's time may differ from a call's times.
const (
	// ClockReadSlack covers reading both clocks to the second and
	// learning the offset from a Date header (whole seconds) over a
	// round trip.
	ClockReadSlack = 3 * time.Second
	// DefaultResolveMargin widens a resolver's search on both sides, for
	// the server's time to carry the call out and to write its record.
	DefaultResolveMargin = 5 * time.Minute
	// SignatureTolerance is how far the gateway lets a signature's time
	// be from its clock (spec/signing.md).
	SignatureTolerance = 15 * time.Minute
)

// ResolveWindow is the span of server time in which a money call's record
// can be. Resolvers (funds, vouchers, customers) search From..To, take a
// record at or after Earliest as possibly the call's, and count one
// between From and Earliest as a candidate only.
type ResolveWindow struct {
	From, Earliest, To time.Time
	// Bounded is false when nothing bounds the server's clock (a token
	// client that has read no answer's Date): no window provably covers
	// the call, so a resolver must not conclude that it was not recorded.
	Bounded bool
}

// NewResolveWindow is the window for a call that began at started (server
// time when aligned, else this machine's), read on r's clock now. margin
// 0 means DefaultResolveMargin.
func NewResolveWindow(r Requester, started time.Time, aligned bool, margin time.Duration) ResolveWindow {
	if margin <= 0 {
		margin = DefaultResolveMargin
	}
	now, slack, bounded := time.Now(), ClockReadSlack, true
	if sc, ok := r.(ServerClock); ok {
		off, known := sc.ClockOffset()
		now = sc.Now()
		switch {
		case !aligned && known:
			// started was this machine's clock: the offset was unknown then.
			started = started.Add(off)
		case !aligned:
			b := sc.ClockBound()
			slack += b
			bounded = b > 0
		}
	} else if cl, ok := r.(Clock); ok {
		now = cl.Now()
	}
	// The API filters and records to the second: round outwards.
	s := started.UTC().Truncate(time.Second)
	return ResolveWindow{
		From:     s.Add(-slack - margin),
		Earliest: s.Add(-slack),
		To:       now.UTC().Add(slack + margin).Truncate(time.Second).Add(time.Second),
		Bounded:  bounded,
	}
}

// Same reports whether w and o search the same records.
func (w ResolveWindow) Same(o ResolveWindow) bool {
	return w.From.Equal(o.From) && w.Earliest.Equal(o.Earliest) && w.Bounded == o.Bounded
}

// Resolution is what a resolver found of a money call whose outcome was
// unknown.
type Resolution int

// Resolutions.
const (
	// Recorded: exactly one record matches; the call was carried out.
	Recorded Resolution = iota + 1
	// NotRecorded: every record of a window that covers the call was read
	// and none matches yet. Not proof that it did not happen.
	NotRecorded
	// Ambiguous: the records cannot tell whether or which one is the call.
	Ambiguous
)

// String names the resolution.
func (r Resolution) String() string {
	switch r {
	case Recorded:
		return "recorded"
	case NotRecorded:
		return "not recorded"
	case Ambiguous:
		return "ambiguous"
	}
	return "unknown"
}

// SearchWindow runs search over the window of a call that began at
// started, and returns what it found with the window to judge it by. The
// search's own answers may teach the client the server's clock: the window
// is then computed again, and searched again only when it reaches beyond
// what was searched.
func SearchWindow[T any](r Requester, started time.Time, aligned bool, margin time.Duration, search func(ResolveWindow) (T, error)) (T, ResolveWindow, error) {
	w := NewResolveWindow(r, started, aligned, margin)
	found, err := search(w)
	if err != nil {
		return found, w, err
	}
	now := NewResolveWindow(r, started, aligned, margin)
	if now.Same(w) {
		return found, w, nil
	}
	if !w.Bounded || now.From.Before(w.From) || now.To.After(w.To) {
		found, err = search(now)
	}
	return found, now, err
}

// CollectListed walks every page of fetch like Paginate, keeping the items
// keep accepts. listed reports whether every answer carried its list (a
// page with nil Items did not): an answer without one proves nothing.
func CollectListed[T any](ctx context.Context, fetch func(context.Context, ListOptions) (*Page[T], error), keep func(T) bool) (kept []T, listed bool, err error) {
	listed = true
	pages := Paginate(ctx, ListOptions{}, func(ctx context.Context, o ListOptions) (*Page[T], error) {
		pg, err := fetch(ctx, o)
		if err == nil && pg.Items == nil {
			listed = false
		}
		return pg, err
	})
	for it, err := range pages {
		if err != nil {
			return nil, false, err
		}
		if keep(it) {
			kept = append(kept, it)
		}
	}
	return kept, listed, nil
}

// Judge weighs the records found for one call against the window w. at
// gives a record's time (zero when it cannot be read) and whether it
// matches the call exactly, as far as the record shows. A record outside
// the window is dropped; an exact one at or after w.Earliest counts as
// the call; any other is a candidate only. It returns the resolution and
// the records that match or might.
func Judge[T any](w ResolveWindow, listed bool, found []T, at func(T) (t time.Time, exact bool)) (Resolution, []T) {
	var matches []T
	exact, uncertain := 0, 0
	for _, r := range found {
		t, same := at(r)
		if !t.IsZero() && (t.Before(w.From) || t.After(w.To)) {
			continue
		}
		if same && !t.IsZero() && !t.Before(w.Earliest) {
			exact++
		} else {
			uncertain++
		}
		matches = append(matches, r)
	}
	switch {
	case exact == 1 && uncertain == 0 && w.Bounded:
		return Recorded, matches
	case exact+uncertain == 0 && w.Bounded && listed:
		return NotRecorded, matches
	}
	return Ambiguous, matches
}

// Resolved is what a resolver found of one money call.
type Resolved[T any] struct {
	Resolution Resolution
	// Record is the matching record when Resolution is Recorded.
	Record *T
	// Matches lists every record that matches or might match.
	Matches []T
	// From and To are the operation times searched, both included.
	From, To time.Time
}

// ResolveCall is what a resolver of one money call does: search the
// call's window (SearchWindow), and judge what was found (Judge).
func ResolveCall[T any](r Requester, started time.Time, aligned bool, margin time.Duration,
	search func(ResolveWindow) ([]T, bool, error), at func(T) (time.Time, bool)) (*Resolved[T], error) {
	type found struct {
		records []T
		listed  bool
	}
	got, w, err := SearchWindow(r, started, aligned, margin, func(w ResolveWindow) (found, error) {
		records, listed, err := search(w)
		return found{records, listed}, err
	})
	if err != nil {
		return nil, err
	}
	res := &Resolved[T]{From: w.From, To: w.To}
	res.Resolution, res.Matches = Judge(w, got.listed, got.records, at)
	if res.Resolution == Recorded {
		res.Record = &res.Matches[0]
	}
	return res, nil
}
