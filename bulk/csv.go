package bulk

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
)

// CSV columns of a job. The header row names them, in any order; only
// kind is required, and a column the kind does not use stays empty.
//
//	id           optional name of the item, unique in the job
//	kind         transfer, reclaim, customer-transfer, customer-reclaim, quota-issue or quota-reclaim
//	reseller_id  the reseller (for customer moves: whose customer, or empty)
//	customer_id  the customer of a customer move
//	quota_id     the distributor quota to issue from, or the reseller quota to reclaim
//	amount       yuan as a decimal, at most 2 places: "100", "99.99"
//	remark       the remark of a quota reclaim
var csvColumns = []string{"id", "kind", "reseller_id", "customer_id", "quota_id", "amount", "remark"}

// CSVOption changes how ReadCSV reads a job.
type CSVOption func(*Job)

// AllowDuplicates makes ReadCSV accept, and the job run, several items
// with the same target (Job.AllowDuplicates).
func AllowDuplicates() CSVOption { return func(j *Job) { j.AllowDuplicates = true } }

// ReadCSV reads a job from CSV (see the columns above; lines starting with
// # are comments) and validates it, so its errors name the lines. A
// target repeated in the job is refused unless AllowDuplicates is given.
func ReadCSV(r io.Reader, opts ...CSVOption) (*Job, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("bulk: reading the CSV header: %w", err)
	}
	col := map[string]int{}
	for i, name := range header {
		name = strings.TrimSpace(strings.TrimPrefix(name, "\ufeff"))
		if !containsString(csvColumns, name) {
			return nil, fmt.Errorf("bulk: unknown CSV column %q (columns: %s)", name, strings.Join(csvColumns, ", "))
		}
		if _, dup := col[name]; dup {
			return nil, fmt.Errorf("bulk: CSV column %q given twice", name)
		}
		col[name] = i
	}
	if _, ok := col["kind"]; !ok {
		return nil, errors.New("bulk: the CSV has no kind column")
	}
	job := &Job{}
	for _, o := range opts {
		o(job)
	}
	var v core.Validator
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("bulk: reading the CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		field := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if len(rec) > len(header) {
			v.Addf("line "+strconv.Itoa(line), "has %d fields, the header %d", len(rec), len(header))
			continue
		}
		it := Item{ID: field("id"), Kind: Kind(field("kind")), ResellerID: field("reseller_id"),
			CustomerID: field("customer_id"), QuotaID: field("quota_id"), Remark: field("remark")}
		if a := field("amount"); a != "" {
			amount, err := core.ParseAmount(a)
			if err != nil {
				v.Add("line "+strconv.Itoa(line)+": amount", "is not a decimal amount such as 99.99")
				continue
			}
			it.Amount = amount
		}
		job.Items = append(job.Items, it)
		job.lines = append(job.lines, line)
	}
	if err := v.Err(); err != nil {
		return nil, job.named(err)
	}
	if err := job.Validate(); err != nil {
		return nil, err
	}
	return job, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Entries walks the journal's entries in order, a page at a time.
func Entries(ctx context.Context, j Journal) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		h, ok, err := j.Header(ctx)
		if err != nil || !ok {
			if err == nil {
				err = errors.New("bulk: the journal holds no job")
			}
			yield(Entry{}, err)
			return
		}
		for from := uint64(1); from <= uint64(h.Items); {
			es, err := j.Entries(ctx, from, pageSize)
			if err != nil {
				yield(Entry{}, err)
				return
			}
			if len(es) == 0 {
				return
			}
			for _, e := range es {
				if e.Seq > uint64(h.Items) {
					return
				}
				if !yield(e, nil) {
					return
				}
				from = e.Seq + 1
			}
		}
	}
}

// Summarize counts the journal's items by outcome.
func Summarize(ctx context.Context, j Journal) (Progress, error) {
	var p Progress
	for e, err := range Entries(ctx, j) {
		if err != nil {
			return Progress{}, err
		}
		p.Count(e)
	}
	return p, nil
}

// Count adds a journal entry to p's counts by outcome: Total, and Done,
// Failed, Unknown (and Ambiguous) or Remaining.
func (p *Progress) Count(e Entry) {
	p.Total++
	switch e.State.Reported() {
	case Done:
		p.Done++
	case Failed:
		p.Failed++
	case Ambiguous:
		p.Unknown++
		p.Ambiguous++
	case Unknown:
		p.Unknown++
	default:
		p.Remaining++
	}
}

// Report columns: the job's columns, then what became of each item.
var reportColumns = append(append([]string{"seq"}, csvColumns...),
	"state", "transaction_id", "code", "message", "sends", "lookups", "started", "candidates")

// WriteCSV writes the report: one row per item with its outcome and
// transaction id, streamed from the journal. A Sending item is reported
// as unknown: that is what it is until a run looks it up.
func WriteCSV(ctx context.Context, j Journal, w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(reportColumns); err != nil {
		return err
	}
	for e, err := range Entries(ctx, j) {
		if err != nil {
			return err
		}
		amount := ""
		if e.Item.Kind != QuotaReclaim {
			amount = e.Item.Amount.String()
		}
		started := ""
		if !e.Started.IsZero() {
			started = e.Started.UTC().Format(time.RFC3339)
		}
		row := []string{strconv.FormatUint(e.Seq, 10), e.Item.ID, string(e.Item.Kind), e.Item.ResellerID, e.Item.CustomerID,
			e.Item.QuotaID, amount, e.Item.Remark, string(e.State.Reported()), e.TransactionID, e.Code, e.Message,
			strconv.Itoa(e.Sends), strconv.Itoa(e.Lookups), started, strings.Join(e.Candidates, " ")}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Reported is the state a report shows: a Sending item is Unknown, as it
// is until a run looks it up.
func (s State) Reported() State {
	if s == Sending {
		return Unknown
	}
	return s
}

// WriteJSON writes the report as one JSON object: "summary" (counts by
// outcome) and "items" (every entry), streamed from the journal.
func WriteJSON(ctx context.Context, j Journal, w io.Writer) error {
	sum, err := Summarize(ctx, j)
	if err != nil {
		return err
	}
	head, err := json.Marshal(struct {
		Total     int `json:"total"`
		Done      int `json:"done"`
		Failed    int `json:"failed"`
		Unknown   int `json:"unknown"`
		Ambiguous int `json:"ambiguous"`
		Remaining int `json:"remaining"`
	}{sum.Total, sum.Done, sum.Failed, sum.Unknown, sum.Ambiguous, sum.Remaining})
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, "{\"summary\":%s,\"items\":[", head); err != nil {
		return err
	}
	first := true
	for e, err := range Entries(ctx, j) {
		if err != nil {
			return err
		}
		e.State = e.State.Reported()
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if !first {
			b = append([]byte{','}, b...)
		}
		first = false
		if _, err := w.Write(append(b, '\n')); err != nil {
			return err
		}
	}
	_, err = io.WriteString(w, "]}\n")
	return err
}
