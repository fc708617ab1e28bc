package hwpartnertest

import (
	"net/http"
	"time"
)

// Drop says when an injected fault closes the connection without an answer.
type Drop int

// Drops.
const (
	NoDrop Drop = iota
	// DropBeforeRead closes the connection before reading the request.
	DropBeforeRead
	// DropAfterRead reads the request, does not carry it out, and closes.
	DropAfterRead
	// DropAfterProcessing carries the request out (money moves) and then
	// closes without answering, like a server that failed mid-answer.
	DropAfterProcessing
)

func (d Drop) String() string {
	switch d {
	case NoDrop:
		return "none"
	case DropBeforeRead:
		return "before_read"
	case DropAfterRead:
		return "after_read"
	case DropAfterProcessing:
		return "after_processing"
	}
	return "unknown"
}

// Fault is injected into the answers to one operation.
//
// A fault answers with an error (Status and/or Code), drops the
// connection (Drop), delays (Latency), or delays and then does one of the
// others. Error answers come after authentication, so a wrongly signed
// request still gets its 401.
type Fault struct {
	// Status and Code answer with this error instead of carrying the
	// request out (Status 0 with a Code means 400). Message defaults to a
	// generic text.
	Status  int
	Code    string
	Message string
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter string
	// Latency delays the answer (or the drop).
	Latency time.Duration
	Drop    Drop
	// After is how many calls to the operation pass untouched before the
	// fault applies, counted from when it was injected (whether or not
	// another fault answered them): After 2 targets the third call.
	After int
	// Times is how many calls the fault applies to; 0 means all until
	// ClearFaults.
	Times int
}

// check says what is wrong with a fault before it is installed.
func (f Fault) check() error {
	switch {
	case f.Times < 0 || f.After < 0:
		return errorf("a fault's Times and After must not be negative")
	case f.Latency < 0:
		return errorf("a fault's Latency must not be negative")
	case f.Drop < NoDrop || f.Drop > DropAfterProcessing:
		return errorf("unknown Drop %d", int(f.Drop))
	case f.Status != 0 && (f.Status < 200 || f.Status > 599):
		return errorf("a fault's Status must be an HTTP status between 200 and 599, not %d", f.Status)
	case f.answers() && f.Drop != NoDrop:
		return errorf("a fault either answers (Status, Code) or drops the connection, not both")
	case !f.answers() && f.Drop == NoDrop && f.Latency == 0:
		return errorf("a fault needs a Status, a Code, a Drop or a Latency")
	}
	return nil
}

// answers reports whether the fault replaces the answer with an error.
func (f *Fault) answers() bool { return f.Status != 0 || f.Code != "" }

// InjectFault applies f to calls of op: the calls after the first
// f.After, f.Times of them (or all). Faults on one operation apply in the
// order they were injected. An unknown operation or a fault that cannot
// apply is refused: the error is returned and, for a server from
// NewServer, the test fails.
func (s *Server) InjectFault(op Op, f Fault) error {
	if s.tb != nil {
		s.tb.Helper()
	}
	if err := s.checkOp(op); err != nil {
		return s.misuse(err)
	}
	if err := f.check(); err != nil {
		return s.misuse(err)
	}
	s.addFault(op, f)
	return nil
}

func (s *Server) addFault(op Op, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[op] = append(s.faults[op], &f)
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = map[Op][]*Fault{}
}

// Faults returns the faults still pending for op, in the order they
// apply, with After and Times as they stand now.
func (s *Server) Faults(op Op) []Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Fault, 0, len(s.faults[op]))
	for _, f := range s.faults[op] {
		out = append(out, *f)
	}
	return out
}

// takeFault counts one call of op against the pending faults and returns
// a copy of the fault that applies to it, if any.
func (s *Server) takeFault(op Op) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs := s.faults[op]
	if len(fs) == 0 {
		return nil
	}
	var hit *Fault
	kept := fs[:0]
	for _, f := range fs {
		switch {
		case f.After > 0:
			f.After--
		case hit == nil:
			cp := *f
			hit = &cp
			if f.Times > 0 {
				f.Times--
				if f.Times == 0 {
					continue // used up
				}
			}
		}
		kept = append(kept, f)
	}
	clear(fs[len(kept):])
	s.faults[op] = kept
	return hit
}

func (f *Fault) response() response {
	status, msg := f.Status, f.Message
	if status == 0 {
		status = http.StatusBadRequest
	}
	if msg == "" {
		msg = "injected fault"
	}
	var r response
	if f.Code != "" {
		r = apiError(status, f.Code, msg)
	} else {
		r = response{status: status, body: map[string]string{"error_msg": msg}}
	}
	if f.RetryAfter != "" {
		r.header = http.Header{"Retry-After": {f.RetryAfter}}
	}
	return r
}

// wait sleeps for the fault's latency; false when the client went away.
func (f *Fault) wait(r *http.Request) bool {
	if f == nil || f.Latency <= 0 {
		return true
	}
	t := time.NewTimer(f.Latency)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}
