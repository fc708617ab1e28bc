package core_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/hwpartner/go-hwpartner/core"
)

type rec struct {
	at    time.Time
	exact bool
}

func TestJudge(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	w := core.ResolveWindow{From: start.Add(-time.Minute), Earliest: start, To: start.Add(time.Minute), Bounded: true}
	at := func(r rec) (time.Time, bool) { return r.at, r.exact }
	unbounded := w
	unbounded.Bounded = false
	for name, tc := range map[string]struct {
		w      core.ResolveWindow
		listed bool
		found  []rec
		want   core.Resolution
		n      int
	}{
		"one exact":                 {w, true, []rec{{start.Add(time.Second), true}}, core.Recorded, 1},
		"none":                      {w, true, nil, core.NotRecorded, 0},
		"outside the window":        {w, true, []rec{{start.Add(time.Hour), true}}, core.NotRecorded, 0},
		"none, a list was missing":  {w, false, nil, core.Ambiguous, 0},
		"none, no window covers it": {unbounded, true, nil, core.Ambiguous, 0},
		"one, no window covers it":  {unbounded, true, []rec{{start, true}}, core.Ambiguous, 1},
		"before the call":           {w, true, []rec{{start.Add(-time.Second), true}}, core.Ambiguous, 1},
		"time unknown":              {w, true, []rec{{time.Time{}, true}}, core.Ambiguous, 1},
		"not exactly the call":      {w, true, []rec{{start, false}}, core.Ambiguous, 1},
		"two exact":                 {w, true, []rec{{start, true}, {start.Add(time.Second), true}}, core.Ambiguous, 2},
	} {
		got, matches := core.Judge(tc.w, tc.listed, tc.found, at)
		assert.Equal(t, tc.want, got, name)
		assert.Len(t, matches, tc.n, name)
	}
}
