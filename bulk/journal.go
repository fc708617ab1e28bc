package bulk

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"
)

// State is where an item stands.
type State string

// Item states.
const (
	// Pending: not sent yet, or proven not carried out; it will be sent.
	Pending State = "pending"
	// Sending: its request is being sent. Found after a crash, it is
	// treated as Unknown: looked up before anything is sent again.
	Sending State = "sending"
	// Done: carried out; TransactionID says by which transaction.
	Done State = "done"
	// Failed: refused by the API; nothing moved. Code says why.
	Failed State = "failed"
	// Unknown: the request may or may not have been carried out. The
	// runner looks it up in the records before anything else.
	Unknown State = "unknown"
	// Ambiguous: the records cannot tell whether, or by which record, it
	// was carried out. The runner never sends it again; settle it by hand
	// (Runner.Settle) after reading Candidates.
	Ambiguous State = "ambiguous"
)

// settled reports whether the runner has nothing more to do with the item.
func (s State) settled() bool { return s == Done || s == Failed || s == Ambiguous }

// Entry is an item as the journal keeps it.
type Entry struct {
	// Seq is the item's 1-based position in its job.
	Seq   uint64 `json:"seq"`
	Item  Item   `json:"item"`
	State State  `json:"state"`
	// Sends counts the requests that carried the item.
	Sends int `json:"sends,omitempty"`
	// Started is when the latest request carrying it began: read before
	// its intent was written, so before it was sent.
	Started time.Time `json:"started,omitzero"`
	// Call is the Seq of the first item of that request (a batch).
	Call uint64 `json:"call,omitempty"`
	// TransactionID is the transaction of a done item: the transfer_id or
	// trans_id of a fund move, the new reseller quota of a quota issue.
	TransactionID string `json:"transaction_id,omitempty"`
	// Code is the API's error code of a failed item.
	Code string `json:"code,omitempty"`
	// Message says why the item failed or is unknown.
	Message string `json:"message,omitempty"`
	// Lookups counts the times its outcome was looked up in the records.
	Lookups int `json:"lookups,omitempty"`
	// Candidates lists the transactions that might be an ambiguous item's.
	Candidates []string  `json:"candidates,omitempty"`
	Updated    time.Time `json:"updated,omitzero"`
}

// Header describes the job a journal holds.
type Header struct {
	// Digest identifies the job's items and options.
	Digest string `json:"digest"`
	// Items is how many items the job has, Seq 1 to Items.
	Items           int       `json:"items"`
	AllowDuplicates bool      `json:"allow_duplicates,omitempty"`
	Created         time.Time `json:"created"`
}

// Journal keeps a job and what became of each of its items, so a run can
// be resumed by another process after a crash. Package journal keeps one
// in a bbolt file; a program can keep one in its own database instead.
//
// The runner writes an item's intent (state Sending, time, request)
// before the request is sent, and its outcome after, so every write must
// be durable when the call returns and atomic across its entries.
type Journal interface {
	// Header returns the job's header; ok is false when the journal holds
	// no complete job.
	Header(ctx context.Context) (h Header, ok bool, err error)
	// SetHeader stores the header, after the job's entries.
	SetHeader(ctx context.Context, h Header) error
	// Save stores entries, replacing those with the same Seq: all of them
	// or, on error, none.
	Save(ctx context.Context, entries ...Entry) error
	// Entries returns up to limit entries with Seq >= from, in Seq order.
	Entries(ctx context.Context, from uint64, limit int) ([]Entry, error)
}

// ErrOtherJob is returned by Plan when the journal already holds a
// different job.
var ErrOtherJob = errors.New("bulk: the journal holds another job")

// MemoryJournal keeps a journal in memory: for tests and previews only,
// as nothing survives the process.
type MemoryJournal struct {
	mu      sync.Mutex
	header  *Header
	entries map[uint64]Entry
	last    uint64
	// Fail, when set, is called before each Save; an error it returns is
	// returned instead of saving (to test journal failures).
	Fail func(entries []Entry) error
}

// NewMemoryJournal returns an empty journal in memory.
func NewMemoryJournal() *MemoryJournal { return &MemoryJournal{entries: map[uint64]Entry{}} }

// Header implements Journal.
func (m *MemoryJournal) Header(context.Context) (Header, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.header == nil {
		return Header{}, false, nil
	}
	return *m.header, true, nil
}

// SetHeader implements Journal.
func (m *MemoryJournal) SetHeader(_ context.Context, h Header) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.header = &h
	return nil
}

// Save implements Journal.
func (m *MemoryJournal) Save(_ context.Context, entries ...Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Fail != nil {
		if err := m.Fail(entries); err != nil {
			return err
		}
	}
	for _, e := range entries {
		e.Candidates = slices.Clone(e.Candidates)
		m.entries[e.Seq] = e
		m.last = max(m.last, e.Seq)
	}
	return nil
}

// Entries implements Journal.
func (m *MemoryJournal) Entries(_ context.Context, from uint64, limit int) ([]Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Entry
	for seq := max(from, 1); seq <= m.last && len(out) < limit; seq++ {
		if e, ok := m.entries[seq]; ok {
			e.Candidates = slices.Clone(e.Candidates)
			out = append(out, e)
		}
	}
	return out, nil
}
