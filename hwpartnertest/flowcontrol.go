package hwpartnertest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Flow control, as Huawei documents it. Off unless WithFlowControl or SetFlowControl
// turns it on, so tests that do not ask for it keep their speed.
//
// The check runs after authentication (it is keyed by the caller's
// account) and before anything else: a refused request changes no state
// and writes no record. The buckets are hand-written rather than taken
// from golang.org/x/time/rate because this package imports the standard
// library and auth only.

// Throttle selects the answer a request over its quota gets: the API
// gateway's or the BSS service's.
type Throttle int

// Throttle answers, all HTTP 429.
const (
	// ThrottleGateway answers as the API gateway: APIGW.0308 with the
	// quota in the message and the request id in the body.
	ThrottleGateway Throttle = iota
	// ThrottleGatewayLegacy is the same with the older code APIG.0308.
	ThrottleGatewayLegacy
	// ThrottleService answers as the BSS service: CBC.0250.
	ThrottleService
)

// String names the answer as the standalone fake's -flow-control flag does.
func (t Throttle) String() string {
	switch t {
	case ThrottleGateway:
		return "gateway"
	case ThrottleGatewayLegacy:
		return "gateway-legacy"
	case ThrottleService:
		return "service"
	}
	return fmt.Sprintf("Throttle(%d)", int(t))
}

// ParseThrottle reads "gateway", "gateway-legacy" or "service".
func ParseThrottle(s string) (Throttle, error) {
	for _, t := range []Throttle{ThrottleGateway, ThrottleGatewayLegacy, ThrottleService} {
		if t.String() == s {
			return t, nil
		}
	}
	return 0, fmt.Errorf("hwpartnertest: unknown throttle answer %q (gateway, gateway-legacy or service)", s)
}

// DefaultQuota is the quota Huawei documents for every partner API without
// a quota of its own: 10 requests per second.
const DefaultQuota = 10

// DocumentedQuotas returns the quotas Huawei documents that differ from
// DefaultQuota, by operation, in requests per second.
func DocumentedQuotas() map[Op]int {
	return map[Op]int{
		OpCheckUserIdentity:               5,
		OpListPartnerAccountChangeRecords: 20,
		"ListRateOnPeriodDetail":          30,
	}
}

// FlowControl configures the fake's flow control.
type FlowControl struct {
	// Quotas sets the requests per second of operations by name; the
	// others get DocumentedQuotas, then Default.
	Quotas map[Op]int
	// Default is the quota of every other operation; 0 means DefaultQuota.
	Default int
	// Throttle is the answer over the quota.
	Throttle Throttle
	// FixedWindow counts requests per whole second of the server clock
	// (WithClock) instead of refilling a token bucket continuously: with a
	// clock the test sets, which requests are refused is deterministic.
	FixedWindow bool
	// PerSourceIP keeps separate buckets per source IP as well as per
	// account and API.
	PerSourceIP bool
	// RetryAfter sends "Retry-After: 1" with every refusal (the API is
	// not documented to send one).
	RetryAfter bool
	// CountRefused makes refused requests use up the quota too (it is not
	// documented whether they do).
	CountRefused bool
}

func (fc *FlowControl) check() error {
	if fc.Default < 0 {
		return errors.New("hwpartnertest: flow control default quota must not be negative")
	}
	for op, q := range fc.Quotas {
		if q <= 0 {
			return fmt.Errorf("hwpartnertest: flow control quota of %s must be positive", op)
		}
	}
	if _, err := ParseThrottle(fc.Throttle.String()); err != nil {
		return err
	}
	return nil
}

func (fc *FlowControl) quota(op Op) int {
	if q, ok := fc.Quotas[op]; ok {
		return q
	}
	if q, ok := DocumentedQuotas()[op]; ok {
		return q
	}
	if fc.Default > 0 {
		return fc.Default
	}
	return DefaultQuota
}

// WithFlowControl turns flow control on.
func WithFlowControl(fc FlowControl) Option {
	return func(s *Server) error {
		if err := fc.check(); err != nil {
			return err
		}
		s.state.flow.config = &fc
		return nil
	}
}

// SetFlowControl turns flow control on with fc, or off with nil. The
// buckets start full. A quota for an operation the server does not serve
// is refused.
func (s *Server) SetFlowControl(fc *FlowControl) error {
	if fc != nil {
		if err := fc.check(); err != nil {
			return err
		}
		for op := range fc.Quotas {
			if err := s.checkOp(op); err != nil {
				return err
			}
		}
		cp := *fc
		fc = &cp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.flow = flowState{config: fc, throttled: s.state.flow.throttled, forced: s.state.flow.forced}
	return nil
}

// ThrottleNext refuses the next n requests to op as flow control does,
// whether or not flow control is on, and before anything is changed.
func (s *Server) ThrottleNext(op Op, n int) error {
	return s.forceThrottle(op, n, false)
}

// ThrottleNextAfterApplying carries out the next n requests to op and
// then answers them as throttled: the answer lies, as no API is known to,
// to prove a client never resends a refused money call on its own.
func (s *Server) ThrottleNextAfterApplying(op Op, n int) error {
	return s.forceThrottle(op, n, true)
}

func (s *Server) forceThrottle(op Op, n int, applied bool) error {
	if s.tb != nil {
		s.tb.Helper()
	}
	if err := s.checkOp(op); err != nil {
		return s.misuse(err)
	}
	if n <= 0 {
		return s.misuse(errorf("throttle %d calls of %s: the count must be positive", n, op))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.flow.forced == nil {
		s.state.flow.forced = map[Op][]forcedThrottle{}
	}
	s.state.flow.forced[op] = append(s.state.flow.forced[op], forcedThrottle{left: n, applied: applied})
	return nil
}

// Throttled counts the requests to op that were answered as throttled
// ("" counts all).
func (s *Server) Throttled(op Op) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if op == "" {
		n := 0
		for _, c := range s.state.flow.throttled {
			n += c
		}
		return n
	}
	return s.state.flow.throttled[op]
}

// flowState is the buckets and counters; behind s.mu like all state.
type flowState struct {
	config    *FlowControl
	buckets   map[flowKey]*flowBucket
	throttled map[Op]int
	forced    map[Op][]forcedThrottle
}

type flowKey struct {
	account string
	op      Op
	ip      string
}

// flowBucket is a token bucket (capacity and refill = quota per second), or a
// count per second in fixed-window mode.
type flowBucket struct {
	tokens float64
	last   time.Time
	window int64 // fixed window: the second counted
	count  int
}

type forcedThrottle struct {
	left    int
	applied bool
}

// admit reports whether one more request fits the quota at now.
func (b *flowBucket) admit(now time.Time, quota int, fixed, countRefused bool) bool {
	if fixed {
		// Refused requests cannot use up more of a window that is full.
		if sec := now.Unix(); sec != b.window {
			b.window, b.count = sec, 0
		}
		if b.count < quota {
			b.count++
			return true
		}
		return false
	}
	capacity := float64(quota)
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = min(capacity, b.tokens+elapsed*capacity)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true
	}
	if countRefused {
		b.tokens = max(b.tokens-1, -capacity)
	}
	return false
}

// throttle is the flow-control check of one authenticated request. It
// answers the refusal, or ok=false to let the request through.
func (s *Server) throttle(rt *route, acct Account, r *http.Request, reqID string) (response, bool) {
	if rt.noAuth {
		return response{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fl := &s.state.flow
	if s.takeForced(rt.op, false) {
		return s.refusal(rt.op, reqID), true
	}
	fc := fl.config
	if fc == nil {
		return response{}, false
	}
	key := flowKey{account: acct.DomainID, op: rt.op}
	if fc.PerSourceIP {
		key.ip, _, _ = net.SplitHostPort(r.RemoteAddr)
	}
	if fl.buckets == nil {
		fl.buckets = map[flowKey]*flowBucket{}
	}
	now := s.now()
	quota := fc.quota(rt.op)
	b := fl.buckets[key]
	if b == nil {
		b = &flowBucket{tokens: float64(quota), last: now, window: now.Unix()}
		fl.buckets[key] = b
	}
	if b.admit(now, quota, fc.FixedWindow, fc.CountRefused) {
		return response{}, false
	}
	return s.refusal(rt.op, reqID), true
}

// throttleAfter replaces the answer of a request that was carried out when
// ThrottleNextAfterApplying asked for it.
func (s *Server) throttleAfter(rt *route, resp response, reqID string) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.takeForced(rt.op, true) {
		return s.refusal(rt.op, reqID)
	}
	return resp
}

// takeForced uses up one forced throttle of op of the given kind; s.mu is
// held.
func (s *Server) takeForced(op Op, applied bool) bool {
	fs := s.state.flow.forced[op]
	if len(fs) == 0 || fs[0].applied != applied {
		return false
	}
	fs[0].left--
	if fs[0].left <= 0 {
		s.state.flow.forced[op] = fs[1:]
	}
	return true
}

// refusal is the throttled answer for op, counted; s.mu is held. The
// gateway's carries the request id in the body too.
func (s *Server) refusal(op Op, reqID string) response {
	fl := &s.state.flow
	if fl.throttled == nil {
		fl.throttled = map[Op]int{}
	}
	fl.throttled[op]++
	kind, quota, retryAfter := ThrottleGateway, DefaultQuota, false
	if fc := fl.config; fc != nil {
		kind, quota, retryAfter = fc.Throttle, fc.quota(op), fc.RetryAfter
	} else if q, ok := DocumentedQuotas()[op]; ok {
		quota = q
	}
	var resp response
	switch kind {
	case ThrottleService:
		resp = apiError(http.StatusTooManyRequests, "CBC.0250", "Message flow control: too many requests, try again later.")
	default:
		code := "APIGW.0308"
		if kind == ThrottleGatewayLegacy {
			code = "APIG.0308"
		}
		resp = response{status: http.StatusTooManyRequests, body: map[string]string{
			"error_code": code,
			"error_msg":  fmt.Sprintf("The throttling threshold has been reached: policy user over ratelimit,limit:%d,time:1 second", quota),
			"request_id": reqID,
		}}
	}
	if retryAfter {
		resp.header = http.Header{"Retry-After": {"1"}}
	}
	return resp
}

// reset clears what ThrottleNext forced and the count of refusals, and
// fills the buckets again, as a Reset of the server does; s.mu is held.
func (fl *flowState) reset() {
	*fl = flowState{config: fl.config}
}
