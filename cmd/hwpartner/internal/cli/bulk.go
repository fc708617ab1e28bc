package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/bulk"
	"github.com/hwpartner/go-hwpartner/bulk/journal"
	"github.com/hwpartner/go-hwpartner/cmd/hwpartner/internal/output"
	"github.com/hwpartner/go-hwpartner/funds"
)

const bulkLong = `A bulk job is a CSV of money moves: transfers to and reclaims from
resellers, customer fund moves, quota issues and quota reclaims. 'bulk run'
sends it at the API's rate limit through a journal file that survives a
crash, Ctrl-C or a lost connection, so a job of thousands of items is never
paid twice and never skips anyone: 'bulk resume' continues it.

The CSV's header row names its columns, in any order; only kind is
required, and a column the kind does not use stays empty:

  id           optional name of the item, unique in the job
  kind         transfer, reclaim, customer-transfer, customer-reclaim,
               quota-issue or quota-reclaim
  reseller_id  the reseller (for customer moves: whose customer, or empty)
  customer_id  the customer of a customer move
  quota_id     the quota to issue from, or the reseller quota to reclaim
  amount       yuan, at most 2 decimal places (none for quota-reclaim)
  remark       the remark of a quota reclaim

Lines starting with # are comments. The whole file is checked before
anything is sent; a target repeated in the job (the same reseller for two
transfers, say) is refused unless --allow-duplicates is given.

Before each call the journal records what is about to be sent, and after
it what happened. A call whose answer is lost is looked up in the API's
records before anything is sent again: found, the item is done; not found
two minutes or more after the request, it is sent again; records that
cannot tell leave it ambiguous, never resent: check the Partner Center and
record what happened with 'bulk settle'.

Exit codes of run and resume: 0 every item done; 1 nothing done (all
failed, or refused before sending); 2 usage; 3 items whose outcome is
still unknown or ambiguous (resume later, or settle them); 4 partially
done (some items failed: see 'bulk report --state failed'); 130
interrupted (resume continues it).`

func (a *app) bulkCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bulk",
		Short: "Run a CSV of money moves at the rate limit, through a journal that survives a crash",
		Long:  bulkLong,
		Example: `  hwpartner bulk plan month-start.csv
  hwpartner bulk run month-start.csv            # journal: month-start.journal
  hwpartner bulk status month-start.journal
  hwpartner bulk resume month-start.journal     # after Ctrl-C, a crash or unknown outcomes
  hwpartner bulk report month-start.journal -o csv > month-start-report.csv`,
	}
	cmd.AddCommand(a.bulkPlanCmd(), a.bulkRunCmd(), a.bulkResumeCmd(), a.bulkStatusCmd(), a.bulkReportCmd(), a.bulkSettleCmd())
	return cmd
}

// runFlags tune the sending of run and resume.
type runFlags struct {
	moneyFlags
	rate           float64
	concurrency    int
	noBalanceCheck bool
}

func (f *runFlags) register(cmd *cobra.Command) {
	f.moneyFlags.register(cmd)
	cmd.Flags().Float64Var(&f.rate, "rate", 0, "calls per second to each API (default: the documented quota, 10; the account's quota is shared by all its programs)")
	cmd.Flags().IntVar(&f.concurrency, "concurrency", bulk.DefaultConcurrency, "calls in flight at once (1 sends in the job's order)")
	cmd.Flags().BoolVar(&f.noBalanceCheck, "no-balance-check", false, "do not check first that your balance and quotas cover the job")
}

func (f *runFlags) check() error {
	if f.rate < 0 || f.rate > 1000 {
		return usageError("--rate must be between 0 and 1000 calls per second")
	}
	if f.concurrency < 1 || f.concurrency > 64 {
		return usageError("--concurrency must be between 1 and 64")
	}
	return nil
}

// flags repeats the flags that shape sending, for the resume command line.
func (f *runFlags) flags(cmd *cobra.Command) []string {
	var out []string
	if f.yes {
		out = append(out, "--yes")
	}
	for _, name := range []string{"rate", "concurrency", "no-balance-check"} {
		if fl := cmd.Flags().Lookup(name); fl != nil && fl.Changed {
			out = append(out, "--"+name+"="+fl.Value.String())
		}
	}
	return out
}

func (a *app) bulkPlanCmd() *cobra.Command {
	var allowDup, checkBalances bool
	cmd := &cobra.Command{
		Use:   "plan JOB.csv",
		Short: "Check a job and show what it will do; nothing is sent or written",
		Long: `Plan reads and checks the whole job (every problem is listed with its line)
and shows, per kind, how many items and API calls it takes and how much it
moves, with the time it takes at the rate limit. Nothing is sent and no
journal is written. --check-balances also asks the API (queries only)
whether your balance and the quotas issued from cover the job.`,
		Example: `  hwpartner bulk plan month-start.csv
  hwpartner bulk plan month-start.csv --check-balances
  hwpartner bulk plan month-start.csv -o json`,
		Args: exactArgs("JOB.csv"),
		RunE: func(cmd *cobra.Command, args []string) error {
			job, err := a.readJob(args[0], allowDup)
			if err != nil {
				return err
			}
			p, err := bulk.Preview(job)
			if err != nil {
				return a.jobError(args[0], err)
			}
			if err := a.printPlan(p, 0); err != nil {
				return err
			}
			if !checkBalances {
				return nil
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			r, err := bulk.New(bulk.NewMemoryJournal(), bulkServices(c), bulk.Config{})
			if err != nil {
				return err
			}
			if _, err := r.Plan(a.ctx, job); err != nil {
				return err
			}
			return a.preflight(r)
		},
	}
	allowDuplicatesFlag(cmd, &allowDup)
	cmd.Flags().BoolVar(&checkBalances, "check-balances", false, "check, with queries only, that your balance and quotas cover the job")
	return cmd
}

func (a *app) bulkRunCmd() *cobra.Command {
	var (
		rf       runFlags
		jpath    string
		allowDup bool
	)
	cmd := &cobra.Command{
		Use:   "run JOB.csv",
		Short: "Send a job through its journal, at the rate limit",
		Long: `Run checks the job, shows its plan and asks (--yes in scripts), then sends
it through the journal: JOB.journal beside the CSV unless --journal names
another file. A journal that already holds this job is resumed; one that
holds another job is refused. Ctrl-C sends nothing more, waits for the
answers of the calls already sent, and prints the command that resumes.

Your balance and the quotas issued from are checked first (queries only;
--no-balance-check skips it). Calls are paced at the documented quota of
10 per second per API; --rate changes it when your account has another.`,
		Example: `  hwpartner bulk run month-start.csv
  hwpartner bulk run month-start.csv --yes --journal /var/lib/hwpartner/2025-12.journal
  hwpartner bulk run - --journal today.journal --yes < today.csv
  hwpartner bulk run month-start.csv --dry-run`,
		Args: exactArgs("JOB.csv"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := rf.check(); err != nil {
				return err
			}
			switch {
			case args[0] != "-" || rf.dryRun:
			case jpath == "":
				return usageError("a job read from standard input needs --journal")
			case !rf.yes:
				return usageError("a job read from standard input needs --yes: the question would be read from it too")
			}
			if jpath == "" {
				jpath = strings.TrimSuffix(args[0], filepath.Ext(args[0])) + ".journal"
			}
			job, err := a.readJob(args[0], allowDup)
			if err != nil {
				return err
			}
			p, err := bulk.Preview(job)
			if err != nil {
				return a.jobError(args[0], err)
			}
			if rf.dryRun {
				a.note("dry run: nothing was sent and no journal written")
				return a.printPlan(p, rf.rate)
			}
			c, err := a.api(rateOption(rf.rate)...)
			if err != nil {
				return err
			}
			return a.runJob(cmd, &rf, jpath, job, p, c)
		},
	}
	rf.register(cmd)
	cmd.Flags().StringVar(&jpath, "journal", "", "the journal file (default: the job's path with .journal for .csv)")
	allowDuplicatesFlag(cmd, &allowDup)
	return cmd
}

func (a *app) bulkResumeCmd() *cobra.Command {
	var rf runFlags
	cmd := &cobra.Command{
		Use:   "resume JOURNAL",
		Short: "Continue a job from its journal: after Ctrl-C, a crash, or outcomes still unknown",
		Long: `Resume continues the job a journal holds; the CSV is not needed. Items whose
outcome is unknown (an answer lost, a process killed while sending) are
looked up in the API's records before anything is sent again; the rest of
the job is then sent. It asks first on a terminal (--yes in scripts);
--dry-run shows where the job stands and sends nothing.`,
		Example: `  hwpartner bulk resume month-start.journal
  hwpartner bulk resume month-start.journal --yes --rate 5`,
		Args: exactArgs("JOURNAL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := rf.check(); err != nil {
				return err
			}
			if rf.dryRun {
				j, err := openJournal(args[0])
				if err != nil {
					return err
				}
				defer j.Close()
				a.note("dry run: nothing was sent")
				_, err = a.printStatus(a.ctx, j)
				return err
			}
			c, err := a.api(rateOption(rf.rate)...)
			if err != nil {
				return err
			}
			return a.runJob(cmd, &rf, args[0], nil, nil, c)
		},
	}
	rf.register(cmd)
	return cmd
}

func (a *app) bulkStatusCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "status JOURNAL",
		Short: "Where a job stands: items done, failed, unknown and left, per kind",
		Long: `Status counts a journal's items by outcome, per kind, with the amount done.
It reads the journal only (nothing is sent), and waits for no run: a
journal in use by a run is reported as such.`,
		Example: `  hwpartner bulk status month-start.journal
  hwpartner bulk status month-start.journal -o json`,
		Args: exactArgs("JOURNAL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			j, err := openJournal(args[0])
			if err != nil {
				return err
			}
			defer j.Close()
			_, err = a.printStatus(a.ctx, j)
			return err
		},
	}
}

func (a *app) bulkReportCmd() *cobra.Command {
	var states []string
	cmd := &cobra.Command{
		Use:   "report JOURNAL",
		Short: "Every item of a job with its outcome, transaction id and error code",
		Long: `Report lists a journal's items in the job's order: the job's columns, then
the state (pending, done, failed, unknown or ambiguous), the transaction id
of a done item, the API's code and message of a failed one, how often it
was sent and looked up, when its latest request started, and the
candidate transactions of an ambiguous one. -o csv and -o json give every
column; the table a summary. Nothing is sent.`,
		Example: `  hwpartner bulk report month-start.journal
  hwpartner bulk report month-start.journal --state failed,ambiguous
  hwpartner bulk report month-start.journal -o csv > report.csv`,
		Args: exactArgs("JOURNAL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			want := map[bulk.State]bool{}
			for _, s := range states {
				st := bulk.State(strings.TrimSpace(s))
				if !slices.Contains(reportStates, st) {
					return usageError("unknown --state %q: use %s", s, joinStates(reportStates))
				}
				want[st] = true
			}
			j, err := openJournal(args[0])
			if err != nil {
				return err
			}
			defer j.Close()
			return a.printReport(j, want)
		},
	}
	cmd.Flags().StringSliceVar(&states, "state", nil, "only items in these states: "+joinStates(reportStates))
	_ = cmd.RegisterFlagCompletionFunc("state", fixedCompletion(statesText(reportStates)...))
	return cmd
}

func (a *app) bulkSettleCmd() *cobra.Command {
	var (
		yes        bool
		tx         string
		notCarried bool
	)
	cmd := &cobra.Command{
		Use:   "settle JOURNAL SEQ (--transaction ID | --not-carried-out)",
		Short: "Record by hand what became of an ambiguous or unknown item",
		Long: `Settle records what the API's records could not tell: that item SEQ (its
seq in 'bulk report') was carried out by transaction ID, or that it was not
carried out, so the next 'bulk resume' sends it. Check the Partner Center
first: a wrong "not carried out" pays twice. Nothing is sent to the API.`,
		Example: `  hwpartner bulk report month-start.journal --state ambiguous
  hwpartner bulk settle month-start.journal 17 --transaction AD202512010000042
  hwpartner bulk settle month-start.journal 18 --not-carried-out --yes`,
		Args: exactArgs("JOURNAL", "SEQ"),
		RunE: func(cmd *cobra.Command, args []string) error {
			seq, err := strconv.ParseUint(args[1], 10, 64)
			if err != nil || seq == 0 {
				return usageError("SEQ %q is not an item's seq (a positive number; see 'hwpartner bulk report')", args[1])
			}
			if (tx == "") == !notCarried {
				return usageError("give --transaction ID or --not-carried-out")
			}
			j, err := openJournal(args[0])
			if err != nil {
				return err
			}
			defer j.Close()
			es, err := j.Entries(a.ctx, seq, 1)
			if err != nil {
				return err
			}
			if len(es) == 0 || es[0].Seq != seq {
				return usageError("the journal %s has no item %d", args[0], seq)
			}
			e := es[0]
			what := fmt.Sprintf("Item %d (%s), now %s: record it as ", seq, describe(e.Item), e.State.Reported())
			if notCarried {
				what += "not carried out; the next 'hwpartner bulk resume' sends it again."
			} else {
				what += "done by transaction " + tx + "."
			}
			if err := a.confirm(&moneyFlags{yes: yes}, what, nil); err != nil {
				return err
			}
			r, err := bulk.New(j, bulk.Services{}, bulk.Config{})
			if err != nil {
				return err
			}
			if err := r.Settle(a.ctx, seq, tx); err != nil {
				return &exitError{code: ExitFailed, err: err}
			}
			es, err = j.Entries(a.ctx, seq, 1)
			if err != nil {
				return err
			}
			return a.printer.Object(reportCols(), a.reportRow(es[0])...)
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "record it without asking (for scripts)")
	cmd.Flags().StringVar(&tx, "transaction", "", "the transaction that carried the item out, from the Partner Center")
	cmd.Flags().BoolVar(&notCarried, "not-carried-out", false, "the item was not carried out: send it on the next resume")
	return cmd
}

func allowDuplicatesFlag(cmd *cobra.Command, v *bool) {
	cmd.Flags().BoolVar(v, "allow-duplicates", false, "accept a target repeated in the job (such items are sent one after the other)")
}

// readJob reads and checks a job's CSV; "-" is standard input.
func (a *app) readJob(path string, allowDup bool) (*bulk.Job, error) {
	var r io.Reader = a.env.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, usageError("%v", err)
		}
		defer f.Close()
		r = f
	}
	var opts []bulk.CSVOption
	if allowDup {
		opts = append(opts, bulk.AllowDuplicates())
	}
	job, err := bulk.ReadCSV(r, opts...)
	if err != nil {
		return nil, a.jobError(path, err)
	}
	return job, nil
}

// jobError explains a job that cannot run: every problem on its own line.
func (a *app) jobError(path string, err error) error {
	var ve *hwpartner.ValidationError
	if !errors.As(err, &ve) {
		return usageError("%s: %s", path, strings.TrimPrefix(message(err), "bulk: "))
	}
	a.note("hwpartner: %s: %s; nothing was sent:", path, plural(len(ve.Fields), "problem", "problems"))
	for _, f := range ve.Fields {
		a.note("  %s %s", f.Field, strings.Replace(f.Problem, "set AllowDuplicates", "give --allow-duplicates", 1))
	}
	return reported(ExitUsage)
}

func bulkServices(c *hwpartner.Client) bulk.Services {
	return bulk.Services{Funds: c.Funds, Vouchers: c.Vouchers, Customers: c.Customers}
}

func rateOption(rate float64) []hwpartner.Option {
	if rate == 0 {
		return nil
	}
	return []hwpartner.Option{hwpartner.WithRateLimit("", rate)}
}

// journalExists refuses a journal path with no file: opening it would
// create an empty journal.
func journalExists(path string) error {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return usageError("no journal at %s", path)
		}
		return usageError("%v", err)
	}
	return nil
}

// openJournal opens an existing journal.
func openJournal(path string) (*journal.DB, error) {
	if err := journalExists(path); err != nil {
		return nil, err
	}
	j, err := journal.Open(path)
	if err != nil {
		return nil, err
	}
	return j, nil
}

func (a *app) printPlan(p *bulk.Plan, rate float64) error {
	l := a.printer.List(
		output.Col("kind", "Kind", output.KText),
		output.Col("operation", "Operation", output.KText),
		output.Col("items", "Items", output.KInt),
		output.Col("calls", "Calls", output.KInt),
		output.Col("amount", "Amount", output.KMoney),
	)
	for _, k := range p.Kinds {
		var amount any
		if k.Kind != bulk.QuotaReclaim {
			amount = money(k.Amount, "CNY", funds.MeasureYuan)
		}
		if err := l.Row(string(k.Kind), k.Kind.Operation(), k.Items, k.Calls, amount); err != nil {
			return err
		}
	}
	if err := l.Close(); err != nil {
		return err
	}
	w := a.env.Stderr
	if a.printer.Format() == output.Table {
		w = a.env.Stdout
	}
	_, err := io.WriteString(w, planText(p, rate, false))
	return err
}

// planText sums up a plan: its size, how long it takes at rate calls per
// second per API (0: the documented 10), what each kind moves when kinds
// is set, and what each quota gives.
func planText(p *bulk.Plan, rate float64, kinds bool) string {
	if rate == 0 {
		rate = 10
	}
	slowest := 0
	for _, k := range p.Kinds {
		slowest = max(slowest, k.Calls)
	}
	took := "less than a second"
	if d := time.Duration(float64(slowest) / rate * float64(time.Second)); d >= time.Second {
		took = "about " + d.Round(time.Second).String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s in %s, %s at %g calls per second per API\n",
		plural(p.Items, "item", "items"), plural(p.Calls, "API call", "API calls"), took, rate)
	for _, k := range p.Kinds {
		if !kinds {
			break
		}
		fmt.Fprintf(&b, "  %s: %s", k.Kind, plural(k.Items, "item", "items"))
		if k.Kind != bulk.QuotaReclaim {
			fmt.Fprintf(&b, ", %s CNY", k.Amount)
		}
		b.WriteByte('\n')
	}
	for _, q := range p.Quotas {
		fmt.Fprintf(&b, "from quota %s: %s CNY to %s\n", q.QuotaID, q.Amount, plural(q.Resellers, "reseller", "resellers"))
	}
	return b.String()
}

// preflight checks the balances a job takes from; a shortfall stops it.
func (a *app) preflight(r *bulk.Runner) error {
	err := r.Preflight(a.ctx)
	var se *bulk.ShortfallError
	if errors.As(err, &se) {
		for _, s := range se.Shortfalls {
			acct := "your balance"
			if s.Account != "distributor" {
				acct = "quota " + s.Account
			}
			a.note("hwpartner: %s has %s CNY; the job takes %s CNY from it", acct, s.Have, s.Need)
		}
		a.note("Nothing was sent. Top up, or shorten the job (--no-balance-check skips this check).")
		return reported(ExitFailed)
	}
	if err != nil {
		if a.ctx.Err() != nil {
			a.note("hwpartner: interrupted: nothing was sent")
			return reported(ExitInterrupted)
		}
		a.note("hwpartner: the balance check failed: %s", message(err))
		a.note("Nothing was sent (--no-balance-check skips this check).")
		return reported(ExitFailed)
	}
	return nil
}

// onceText is the promise a bulk prompt makes.
const onceText = "Each item is sent once: an item whose answer is lost is looked up in the records before anything is sent again."

// runJob plans job into the journal at jpath (nil job: resume what the
// journal holds), confirms, and runs it to its end or an interruption.
func (a *app) runJob(cmd *cobra.Command, rf *runFlags, jpath string, job *bulk.Job, p *bulk.Plan, c *hwpartner.Client) error {
	_, statErr := os.Stat(jpath)
	fresh := job != nil && errors.Is(statErr, fs.ErrNotExist)
	if job == nil {
		if err := journalExists(jpath); err != nil {
			return err
		}
	}
	var stderr lockedWriter
	stderr.w = a.env.Stderr
	prog := &bulkProgress{a: a, w: &stderr}
	cfg := bulk.Config{Concurrency: rf.concurrency, Progress: prog.update}

	var j *journal.DB
	var r *bulk.Runner
	open := func() error {
		var err error
		if j, err = journal.Open(jpath); err != nil {
			return &exitError{code: ExitFailed, err: err}
		}
		r, err = bulk.New(j, bulkServices(c), cfg)
		return err
	}
	defer func() {
		if j != nil {
			j.Close()
		}
	}()
	var summary string
	if fresh {
		if fi, err := os.Stat(filepath.Dir(jpath)); err != nil || !fi.IsDir() {
			return usageError("cannot write the journal %s: no such directory", jpath)
		}
		// Nothing is written before the question: checked in memory.
		mem, err := bulk.New(bulk.NewMemoryJournal(), bulkServices(c), bulk.Config{})
		if err != nil {
			return err
		}
		if _, err := mem.Plan(a.ctx, job); err != nil {
			return err
		}
		if !rf.noBalanceCheck {
			if err := a.preflight(mem); err != nil {
				return err
			}
		}
		summary = fmt.Sprintf("Send this job, through the journal %s:\n%s", jpath, planText(p, rf.rate, true)) + onceText
	} else {
		if err := open(); err != nil {
			return err
		}
		if job != nil {
			if _, err := r.Plan(a.ctx, job); errors.Is(err, bulk.ErrOtherJob) {
				return usageError("the journal %s holds another job: give another --journal, or resume that one with 'hwpartner bulk resume %s'", jpath, jpath)
			} else if err != nil {
				return err
			}
		} else if _, ok, err := j.Header(a.ctx); err != nil {
			return err
		} else if !ok {
			return usageError("the journal %s holds no job: start one with 'hwpartner bulk run JOB.csv --journal %s'", jpath, jpath)
		}
		st, err := bulk.Summarize(a.ctx, j)
		if err != nil {
			return err
		}
		if st.Remaining == 0 && st.Unknown == st.Ambiguous {
			a.note("hwpartner: the journal %s holds this job, with nothing left to send or look up", jpath)
			return a.finish(cmd, rf, jpath, j, nil)
		}
		if !rf.noBalanceCheck {
			if err := a.preflight(r); err != nil {
				return err
			}
		}
		summary = fmt.Sprintf("Resume the job in the journal %s: %d of %d items done, %d failed, %d to send",
			jpath, st.Done, st.Total, st.Failed, st.Remaining)
		if n := st.Unknown - st.Ambiguous; n > 0 {
			summary += fmt.Sprintf(", %d to look up in the records first (sent again only if not carried out)", n)
		}
		summary += ".\n" + onceText
	}
	if err := a.confirm(&rf.moneyFlags, summary, nil); err != nil {
		return err
	}
	if fresh {
		if err := open(); err != nil {
			return err
		}
		if _, err := r.Plan(a.ctx, job); err != nil {
			return err
		}
	}

	total := 0
	if h, ok, err := j.Header(a.ctx); err == nil && ok {
		total = h.Items
	}
	prog.start(total)
	stop := context.AfterFunc(a.ctx, func() {
		if a.env.StderrTerminal {
			fmt.Fprintln(&stderr) // below the bar
		}
		fmt.Fprintln(&stderr, "hwpartner: interrupted: sending nothing more, waiting for the answers of the calls in flight")
	})
	_, err := r.Run(a.ctx)
	stop()
	prog.finish()
	return a.finish(cmd, rf, jpath, j, err)
}

// finish prints where the job stands, what to do next, and its exit code.
func (a *app) finish(cmd *cobra.Command, rf *runFlags, jpath string, j *journal.DB, runErr error) error {
	// Read after Ctrl-C too: the run has ended, the journal is whole.
	st, err := a.printStatus(context.WithoutCancel(a.ctx), j)
	if err != nil {
		return err
	}
	resume := a.commandLine(cmd, append([]string{"bulk", "resume", jpath}, rf.flags(cmd)...)...)
	report := a.commandLine(cmd, "bulk", "report", jpath)
	a.note("hwpartner: %d of %d items done, %d failed, %d unknown (%d to settle by hand), %d not sent",
		st.Done, st.Total, st.Failed, st.Unknown, st.Ambiguous, st.Remaining)
	interrupted := runErr != nil && a.ctx.Err() != nil && errors.Is(runErr, context.Canceled)
	if runErr != nil && !interrupted && !errors.Is(runErr, bulk.ErrIncomplete) {
		a.note("hwpartner: the run stopped: %s", message(runErr))
	}
	if st.Failed > 0 {
		a.note("Failed items moved nothing; see why with:\n  %s --state failed", report)
	}
	if st.Ambiguous > 0 {
		a.note("The records cannot tell whether %s carried out; they are never sent again by hwpartner. Check the Partner Center, then record each with 'hwpartner bulk settle':\n  %s --state ambiguous",
			plural(st.Ambiguous, "item was", "items were"), report)
	}
	pending := st.Remaining + st.Unknown - st.Ambiguous
	switch {
	case interrupted && pending > 0:
		what := "every call sent was answered and journaled"
		if st.Unknown > st.Ambiguous {
			what = "items whose outcome is unknown are looked up before anything is sent again"
		}
		a.note("Interrupted: %s. To resume:\n  %s", what, resume)
		return reported(ExitInterrupted)
	case pending > 0:
		what := "To send the rest"
		if st.Unknown > st.Ambiguous {
			what = "Items whose outcome is unknown are looked up before anything is sent again. To resume"
		}
		a.note("%s:\n  %s", what, resume)
	}
	switch {
	case st.Unknown > 0:
		return reported(ExitUnknown)
	case st.Failed > 0 || st.Remaining > 0:
		if st.Done > 0 {
			return reported(ExitPartial)
		}
		return reported(ExitFailed)
	case runErr != nil && !errors.Is(runErr, bulk.ErrIncomplete):
		return reported(ExitFailed)
	}
	return nil
}

// kindStatus counts one kind's items by outcome, with the amount done.
type kindStatus struct {
	kind     string
	p        bulk.Progress
	amount   hwpartner.Amount
	noAmount bool
}

func (k *kindStatus) add(e bulk.Entry) {
	k.p.Count(e)
	if e.State == bulk.Done {
		k.amount = k.amount.Add(e.Item.Amount)
	}
}

// printStatus prints a journal's counts per kind and in all.
func (a *app) printStatus(ctx context.Context, j bulk.Journal) (bulk.Progress, error) {
	kinds := map[bulk.Kind]*kindStatus{}
	all := kindStatus{kind: "all", noAmount: true}
	for e, err := range bulk.Entries(ctx, j) {
		if err != nil {
			return bulk.Progress{}, err
		}
		k := kinds[e.Item.Kind]
		if k == nil {
			k = &kindStatus{kind: string(e.Item.Kind), noAmount: e.Item.Kind == bulk.QuotaReclaim}
			kinds[e.Item.Kind] = k
		}
		k.add(e)
		all.add(e)
	}
	l := a.printer.List(
		output.Col("kind", "Kind", output.KText),
		output.Col("items", "Items", output.KInt),
		output.Col("done", "Done", output.KInt),
		output.Col("failed", "Failed", output.KInt),
		output.Col("unknown", "Unknown", output.KInt),
		output.Col("ambiguous", "Ambiguous", output.KInt),
		output.Col("remaining", "Remaining", output.KInt),
		output.Col("done_amount", "Done amount", output.KMoney),
	)
	rows := []*kindStatus{}
	for _, kind := range bulk.Kinds() {
		if k := kinds[kind]; k != nil {
			rows = append(rows, k)
		}
	}
	if len(rows) > 1 {
		rows = append(rows, &all)
	}
	for _, k := range rows {
		var amount any
		if !k.noAmount {
			amount = money(k.amount, "CNY", funds.MeasureYuan)
		}
		p := k.p
		if err := l.Row(k.kind, p.Total, p.Done, p.Failed, p.Unknown, p.Ambiguous, p.Remaining, amount); err != nil {
			return bulk.Progress{}, err
		}
	}
	return all.p, l.Close()
}

// reportStates are the states a report shows (bulk.State.Reported).
var reportStates = []bulk.State{bulk.Pending, bulk.Done, bulk.Failed, bulk.Unknown, bulk.Ambiguous}

func statesText(ss []bulk.State) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

func joinStates(ss []bulk.State) string { return strings.Join(statesText(ss), ", ") }

func reportCols() []output.Column {
	return []output.Column{
		output.Col("seq", "Seq", output.KInt),
		output.Col("id", "Id", output.KText),
		output.Col("kind", "Kind", output.KText),
		output.Col("reseller_id", "Reseller", output.KText),
		output.Col("customer_id", "Customer", output.KText),
		output.Col("quota_id", "Quota", output.KText),
		output.Col("amount", "Amount", output.KMoney),
		output.Col("remark", "Remark", output.KText),
		output.Col("state", "State", output.KText),
		output.Col("transaction_id", "Transaction", output.KText),
		output.Col("code", "Code", output.KText),
		output.Col("message", "Message", output.KText),
		output.Col("sends", "Sends", output.KInt),
		output.Col("lookups", "Lookups", output.KInt),
		output.Col("started", "Started", output.KTime),
		output.Col("candidates", "Candidates", output.KList),
	}
}

func (a *app) reportRow(e bulk.Entry) []any {
	var amount any
	if e.Item.Kind != bulk.QuotaReclaim {
		amount = money(e.Item.Amount, "CNY", funds.MeasureYuan)
	}
	return []any{int(e.Seq), e.Item.ID, string(e.Item.Kind), e.Item.ResellerID, e.Item.CustomerID, e.Item.QuotaID,
		amount, e.Item.Remark, string(e.State.Reported()), e.TransactionID, e.Code, strings.TrimPrefix(e.Message, "hwpartner: "),
		e.Sends, e.Lookups, e.Started, e.Candidates}
}

// tableReport is the table's subset of reportCols, by index.
var tableReport = []int{0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11}

func (a *app) printReport(j bulk.Journal, want map[bulk.State]bool) error {
	cols := reportCols()
	pick := func(vals []any) []any { return vals }
	if a.printer.Format() == output.Table {
		var tc []output.Column
		for _, i := range tableReport {
			tc = append(tc, cols[i])
		}
		cols = tc
		pick = func(vals []any) []any {
			out := make([]any, 0, len(tableReport))
			for _, i := range tableReport {
				out = append(out, vals[i])
			}
			return out
		}
	}
	l := a.printer.List(cols...)
	for e, err := range bulk.Entries(a.ctx, j) {
		if err != nil {
			l.Close()
			return err
		}
		if len(want) > 0 && !want[e.State.Reported()] {
			continue
		}
		if err := l.Row(pick(a.reportRow(e))...); err != nil {
			return err
		}
	}
	if err := l.Close(); err != nil {
		return err
	}
	if l.Len() == 0 && a.printer.Format() == output.Table {
		a.note("no items found")
	}
	return nil
}

// describe says what an item does, for a prompt.
func describe(it bulk.Item) string {
	switch it.Kind {
	case bulk.Transfer, bulk.Reclaim:
		return fmt.Sprintf("%s %s CNY, reseller %s", it.Kind, it.Amount, it.ResellerID)
	case bulk.CustomerTransfer, bulk.CustomerReclaim:
		s := fmt.Sprintf("%s %s CNY, customer %s", it.Kind, it.Amount, it.CustomerID)
		if it.ResellerID != "" {
			s += " of reseller " + it.ResellerID
		}
		return s
	case bulk.QuotaIssue:
		return fmt.Sprintf("%s %s CNY from quota %s to reseller %s", it.Kind, it.Amount, it.QuotaID, it.ResellerID)
	}
	return fmt.Sprintf("%s of reseller quota %s", it.Kind, it.QuotaID)
}

// plainEverySecond is how often a run reports itself as a line when
// stderr is not a terminal.
const plainEverySecond = 10 * time.Second

// bulkProgress shows a run on stderr: a bar on a terminal, a line every
// plainEverySecond otherwise. The runner calls update one call at a time.
type bulkProgress struct {
	a    *app
	w    io.Writer
	bar  *progressbar.ProgressBar
	last time.Time
}

func (b *bulkProgress) start(total int) {
	b.last = time.Now()
	if !b.a.env.StderrTerminal || total == 0 {
		return
	}
	b.bar = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(b.w),
		progressbar.OptionSetDescription("sending"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString("items"),
		progressbar.OptionShowIts(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetSpinnerChangeInterval(0),
		progressbar.OptionClearOnFinish(),
	)
}

func (b *bulkProgress) update(p bulk.Progress) {
	switch {
	case b.bar != nil:
		_ = b.bar.Set(p.Total - p.Remaining)
	case !b.last.IsZero() && time.Since(b.last) >= plainEverySecond:
		b.last = time.Now()
		fmt.Fprintln(b.w, "hwpartner:", p)
	}
}

func (b *bulkProgress) finish() {
	if b.bar != nil {
		_ = b.bar.Finish()
		b.bar = nil
	}
}

// lockedWriter lets the progress and the interrupt note share stderr.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
