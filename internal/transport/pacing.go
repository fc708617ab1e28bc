package transport

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"sync"

	"golang.org/x/time/rate"

	"github.com/hwpartner/go-hwpartner/core"
)

// DefaultRate is the documented flow-control quota of every API without
// a row of its own (api.md §1.6, §11.1), in requests per second.
const DefaultRate = 10

// DocumentedRates returns the quotas api.md §11.1 documents that differ
// from DefaultRate, by operation name. Where copies of Huawei's page
// disagree (on-demand rating: 20 or 10) the lower one is kept.
func DocumentedRates() map[string]float64 {
	return map[string]float64{
		"CheckUserIdentity":               5,
		"ListPartnerAccountChangeRecords": 20,
		"ListRateOnPeriodDetail":          30,
	}
}

// Pacer paces each operation of one client with a token bucket of its own
// (golang.org/x/time/rate), shared by all the client's goroutines, so
// the client stays within Huawei's per-API quotas instead of running into
// 429 answers. Its burst is one request: requests leave evenly spaced,
// which no counting window at the server can see as more than the rate.
type Pacer struct {
	rates    map[string]float64
	fallback float64

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

// NewPacer paces the operations named in rates at their rate, and every
// other one at fallback, both in requests per second; 0 does not pace.
func NewPacer(rates map[string]float64, fallback float64) (*Pacer, error) {
	if err := checkRate("default", fallback); err != nil {
		return nil, err
	}
	p := &Pacer{rates: make(map[string]float64, len(rates)), fallback: fallback, buckets: map[string]*rate.Limiter{}}
	for op, r := range rates {
		if err := checkRate(op, r); err != nil {
			return nil, err
		}
		p.rates[op] = r
	}
	return p, nil
}

func checkRate(op string, r float64) error {
	if r < 0 || math.IsNaN(r) || math.IsInf(r, 0) {
		return fmt.Errorf("hwpartner: rate limit of %s must be a finite number of requests per second, 0 or more", op)
	}
	return nil
}

// Wait blocks until op may be sent, or returns an error when ctx ends, or
// would end, first. Nothing has been sent when it fails.
func (p *Pacer) Wait(ctx context.Context, op *core.Operation) error {
	lim, perSecond := p.limiter(op)
	if lim == nil {
		return nil
	}
	if err := lim.Wait(ctx); err != nil {
		cause := ctx.Err()
		if cause == nil {
			// The wait would outlast the deadline: say so now.
			cause = context.DeadlineExceeded
		}
		return &PaceError{Rate: perSecond, Err: cause}
	}
	return nil
}

// limiter returns op's bucket, made on first use; nil when op is not paced.
func (p *Pacer) limiter(op *core.Operation) (*rate.Limiter, float64) {
	key := op.Name
	if key == "" {
		key = op.Method + " " + op.Path
	}
	perSecond, ok := p.rates[key]
	if !ok {
		perSecond = p.fallback
	}
	if perSecond == 0 {
		return nil, 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	lim := p.buckets[key]
	if lim == nil {
		lim = rate.NewLimiter(rate.Limit(perSecond), 1)
		p.buckets[key] = lim
	}
	return lim, perSecond
}

// PaceError says a request was not sent because its context ended, or
// would have ended, while it waited for the client's rate limit.
type PaceError struct {
	Rate float64
	Err  error
}

func (e *PaceError) Error() string {
	return "waiting for the client's rate limit of " + strconv.FormatFloat(e.Rate, 'f', -1, 64) +
		" requests per second: " + e.Err.Error()
}

// Unwrap returns the context's error.
func (e *PaceError) Unwrap() error { return e.Err }
