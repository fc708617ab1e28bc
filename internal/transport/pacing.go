package transport

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/time/rate"

	"github.com/hwpartner/go-hwpartner/core"
)

// DefaultRate is the flow-control quota Huawei documents for every
// partner API without a quota of its own, in requests per second.
const DefaultRate = 10

// DocumentedRate returns the quota Huawei documents for an operation
// when it differs from DefaultRate, else 0. Where copies of
// Huawei's page disagree (on-demand rating: 20 or 10) the lower one holds.
func DocumentedRate(operation string) float64 {
	switch operation {
	case "CheckUserIdentity":
		return 5
	case "ListPartnerAccountChangeRecords":
		return 20
	case "ListRateOnPeriodDetail":
		return 30
	}
	return 0
}

// Pacer paces each operation of one client with a token bucket of its own
// (golang.org/x/time/rate), shared by all the client's goroutines, so
// the client stays within Huawei's per-API quotas instead of running into
// 429 answers. Its burst is one request: requests leave evenly spaced,
// which no counting window at the server can see as more than the rate.
type Pacer struct {
	rates    map[string]float64 // set by the program, by operation
	fallback float64            // for the others without a documented rate

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

// NewPacer paces the operations named in rates at their rate, the others
// at their documented rate or fallback, all in requests per second, 0 not
// pacing. The rates are checked by the options that set them.
func NewPacer(rates map[string]float64, fallback float64) *Pacer {
	return &Pacer{rates: rates, fallback: fallback, buckets: map[string]*rate.Limiter{}}
}

// Wait blocks until op may be sent, or returns an error when ctx ends, or
// would end, first. Nothing has been sent when it fails.
func (p *Pacer) Wait(ctx context.Context, op *core.Operation) error {
	key := op.Name
	if key == "" {
		key = op.Method + " " + op.Path
	}
	perSecond, ok := p.rates[key]
	if !ok {
		if perSecond = DocumentedRate(key); perSecond == 0 {
			perSecond = p.fallback
		}
	}
	if perSecond == 0 {
		return nil
	}
	p.mu.Lock()
	lim := p.buckets[key]
	if lim == nil {
		lim = rate.NewLimiter(rate.Limit(perSecond), 1)
		p.buckets[key] = lim
	}
	p.mu.Unlock()
	if err := lim.Wait(ctx); err != nil {
		cause := ctx.Err()
		if cause == nil {
			// The wait would outlast the deadline: say so now.
			cause = context.DeadlineExceeded
		}
		return fmt.Errorf("waiting for the client's rate limit of %g requests per second: %w", perSecond, cause)
	}
	return nil
}
