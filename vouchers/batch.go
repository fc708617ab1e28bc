package vouchers

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/hwpartner/go-hwpartner/core"
)

// BatchStatus says what became of one batch of IssueInBatches.
type BatchStatus int

// Batch statuses.
const (
	// BatchNotSent: the batch was never sent; nothing was issued.
	BatchNotSent BatchStatus = iota
	// BatchAnswered: the API answered; some items may still have failed.
	BatchAnswered
	// BatchFailed: the API refused the whole batch; nothing was issued.
	BatchFailed
	// BatchUnknown: the request may have reached the server but no answer
	// was read; some or all of its resellers may have received quota.
	BatchUnknown
)

// String returns the status's name.
func (b BatchStatus) String() string {
	switch b {
	case BatchNotSent:
		return "not sent"
	case BatchAnswered:
		return "answered"
	case BatchFailed:
		return "failed"
	case BatchUnknown:
		return "outcome unknown"
	}
	return "BatchStatus(" + strconv.Itoa(int(b)) + ")"
}

// Batch is one Issue call made by IssueInBatches.
type Batch struct {
	ResellerIDs []string
	Status      BatchStatus
	// Result is the answer of an answered batch.
	Result *IssueResult
	// Err is why a failed or unknown batch stopped the run.
	Err error
}

// IssueBatchesResult gathers the batches of IssueInBatches.
type IssueBatchesResult struct {
	// Issued, Failures and Unreported gather those of the answered batches.
	Issued     []Issuance
	Failures   []Failure
	Unreported []string
	// Batches lists every batch in order, sent or not.
	Batches []Batch
}

// Failed returns the resellers the API refused, item by item or with
// their whole batch: none of them received quota.
func (r *IssueBatchesResult) Failed() []string {
	ids := failedIDs(r.Failures)
	return append(ids, r.idsOf(BatchFailed)...)
}

// Unknown returns the resellers that may or may not have received quota:
// those of a batch without an answer and those an answer left out. Check
// Records before issuing to them again.
func (r *IssueBatchesResult) Unknown() []string {
	return append(r.idsOf(BatchUnknown), r.Unreported...)
}

// Lookup describes every reseller of Unknown for Resolve, from the start
// of the earliest batch they were in; nil when there are none.
func (r *IssueBatchesResult) Lookup() *ResolveParams {
	var out *ResolveParams
	add := func(l *ResolveParams) {
		if l == nil {
			return
		}
		if out == nil {
			cp := *l
			cp.ResellerIDs = nil
			out = &cp
		}
		if l.Started.Before(out.Started) {
			out.Started, out.Aligned = l.Started, l.Aligned
		}
		out.ResellerIDs = append(out.ResellerIDs, l.ResellerIDs...)
	}
	for _, b := range r.Batches {
		var unknown *OutcomeUnknownError
		switch {
		case b.Status == BatchUnknown && errors.As(b.Err, &unknown):
			add(&unknown.Lookup)
		case b.Result != nil:
			add(b.Result.Lookup)
		}
	}
	return out
}

// NotSent returns the resellers of the batches that were never sent.
func (r *IssueBatchesResult) NotSent() []string { return r.idsOf(BatchNotSent) }

func (r *IssueBatchesResult) idsOf(st BatchStatus) []string {
	var ids []string
	for _, b := range r.Batches {
		if b.Status == st {
			ids = append(ids, b.ResellerIDs...)
		}
	}
	return ids
}

// BatchError says IssueInBatches stopped before every batch was answered.
// The batches before Index were answered; those after it were not sent.
type BatchError struct {
	// Index is the 0-based batch that stopped the run; Batches how many
	// there were.
	Index, Batches int
	// Status is that batch's: BatchFailed, BatchUnknown, or BatchNotSent
	// when the context ended first.
	Status BatchStatus
	// NotSent counts the resellers of the batches after Index.
	NotSent int
	// Err is the batch's error.
	Err error
	// Partial holds the item failures of the answered batches, if any.
	Partial *PartialError
}

// Error says where the run stopped and why.
func (e *BatchError) Error() string {
	s := fmt.Sprintf("hwpartner: vouchers: IssueInBatches stopped at batch %d of %d (%s); %s answered, %s not sent",
		e.Index+1, e.Batches, e.Status, plural(e.Index, "batch", "batches"), plural(e.NotSent, "more reseller", "more resellers"))
	if e.Partial != nil {
		s += fmt.Sprintf("; %s failed and %d went unreported in the answered batches",
			plural(len(e.Partial.Failures), "item", "items"), len(e.Partial.Unreported))
	}
	if e.Err == nil { // a value built by hand: still no panic
		return s
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the batch's error and the PartialError, if any.
func (e *BatchError) Unwrap() []error {
	var errs []error
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	if e.Partial != nil {
		errs = append(errs, e.Partial)
	}
	return errs
}

// IssueInBatches gives p.Amount from p.QuotaID to any number of resellers,
// sending them in batches of MaxIssueResellers, one batch after the other.
// The ids must be distinct across the whole list: a repeated id is refused
// before any batch is sent.
//
// Item failures do not stop the run: the result gathers them, and a
// *PartialError is returned at the end. A batch refused as a whole, a
// batch whose outcome is unknown, or the end of ctx stops the run: no
// later batch is sent, and a *BatchError says which batch stopped it;
// IssueBatchesResult.NotSent and Unknown list the resellers to resume
// with and to check.
//
// Every batch is one Issue call: never resent once it may have reached
// the server.
func (s *Service) IssueInBatches(ctx context.Context, p *IssueParams) (*IssueBatchesResult, error) {
	if err := core.WithOperation(p.check(math.MaxInt), &opIssue); err != nil {
		return nil, err
	}
	if ctx == nil {
		return nil, &core.OperationError{Service: opIssue.Service, Operation: opIssue.Name, Err: errors.New("nil context")}
	}
	res := &IssueBatchesResult{}
	for ids := range slices.Chunk(p.ResellerIDs, MaxIssueResellers) {
		res.Batches = append(res.Batches, Batch{ResellerIDs: slices.Clone(ids)})
	}
	for i := range res.Batches {
		b := &res.Batches[i]
		if err := ctx.Err(); err != nil {
			return res, res.stop(i, BatchNotSent, err, len(p.ResellerIDs))
		}
		r, err := s.Issue(ctx, &IssueParams{QuotaID: p.QuotaID, ResellerIDs: b.ResellerIDs, Amount: p.Amount})
		var pe *PartialError
		if err != nil && !errors.As(err, &pe) {
			st := BatchFailed
			if core.IsOutcomeUnknown(err) {
				st = BatchUnknown
			}
			b.Status, b.Err = st, err
			return res, res.stop(i, st, err, len(p.ResellerIDs))
		}
		b.Status, b.Result = BatchAnswered, r
		res.Issued = append(res.Issued, r.Issued...)
		res.Failures = append(res.Failures, r.Failures...)
		res.Unreported = append(res.Unreported, r.Unreported...)
	}
	return res, asError(newPartial(&opIssue, len(p.ResellerIDs), res.Failures, res.Unreported))
}

func (r *IssueBatchesResult) stop(i int, st BatchStatus, err error, items int) *BatchError {
	notSent := 0
	for _, b := range r.Batches[i+1:] {
		notSent += len(b.ResellerIDs)
	}
	return &BatchError{Index: i, Batches: len(r.Batches), Status: st, NotSent: notSent, Err: err, Partial: newPartial(&opIssue, items, r.Failures, r.Unreported)}
}
