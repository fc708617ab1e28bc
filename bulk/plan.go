package bulk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// Plan describes what a job will do: a dry run.
type Plan struct {
	Items int
	// Calls is how many API calls it takes, a batch counting once.
	Calls int
	// Kinds gives the items, calls and amount of each kind in the job.
	Kinds []KindTotal
	// Quotas gives what is issued from each distributor quota.
	Quotas []QuotaTotal
	// Duration is how long the calls take at the documented quota of 10
	// calls per second per API, each API paced on its own.
	Duration time.Duration
}

// KindTotal sums the items of one kind.
type KindTotal struct {
	Kind  Kind
	Items int
	Calls int
	// Amount is their total; 0 for quota reclaims, which have none.
	Amount core.Amount
}

// QuotaTotal sums the quota issued from one distributor quota.
type QuotaTotal struct {
	QuotaID   string
	Resellers int
	Amount    core.Amount
}

// String lists the plan, one line per kind and quota.
func (p *Plan) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d items in %d API calls, about %s at 10 calls per second per API\n", p.Items, p.Calls, p.Duration.Round(time.Second))
	for _, k := range p.Kinds {
		fmt.Fprintf(&b, "  %-17s %6d items %6d calls", k.Kind, k.Items, k.Calls)
		if k.Kind != QuotaReclaim {
			fmt.Fprintf(&b, "  %s CNY", k.Amount)
		}
		b.WriteByte('\n')
	}
	for _, q := range p.Quotas {
		fmt.Fprintf(&b, "  from quota %s: %s CNY to %d resellers\n", q.QuotaID, q.Amount, q.Resellers)
	}
	return b.String()
}

// Preview validates job and returns its plan without sending or writing
// anything.
func Preview(job *Job) (*Plan, error) {
	if err := job.Validate(); err != nil {
		return nil, err
	}
	p := &Plan{Items: len(job.Items)}
	kinds := map[Kind]*KindTotal{}
	quotas := map[string]*QuotaTotal{}
	var b batcher
	calls := map[Kind]int{}
	for i, it := range job.Items {
		k := kinds[it.Kind]
		if k == nil {
			k = &KindTotal{Kind: it.Kind}
			kinds[it.Kind] = k
		}
		k.Items++
		k.Amount = k.Amount.Add(it.Amount)
		if it.Kind == QuotaIssue {
			q := quotas[it.QuotaID]
			if q == nil {
				q = &QuotaTotal{QuotaID: it.QuotaID}
				quotas[it.QuotaID] = q
			}
			q.Resellers++
			q.Amount = q.Amount.Add(it.Amount)
		}
		if it.Kind.MaxBatch() == 1 {
			calls[it.Kind]++
			continue
		}
		// The runner's own grouping; a duplicate waits for a later call.
		if full := b.add(Entry{Seq: uint64(i + 1), Item: it}); full != nil {
			calls[it.Kind]++
		}
		if b.buffered >= maxBuffered {
			calls[b.oldest()[0].Item.Kind]++
		}
	}
	for es := b.oldest(); es != nil; es = b.oldest() {
		calls[es[0].Item.Kind]++
	}
	slowest := 0
	for _, kind := range Kinds() {
		if k := kinds[kind]; k != nil {
			k.Calls = calls[kind]
			p.Calls += k.Calls
			slowest = max(slowest, k.Calls)
			p.Kinds = append(p.Kinds, *k)
		}
	}
	for _, q := range quotas {
		p.Quotas = append(p.Quotas, *q)
	}
	slices.SortFunc(p.Quotas, func(a, b QuotaTotal) int { return strings.Compare(a.QuotaID, b.QuotaID) })
	p.Duration = time.Duration(slowest) * time.Second / 10
	return p, nil
}

// Shortfall is an account that does not cover what a job takes from it.
type Shortfall struct {
	// Account is "distributor" for the distributor's balance, or the id
	// of a distributor quota.
	Account    string
	Need, Have core.Amount
}

// ShortfallError lists the accounts that do not cover the pending items.
type ShortfallError struct{ Shortfalls []Shortfall }

func (e *ShortfallError) Error() string {
	var b strings.Builder
	b.WriteString("bulk: the job needs more than there is:")
	for i, s := range e.Shortfalls {
		if i > 0 {
			b.WriteByte(';')
		}
		if s.Account == "distributor" {
			b.WriteString(" the distributor's balance")
		} else {
			b.WriteString(" quota " + s.Account)
		}
		fmt.Fprintf(&b, " has %s CNY, the job takes %s", s.Have, s.Need)
	}
	return b.String()
}

// Preflight checks, sending queries only, that the distributor's balance
// covers the pending transfers to resellers and to its own customers, and
// that each distributor quota covers the pending quota issued from it. It
// returns a *ShortfallError when one does not. Balances move while a job
// runs, so this is a check against mistakes, not a guarantee. Money a
// reseller pays its customers from is not checked.
func (r *Runner) Preflight(ctx context.Context) error {
	var need core.Amount
	needFunds := false
	quotas := map[string]core.Amount{}
	var order []string
	for e, err := range Entries(ctx, r.j) {
		if err != nil {
			return err
		}
		if e.State != Pending {
			continue
		}
		it := e.Item
		switch {
		case it.Kind == Transfer, it.Kind == CustomerTransfer && it.ResellerID == "":
			need, needFunds = need.Add(it.Amount), true
		case it.Kind == QuotaIssue:
			if _, ok := quotas[it.QuotaID]; !ok {
				order = append(order, it.QuotaID)
			}
			quotas[it.QuotaID] = quotas[it.QuotaID].Add(it.Amount)
		}
	}
	var short []Shortfall
	if needFunds {
		have, err := r.distributorFunds(ctx)
		if err != nil {
			return err
		}
		if have.Cmp(need) < 0 {
			short = append(short, Shortfall{Account: "distributor", Need: need, Have: have})
		}
	}
	if len(order) > 0 {
		if r.svc.Vouchers == nil {
			return errors.New("bulk: Preflight needs Services.Vouchers to check quotas")
		}
		have := map[string]core.Amount{}
		for ids := range slices.Chunk(order, vouchers.MaxQuotaIDs) {
			page, err := r.svc.Vouchers.Quotas(ctx, &vouchers.QuotasParams{QuotaIDs: ids, ListOptions: core.ListOptions{Limit: vouchers.MaxQuotaIDs}})
			if err != nil {
				return err
			}
			for _, q := range page.Items {
				have[q.ID] = q.Balance
			}
		}
		for _, id := range order {
			if have[id].Cmp(quotas[id]) < 0 {
				short = append(short, Shortfall{Account: id, Need: quotas[id], Have: have[id]})
			}
		}
	}
	if len(short) > 0 {
		return &ShortfallError{Shortfalls: short}
	}
	return nil
}

// distributorFunds is the cash balance less its earmarked part.
func (r *Runner) distributorFunds(ctx context.Context) (core.Amount, error) {
	if r.svc.Funds == nil {
		return core.Amount{}, errors.New("bulk: Preflight needs Services.Funds to check the balance")
	}
	b, err := r.svc.Funds.OwnBalance(ctx)
	if err != nil {
		return core.Amount{}, err
	}
	a, ok := b.Account(funds.AccountCash)
	if !ok {
		return core.Amount{}, nil
	}
	have := a.Amount
	if a.DesignatedAmount != nil {
		have = have.Sub(*a.DesignatedAmount)
	}
	return have, nil
}

// Settle records by hand what became of an unknown or ambiguous item:
// done by transaction transactionID, or, with "", not carried out, so the
// next Run sends it. Settle what the records could not: check the
// Partner Center first.
func (r *Runner) Settle(ctx context.Context, seq uint64, transactionID string) error {
	if err := r.begin(); err != nil {
		return err
	}
	defer r.end()
	es, err := r.j.Entries(ctx, seq, 1)
	if err != nil {
		return err
	}
	if len(es) == 0 || es[0].Seq != seq {
		return fmt.Errorf("bulk: the journal has no item %d", seq)
	}
	e := es[0]
	if e.State != Unknown && e.State != Ambiguous && e.State != Sending {
		return fmt.Errorf("bulk: item %d is %s; only unknown and ambiguous items are settled by hand", seq, e.State)
	}
	e.Updated = r.now()
	if transactionID != "" {
		e.State, e.TransactionID, e.Message = Done, transactionID, "settled by hand"
	} else {
		e.State, e.Message = Pending, "settled by hand: not carried out"
	}
	return r.j.Save(ctx, e)
}
