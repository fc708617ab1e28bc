package bulk

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
)

// Defaults of Config.
const (
	// DefaultConcurrency leaves each call room for a slow disk or network:
	// at 100 calls a second, 80 ms each, before the pace is lost.
	DefaultConcurrency = 8
	// DefaultSettle is how long after a request a lookup must be made for
	// "no record" to count as proof it was not carried out: longer than
	// the client's 60-second attempt timeout, so a request still on its
	// way cannot be carried out after the lookup.
	DefaultSettle    = 2 * time.Minute
	DefaultRetries   = 5
	DefaultRetryWait = time.Second
	maxRetryWait     = 30 * time.Second

	pageSize = 256
	// maxLookup bounds the items of one lookup: those of one call.
	maxLookup = 100
	// maxBuffered bounds the items waiting in open batches, so memory
	// stays flat whatever the size of the job.
	maxBuffered = 1000
)

// Config tunes a Runner. The zero value takes the defaults.
type Config struct {
	// Concurrency is how many API calls may be in flight at once (0:
	// DefaultConcurrency). The client's pacing (hwpartner.WithRateLimit)
	// sets the rate; concurrency only has to be high enough to reach it,
	// and bounds what a crash leaves to look up.
	Concurrency int
	// Settle is how long after a request a lookup that finds no record
	// proves the request was not carried out, so the item is sent again
	// (0: DefaultSettle). Before that the lookup is repeated.
	Settle time.Duration
	// Retries bounds, per item and per run, how often a refused request is
	// sent again and a failed lookup made again (0: DefaultRetries).
	Retries int
	// RetryWait is the wait before the first retry of an item, doubling
	// up to 30 s, with jitter (0: DefaultRetryWait).
	RetryWait time.Duration
	// Progress, when set, is called after every change, one call at a time.
	Progress func(Progress)
	// Executors adds executors for kinds Services does not cover, or
	// replaces built-in ones.
	Executors map[Kind]Executor
}

// Runner runs a job through a journal: it plans it, sends it, resumes it
// after a crash, and looks up every unknown outcome before anything is
// sent again. Run one at a time per journal.
type Runner struct {
	j    Journal
	svc  Services
	exec map[Kind]Executor
	cfg  Config
	now  func() time.Time

	mu      sync.Mutex
	running bool
}

// New returns a runner over j that sends through svc and cfg.Executors.
func New(j Journal, svc Services, cfg Config) (*Runner, error) {
	if j == nil {
		return nil, errors.New("bulk: nil journal")
	}
	if cfg.Concurrency < 0 || cfg.Settle < 0 || cfg.Retries < 0 || cfg.RetryWait < 0 {
		return nil, errors.New("bulk: Concurrency, Settle, Retries and RetryWait must not be negative")
	}
	if cfg.Concurrency == 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.Settle == 0 {
		cfg.Settle = DefaultSettle
	}
	if cfg.Retries == 0 {
		cfg.Retries = DefaultRetries
	}
	if cfg.RetryWait == 0 {
		cfg.RetryWait = DefaultRetryWait
	}
	// Times are this machine's: resolvers align them with the server's.
	r := &Runner{j: j, svc: svc, exec: svc.executors(), cfg: cfg, now: time.Now}
	for k, e := range cfg.Executors {
		if e == nil {
			return nil, fmt.Errorf("bulk: nil executor for %s", k)
		}
		r.exec[k] = e
	}
	return r, nil
}

// Plan validates job and stores it in the journal with every item
// pending; nothing is sent. A journal that already holds the same job is
// left as it is, so a restarted program may plan again before resuming;
// one holding another job gives ErrOtherJob.
func (r *Runner) Plan(ctx context.Context, job *Job) (*Plan, error) {
	p, err := Preview(job)
	if err != nil {
		return nil, err
	}
	for _, kp := range p.Kinds {
		if r.exec[kp.Kind] == nil {
			return nil, fmt.Errorf("bulk: no executor for %s items: give the service in Services or Config.Executors", kp.Kind)
		}
	}
	if err := r.begin(); err != nil {
		return nil, err
	}
	defer r.end()
	digest := job.digest()
	h, ok, err := r.j.Header(ctx)
	if err != nil {
		return nil, fmt.Errorf("bulk: reading the journal: %w", err)
	}
	if ok {
		if h.Digest != digest {
			return nil, ErrOtherJob
		}
		return p, nil
	}
	now := r.now()
	for start := 0; start < len(job.Items); start += pageSize {
		end := min(start+pageSize, len(job.Items))
		es := make([]Entry, 0, end-start)
		for i := start; i < end; i++ {
			es = append(es, Entry{Seq: uint64(i + 1), Item: job.Items[i], State: Pending, Updated: now})
		}
		if err := r.j.Save(ctx, es...); err != nil {
			return nil, fmt.Errorf("bulk: writing the journal: %w", err)
		}
	}
	h = Header{Digest: digest, Items: len(job.Items), AllowDuplicates: job.AllowDuplicates, Created: now}
	if err := r.j.SetHeader(ctx, h); err != nil {
		return nil, fmt.Errorf("bulk: writing the journal: %w", err)
	}
	return p, nil
}

func (r *Runner) begin() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running {
		return errors.New("bulk: the runner is busy: one Plan, Run or Settle at a time")
	}
	r.running = true
	return nil
}

func (r *Runner) end() {
	r.mu.Lock()
	r.running = false
	r.mu.Unlock()
}

// Progress says where a job stands. Done + Failed + Unknown + Remaining
// is Total.
type Progress struct {
	Total int
	Done  int
	// Failed items were refused by the API; nothing moved.
	Failed int
	// Unknown items may or may not have been carried out; Ambiguous of
	// them need a person (Runner.Settle).
	Unknown   int
	Ambiguous int
	// Remaining items are still to be sent, or in flight.
	Remaining int
	// Requests counts the API calls this run sent; Lookups the lookups.
	Requests int
	Lookups  int
	Elapsed  time.Duration
	// Rate is items settled per second in this run, and Left the time
	// that remains at that rate (0 when it cannot tell yet).
	Rate float64
	Left time.Duration
}

// String is a one-line summary.
func (p Progress) String() string {
	s := fmt.Sprintf("%d/%d done, %d failed, %d unknown", p.Done, p.Total, p.Failed, p.Unknown)
	if p.Ambiguous > 0 {
		s += fmt.Sprintf(" (%d to settle by hand)", p.Ambiguous)
	}
	s += fmt.Sprintf(", %d remaining; %.1f items/s", p.Remaining, p.Rate)
	if p.Left > 0 {
		s += ", about " + p.Left.Round(time.Second).String() + " left"
	}
	return s
}

// ErrIncomplete is matched by Run's error when the run ended with items
// not settled: unknown, or not sent after their retries. Run again to
// resume; Progress says how many.
var ErrIncomplete = errors.New("bulk: items are not settled")

// Run sends every pending item of the planned job and settles every item
// whose outcome is unknown, until each is done, failed, or ambiguous. An
// item found in flight from an earlier run (the process died) is looked
// up first, like any unknown outcome: it is sent again only once a lookup
// made Config.Settle after its request finds no record of it.
//
// When ctx ends, Run sends nothing more, waits for the requests already
// sent (so their outcomes are journaled), and returns ctx's error; a later
// Run resumes. Items failed by the API do not make Run fail: read them in
// the report. A journal error stops the run: every request then in
// flight is looked up on resume.
func (r *Runner) Run(ctx context.Context) (Progress, error) {
	if err := r.begin(); err != nil {
		return Progress{}, err
	}
	defer r.end()
	h, ok, err := r.j.Header(ctx)
	if err != nil {
		return Progress{}, fmt.Errorf("bulk: reading the journal: %w", err)
	}
	if !ok {
		return Progress{}, errors.New("bulk: the journal holds no job: Plan one first")
	}
	rn := &run{r: r, h: h, start: time.Now(), counts: map[State]int{}, results: make(chan result)}
	if h.AllowDuplicates {
		rn.owners, rn.parked = map[string]uint64{}, map[string][]Entry{}
	}
	if err := rn.prepare(ctx); err != nil {
		return rn.progress(), err
	}
	rn.report()
	err = rn.loop(ctx)
	p := rn.progress()
	if err == nil && (p.Unknown > 0 || p.Remaining > 0) {
		err = fmt.Errorf("%w: %d unknown (%d to settle by hand), %d not sent", ErrIncomplete, p.Unknown, p.Ambiguous, p.Remaining)
	}
	return p, err
}

// run is the state of one Run. Only the loop's goroutine touches it;
// workers get copies of entries and hand results back.
type run struct {
	r     *Runner
	h     Header
	start time.Time

	counts   map[State]int
	requests int
	lookups  int
	settled  int // items settled in this run

	next     uint64 // the next Seq to read from the journal
	streamed bool   // every entry has been read
	// claimed holds the items ahead of the stream that the run already
	// handles (those unknown at the start), so it does not take them twice.
	claimed   map[uint64]bool
	batches   batcher
	ready     []task
	delayed   delayQueue
	inflight  int
	lookingUp int            // lookups among inflight
	tries     map[uint64]int // retries per item in this run
	results   chan result
	fatal     error

	// With duplicates allowed: the unsettled item acting on each target,
	// and the items waiting for it.
	owners map[string]uint64
	parked map[string][]Entry
}

type task struct {
	resolve bool
	entries []Entry
}

type result struct {
	t       task
	entries []Entry // as journaled after the task
	sent    bool
	// retry asks for the entries to be sent again after a wait;
	// again for a lookup again at the given time.
	retry   bool
	again   time.Time
	lookups int
	fatal   error
}

// prepare counts the journal's states and marks what a dead process left
// in flight as unknown, queueing every unknown item for a lookup.
func (rn *run) prepare(ctx context.Context) error {
	rn.claimed = map[uint64]bool{}
	type callKey struct {
		kind    Kind
		call    uint64
		started time.Time
	}
	calls := map[callKey]int{} // index in rn.ready of each call's lookup
	var stale []Entry
	flush := func() error {
		if len(stale) == 0 {
			return nil
		}
		err := rn.r.j.Save(ctx, stale...)
		stale = stale[:0]
		if err != nil {
			return fmt.Errorf("bulk: writing the journal: %w", err)
		}
		return nil
	}
	for e, err := range Entries(ctx, rn.r.j) {
		if err != nil {
			return fmt.Errorf("bulk: reading the journal: %w", err)
		}
		if rn.r.exec[e.Item.Kind] == nil {
			return fmt.Errorf("bulk: no executor for %s items: give the service in Services or Config.Executors", e.Item.Kind)
		}
		if e.State == Sending {
			e.State, e.Message, e.Updated = Unknown, "the run stopped while it was being sent", rn.r.now()
			if stale = append(stale, e); len(stale) == pageSize {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		rn.counts[e.State]++
		switch e.State {
		case Unknown:
			rn.own(e)
			rn.claimed[e.Seq] = true
			// The items of one call are looked up together.
			k := callKey{e.Item.Kind, e.Call, e.Started}
			if i, ok := calls[k]; ok && e.Call != 0 && len(rn.ready[i].entries) < maxLookup {
				rn.ready[i].entries = append(rn.ready[i].entries, e)
				break
			}
			calls[k] = len(rn.ready)
			rn.ready = append(rn.ready, task{resolve: true, entries: []Entry{e}})
		case Ambiguous:
			rn.own(e)
		}
	}
	if err := flush(); err != nil {
		return err
	}
	rn.next = 1
	rn.tries = map[uint64]int{}
	return nil
}

func (rn *run) own(e Entry) {
	if rn.owners != nil {
		rn.owners[e.Item.target()] = e.Seq
	}
}

// loop dispatches tasks until nothing is left to do, ctx ends or a
// journal write fails.
func (rn *run) loop(ctx context.Context) error {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		stopping := ctx.Err() != nil || rn.fatal != nil
		if !stopping {
			if err := rn.fill(ctx); err != nil {
				rn.fatal = err
				stopping = true
			}
		}
		if rn.inflight == 0 && (stopping || rn.idle()) {
			break
		}
		var due <-chan time.Time
		if !stopping && len(rn.delayed) > 0 && rn.inflight < rn.r.cfg.Concurrency {
			timer.Reset(max(rn.delayed[0].at.Sub(rn.r.now()), 0))
			due = timer.C
		}
		var done <-chan struct{}
		if !stopping {
			done = ctx.Done()
		}
		select {
		case res := <-rn.results:
			rn.inflight--
			if res.t.resolve {
				rn.lookingUp--
			}
			rn.apply(res)
		case <-due:
		case <-done:
		}
		if due != nil && !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
	}
	if rn.fatal != nil {
		return rn.fatal
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("bulk: run stopped, resume it with Run: %w", err)
	}
	return nil
}

// idle reports whether no work is left.
func (rn *run) idle() bool {
	return rn.streamed && rn.batches.empty() && len(rn.ready) == 0 && len(rn.delayed) == 0
}

// fill starts tasks while there is room: due retries first, then ready
// tasks, then items read from the journal.
func (rn *run) fill(ctx context.Context) error {
	now := rn.r.now()
	for len(rn.delayed) > 0 && !rn.delayed[0].at.After(now) {
		d := heap.Pop(&rn.delayed).(delayed)
		rn.queue(d.t)
	}
	for rn.inflight < rn.r.cfg.Concurrency {
		if len(rn.ready) == 0 {
			if err := rn.read(ctx); err != nil {
				return err
			}
		}
		if len(rn.ready) == 0 {
			// Nothing else to send: send the open batches, oldest first,
			// unless lookups in flight may still add items to them.
			if rn.lookingUp > 0 {
				return nil
			}
			if b := rn.batches.oldest(); b != nil {
				rn.ready = append(rn.ready, task{entries: b})
				continue
			}
			return nil
		}
		t := rn.ready[0]
		rn.ready = rn.ready[1:]
		rn.inflight++
		if t.resolve {
			rn.lookingUp++
		}
		go rn.work(ctx, t)
	}
	return nil
}

// queue puts a task where it belongs: batchable sends back into the open
// batches, the rest ready to go.
func (rn *run) queue(t task) {
	if !t.resolve && t.entries[0].Item.Kind.MaxBatch() > 1 {
		for _, e := range t.entries {
			rn.add(e)
		}
		return
	}
	rn.ready = append(rn.ready, t)
}

// add puts a pending item in its batch; a full batch becomes ready.
func (rn *run) add(e Entry) {
	if e.Item.Kind.MaxBatch() == 1 {
		rn.ready = append(rn.ready, task{entries: []Entry{e}})
		return
	}
	if b := rn.batches.add(e); b != nil {
		rn.ready = append(rn.ready, task{entries: b})
	}
	if rn.batches.buffered >= maxBuffered {
		rn.ready = append(rn.ready, task{entries: rn.batches.oldest()})
	}
}

// read takes the next page of pending items from the journal.
func (rn *run) read(ctx context.Context) error {
	for !rn.streamed && len(rn.ready) == 0 && rn.batches.buffered < maxBuffered {
		es, err := rn.r.j.Entries(ctx, rn.next, pageSize)
		if err != nil {
			return fmt.Errorf("bulk: reading the journal: %w", err)
		}
		for _, e := range es {
			if e.Seq > uint64(rn.h.Items) {
				rn.streamed = true
				break
			}
			rn.next = e.Seq + 1
			if e.State != Pending {
				continue
			}
			if rn.claimed[e.Seq] {
				// Looked up and found not carried out before the stream
				// got here: already queued.
				delete(rn.claimed, e.Seq)
				continue
			}
			if rn.owners != nil {
				t := e.Item.target()
				if owner, busy := rn.owners[t]; busy && owner != e.Seq {
					rn.parked[t] = append(rn.parked[t], e)
					continue
				}
				rn.owners[t] = e.Seq
			}
			rn.add(e)
		}
		if len(es) < pageSize || rn.next > uint64(rn.h.Items) {
			rn.streamed = true
		}
	}
	return nil
}

// apply takes a task's result into the run's state.
func (rn *run) apply(res result) {
	if res.sent {
		rn.requests++
	}
	rn.lookups += res.lookups
	if res.fatal != nil && rn.fatal == nil {
		rn.fatal = res.fatal
	}
	for i, e := range res.entries {
		old := res.t.entries[i].State
		rn.counts[old]--
		rn.counts[e.State]++
		if e.State.settled() && !old.settled() {
			rn.settled++
		}
		if e.State == Done || e.State == Failed {
			rn.release(e)
		}
	}
	if rn.fatal == nil {
		rn.follow(res)
	}
	rn.report()
}

// follow schedules what comes after a task: a lookup for unknown items,
// a retry for refused ones, a send for those proven not carried out.
func (rn *run) follow(res result) {
	var resend, lookup []Entry
	for _, e := range res.entries {
		switch e.State {
		case Unknown:
			lookup = append(lookup, e)
		case Pending:
			resend = append(resend, e)
		}
	}
	if len(resend) > 0 {
		if res.retry {
			rn.later(task{entries: resend}, rn.backoff(resend...))
		} else {
			rn.queue(task{entries: resend})
		}
	}
	if len(lookup) > 0 {
		// One lookup for the items of one call.
		t := task{resolve: true, entries: lookup}
		switch {
		case !res.t.resolve:
			rn.ready = append(rn.ready, t) // just sent: look them up at once
		case !res.again.IsZero():
			rn.later(t, res.again)
		default:
			rn.later(t, rn.backoff(lookup...))
		}
	}
}

// backoff returns when items may be retried, or the zero time once one of
// them has used its retries in this run.
func (rn *run) backoff(es ...Entry) time.Time {
	n := 0
	for _, e := range es {
		n = max(n, rn.tries[e.Seq])
	}
	if n >= rn.r.cfg.Retries {
		return time.Time{}
	}
	for _, e := range es {
		rn.tries[e.Seq] = n + 1
	}
	d := rn.r.cfg.RetryWait << min(n, 16)
	if d <= 0 || d > maxRetryWait {
		d = maxRetryWait
	}
	half := d / 2
	return rn.r.now().Add(half + rand.N(d-half+1))
}

// later queues t for at; the zero time drops it for this run.
func (rn *run) later(t task, at time.Time) {
	if at.IsZero() {
		return
	}
	heap.Push(&rn.delayed, delayed{at: at, t: t})
}

// release frees a settled item's target for the next item waiting on it.
func (rn *run) release(e Entry) {
	if rn.owners == nil {
		return
	}
	t := e.Item.target()
	if rn.owners[t] != e.Seq {
		return
	}
	delete(rn.owners, t)
	if w := rn.parked[t]; len(w) > 0 {
		next := w[0]
		if len(w) == 1 {
			delete(rn.parked, t)
		} else {
			rn.parked[t] = w[1:]
		}
		rn.owners[t] = next.Seq
		rn.add(next)
	}
}

func (rn *run) progress() Progress {
	p := Progress{
		Total: rn.h.Items, Done: rn.counts[Done], Failed: rn.counts[Failed],
		Unknown: rn.counts[Unknown] + rn.counts[Ambiguous], Ambiguous: rn.counts[Ambiguous],
		Remaining: rn.counts[Pending] + rn.counts[Sending],
		Requests:  rn.requests, Lookups: rn.lookups, Elapsed: time.Since(rn.start),
	}
	if s := p.Elapsed.Seconds(); s > 0 && rn.settled > 0 {
		p.Rate = float64(rn.settled) / s
		p.Left = time.Duration(float64(p.Remaining+p.Unknown-p.Ambiguous) / p.Rate * float64(time.Second))
	}
	return p
}

func (rn *run) report() {
	if rn.r.cfg.Progress != nil {
		rn.r.cfg.Progress(rn.progress())
	}
}

// work runs one task and hands its result back.
func (rn *run) work(ctx context.Context, t task) {
	var res result
	if t.resolve {
		res = rn.resolve(ctx, t)
	} else {
		res = rn.send(ctx, t)
	}
	rn.results <- res
}

// send journals the intent, makes the call and journals the outcome.
// Neither the call nor the journal writes are cut short by ctx: a request
// that goes out has its outcome written.
func (rn *run) send(ctx context.Context, t task) result {
	keep := context.WithoutCancel(ctx)
	res := result{t: t}
	started := rn.r.now()
	es := slices.Clone(t.entries)
	for i := range es {
		e := &es[i]
		e.State, e.Sends, e.Started, e.Call, e.Updated = Sending, e.Sends+1, started, es[0].Seq, started
		e.TransactionID, e.Code, e.Message, e.Candidates = "", "", "", nil
	}
	if err := rn.r.j.Save(keep, es...); err != nil {
		res.entries = t.entries
		res.fatal = fmt.Errorf("bulk: writing the journal before sending: %w", err)
		return res
	}
	items := make([]Item, len(es))
	for i, e := range es {
		items[i] = e.Item
	}
	outs := rn.r.exec[items[0].Kind].Send(keep, items)
	res.sent = true
	now := rn.r.now()
	for i := range es {
		var o Outcome
		if i < len(outs) {
			o = outs[i]
		} else {
			o.Err = errUnreported
		}
		e := &es[i]
		e.Updated = now
		switch class(o.Err) {
		case classDone:
			e.State, e.TransactionID = Done, o.TransactionID
		case classUnknown:
			e.State, e.Message = Unknown, o.Err.Error()
		case classRefused:
			e.State, e.Message = Pending, o.Err.Error()
			res.retry = true
		case classFatal:
			e.State, e.Message = Pending, o.Err.Error()
			res.fatal = fmt.Errorf("bulk: the run stopped, as every call would be refused the same way: %w", o.Err)
		default:
			e.State, e.Message = Failed, o.Err.Error()
			var ae *core.Error
			if errors.As(o.Err, &ae) {
				e.Code = ae.Code
			}
		}
	}
	if err := rn.r.j.Save(keep, es...); err != nil {
		// The journal says Sending: the next run looks them up.
		for i := range es {
			es[i].State = Unknown
		}
		res.entries = es
		res.fatal = fmt.Errorf("bulk: writing the journal after sending: %w", err)
		return res
	}
	res.entries = es
	return res
}

// resolve looks up the unknown items of one call and journals what was
// found.
func (rn *run) resolve(ctx context.Context, t task) result {
	es := slices.Clone(t.entries)
	res := result{t: t, lookups: 1}
	var exclude []string
	if rn.owners != nil {
		var err error
		if exclude, err = rn.doneOf(ctx, es); err != nil {
			res.entries, res.fatal = t.entries, err
			return res
		}
	}
	items := make([]Item, len(es))
	for i, e := range es {
		items[i] = e.Item
	}
	asked := rn.r.now()
	fs, err := rn.r.exec[items[0].Kind].Resolve(ctx, Lookup{Items: items, Started: es[0].Started, Exclude: exclude})
	if err == nil && len(fs) != len(es) {
		err = fmt.Errorf("the resolver answered for %d of %d items", len(fs), len(es))
	}
	now := rn.r.now()
	for i := range es {
		e := &es[i]
		e.Lookups++
		e.Updated = now
		if err != nil {
			e.Message = "looking it up failed: " + err.Error()
			continue
		}
		switch f := fs[i]; {
		case f.Resolution == Recorded && f.Refused:
			e.State, e.Message = Failed, "the records show the API refused it; nothing moved"
		case f.Resolution == Recorded:
			e.State, e.TransactionID, e.Message = Done, f.TransactionID, ""
		case f.Resolution == NotRecorded && asked.Sub(e.Started) >= rn.r.cfg.Settle:
			e.State, e.Message = Pending, fmt.Sprintf("no record %s after the request: it was not carried out", rn.r.cfg.Settle)
		case f.Resolution == NotRecorded:
			e.Message = "no record yet"
			res.again = e.Started.Add(rn.r.cfg.Settle)
		default:
			e.State, e.Candidates = Ambiguous, f.Candidates
			e.Message = "the records cannot tell whether or by which record it was carried out"
		}
	}
	if err := rn.r.j.Save(context.WithoutCancel(ctx), es...); err != nil {
		res.entries, res.fatal = t.entries, fmt.Errorf("bulk: writing the journal: %w", err)
		return res
	}
	res.entries = es
	return res
}

// doneOf returns the transactions of the done items with the targets of
// es, so a lookup never takes another item's record for theirs.
func (rn *run) doneOf(ctx context.Context, es []Entry) ([]string, error) {
	targets := map[string]bool{}
	mine := map[uint64]bool{}
	for _, e := range es {
		targets[e.Item.target()] = true
		mine[e.Seq] = true
	}
	var ids []string
	for x, err := range Entries(ctx, rn.r.j) {
		if err != nil {
			return nil, err
		}
		if !mine[x.Seq] && x.State == Done && x.TransactionID != "" && targets[x.Item.target()] {
			ids = append(ids, x.TransactionID)
		}
	}
	return ids, nil
}

type outcomeClass int

const (
	classDone outcomeClass = iota
	classFailed
	classUnknown
	classRefused
	classFatal
)

// class sorts an outcome: the SDK's error classes say whether the request
// may have been carried out.
func class(err error) outcomeClass {
	var (
		site *core.SiteError
		ae   *core.Error
		oe   *core.OperationError
	)
	switch {
	case err == nil:
		return classDone
	case core.IsOutcomeUnknown(err):
		return classUnknown
	case core.IsAuth(err), errors.As(err, &site):
		// Every later call would be refused the same way.
		return classFatal
	case core.IsNotSent(err), core.IsThrottled(err):
		return classRefused
	case errors.As(err, &ae), errors.Is(err, core.ErrInvalidRequest), errors.Is(err, core.ErrNotFound),
		errors.Is(err, core.ErrPermission), errors.Is(err, core.ErrInsufficientBalance):
		return classFailed
	case errors.As(err, &oe):
		// No answer and not unknown: a money call never left.
		return classRefused
	}
	// An error the SDK did not make (a custom executor's): assume the
	// worst.
	return classUnknown
}

// batcher groups pending items into calls: one open batch per batch key,
// sent when full, or oldest first when the run has nothing else to do.
type batcher struct {
	open     map[string][]Entry
	order    []string // keys in the order their batches opened
	buffered int
}

func (b *batcher) empty() bool { return b.buffered == 0 }

// add puts e in its batch and returns the batch when it is full.
func (b *batcher) add(e Entry) []Entry {
	if b.open == nil {
		b.open = map[string][]Entry{}
	}
	k := e.Item.batchKey()
	if _, ok := b.open[k]; !ok {
		b.order = append(b.order, k)
	}
	b.open[k] = append(b.open[k], e)
	b.buffered++
	if len(b.open[k]) < e.Item.Kind.MaxBatch() {
		return nil
	}
	return b.take(k)
}

// oldest takes the batch opened first, or nil.
func (b *batcher) oldest() []Entry {
	for len(b.order) > 0 {
		if es := b.take(b.order[0]); es != nil {
			return es
		}
	}
	return nil
}

func (b *batcher) take(k string) []Entry {
	es := b.open[k]
	delete(b.open, k)
	if i := slices.Index(b.order, k); i >= 0 {
		b.order = slices.Delete(b.order, i, i+1)
	}
	b.buffered -= len(es)
	return es
}

// delayQueue holds tasks waiting for their time on the runner's clock,
// soonest first.
type delayQueue []delayed

type delayed struct {
	at time.Time
	t  task
}

func (q delayQueue) Len() int           { return len(q) }
func (q delayQueue) Less(i, j int) bool { return q[i].at.Before(q[j].at) }
func (q delayQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *delayQueue) Push(x any)        { *q = append(*q, x.(delayed)) }
func (q *delayQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}
