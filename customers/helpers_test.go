package customers_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
)

// pollHook is a Requester that runs each before every call, to act
// between a waiter's polls.
type pollHook struct {
	c    *hwpartner.Client
	each func()
}

func (h pollHook) Do(ctx context.Context, op *core.Operation, params, result any) (core.ResponseMeta, error) {
	h.each()
	return h.c.Do(ctx, op, params, result)
}

func contextWithCancel(t *testing.T) (context.Context, context.CancelFunc) {
	return context.WithCancel(t.Context())
}

// testClock is a settable server clock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *testClock { return &testClock{t: time.Now()} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func jsonInto(s string, v any) error { return json.Unmarshal([]byte(s), v) }
