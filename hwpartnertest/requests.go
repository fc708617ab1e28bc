package hwpartnertest

import (
	"net/http"
	"time"
)

// Request log bounds: the newest requests are kept, up to a count and a
// total of body bytes, so a long-running fake keeps its memory flat.
const (
	// DefaultRequestLog is how many requests a server keeps for Requests
	// unless WithRequestLog says otherwise.
	DefaultRequestLog = 10_000
	// maxLoggedBodyBytes bounds the request bodies the log holds.
	maxLoggedBodyBytes = 64 << 20
)

// WithRequestLog keeps the newest n requests for Requests (n ≥ 0; 0 keeps
// none). Request bodies kept are also bounded to 64 MB in total; older
// entries go first. RequestCount counts every request whatever n is.
func WithRequestLog(n int) Option {
	return func(s *Server) error {
		if n < 0 {
			return errorf("WithRequestLog needs n >= 0, not %d", n)
		}
		s.log.limit = n
		return nil
	}
}

// logEntry is one recorded request. Handlers hold a pointer to their own
// entry, never an index: a reset or an eviction only unlinks the entry,
// and later updates to it are harmless.
type logEntry struct {
	req  Request
	live bool // still in the log
}

// requestLog is a ring of the newest entries plus exact counts per
// operation since the last reset. All of it is behind Server.mu.
type requestLog struct {
	limit     int
	ring      []*logEntry // len ≤ limit; oldest at start
	start     int
	bodyBytes int
	counts    map[Op]int
	total     int
}

func (l *requestLog) add(e *logEntry) {
	if l.counts == nil {
		l.counts = map[Op]int{}
	}
	l.counts[e.req.Operation]++
	l.total++
	if l.limit == 0 {
		return
	}
	e.live = true
	if len(l.ring) < l.limit {
		l.ring = append(l.ring, e)
		return
	}
	old := l.ring[l.start]
	l.unlink(old)
	l.ring[l.start] = e
	l.start = (l.start + 1) % len(l.ring)
}

func (l *requestLog) unlink(e *logEntry) {
	e.live = false
	l.bodyBytes -= len(e.req.Body)
}

// setBody attaches a body to a live entry and drops the oldest bodies
// while the total is over budget.
func (l *requestLog) setBody(e *logEntry, body []byte) {
	if !e.live {
		return
	}
	e.req.Body = body
	l.bodyBytes += len(body)
	for i := 0; l.bodyBytes > maxLoggedBodyBytes && i < len(l.ring); i++ {
		old := l.ring[(l.start+i)%len(l.ring)]
		if old != e && len(old.req.Body) > 0 {
			l.bodyBytes -= len(old.req.Body)
			old.req.Body = nil
		}
	}
}

func (l *requestLog) entries() []Request {
	out := make([]Request, len(l.ring))
	for i := range l.ring {
		out[i] = l.ring[(l.start+i)%len(l.ring)].req
	}
	return out
}

func (l *requestLog) reset() {
	for _, e := range l.ring {
		e.live = false
	}
	l.ring, l.start, l.bodyBytes, l.total = nil, 0, 0, 0
	clear(l.counts)
}

// newEntry records a request that just arrived and returns its entry,
// request id and the server time of its arrival.
func (s *Server) newEntry(op Op, r *http.Request, header http.Header, query map[string][]string) (*logEntry, string, time.Time) {
	e := &logEntry{req: Request{Operation: op, Method: r.Method, Path: r.URL.Path, Query: query,
		Header: header, AccessKey: accessKeyOf(r)}}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	s.log.add(e)
	return e, requestID("fake-", s.seq), s.now()
}

// setBody and setStatus update a request's entry.
func (s *Server) setBody(e *logEntry, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log.setBody(e, body)
}

func (s *Server) setStatus(e *logEntry, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e.req.Status = status
}

// requestID formats prefix + seq zero-padded to 8 digits without fmt: it
// runs on every request.
func requestID(prefix string, seq int) string {
	var buf [32]byte
	b := append(buf[:0], prefix...)
	var digits [20]byte
	i := len(digits)
	for n := seq; n > 0 || i > len(digits)-8; n /= 10 {
		i--
		digits[i] = byte('0' + n%10)
	}
	return string(append(b, digits[i:]...))
}
