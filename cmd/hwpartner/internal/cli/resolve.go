package cli

import (
	"errors"
	"time"

	"github.com/spf13/cobra"

	"github.com/hwpartner/go-hwpartner/cmd/hwpartner/internal/output"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// startedFlags are the resolve flags for a call that began at t; aligned
// says t was read on the server's clock.
func startedFlags(t time.Time, aligned bool) []string {
	f := []string{"--started", utcStamp(t)}
	if aligned {
		f = append(f, "--server-clock")
	}
	return f
}

// resolveFlags are shared by every resolve command.
type resolveFlags struct {
	started, margin string
	serverClock     bool
	exclude         []string
}

func (f *resolveFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.started, "started", "", "when the lost call began: "+timeHelp)
	fl.BoolVar(&f.serverClock, "server-clock", false, "--started was read on the server's clock (printed so when it was)")
	fl.StringVar(&f.margin, "margin", "", "widen the searched window on both sides (default 5m)")
	fl.StringSliceVar(&f.exclude, "exclude", nil, "ids already matched to other calls (repeatable)")
}

func (f *resolveFlags) read(a *app) (time.Time, time.Duration, error) {
	if f.started == "" {
		return time.Time{}, 0, usageError("--started is required: the time the lost call began, as printed with the unknown outcome")
	}
	t, err := a.parseTime("started", f.started, false)
	if err != nil {
		return t, 0, err
	}
	var mg time.Duration
	if f.margin != "" {
		if mg, err = time.ParseDuration(f.margin); err != nil || mg < 0 {
			return t, 0, usageError("--margin %q is not a duration such as 5m", f.margin)
		}
	}
	return t, mg, nil
}

const resolveLong = `Look a call whose outcome is unknown up in the records, the way the SDK's
Resolve does, from --started (printed by the command that lost its answer,
with --server-clock when that time is the server's) to now:

  recorded      exactly one record matches: it was carried out (for
                quotas, read its result: a refusal is recorded too)
  not recorded  no record matches yet; not proof that it did not happen:
                wait, resolve again and compare balances before sending
                it again
  ambiguous     several records could be this one; pass the ids you have
                already matched to other calls with --exclude, or settle it
                by hand

Exits with 0 when every item is recorded, 3 otherwise.`

func (a *app) resolveCmd() *cobra.Command {
	var rf resolveFlags
	cmd := &cobra.Command{
		Use:   "resolve",
		Short: "Find out whether a call with a lost answer was carried out",
		Long:  resolveLong,
		Example: `  hwpartner resolve transfer 0977ffa9f20010790f0fc003f6900520 100.00 --started 2025-03-01T08:00:00Z
  hwpartner resolve transfer --customer demo-customer-0001 20.00 --started 2025-03-01T08:00:00Z
  hwpartner resolve quota-issue 2025010100000001 50 0977ffa9f20010790f0fc003f6900520 --started 2025-03-01T08:00:00Z
  hwpartner resolve customer-create shop-user-42 --account-name shop-42 --reseller 0977ffa9f20010790f0fc003f6900520`,
	}
	for _, sub := range []*cobra.Command{
		a.resolveFundsCmd("transfer", &rf), a.resolveFundsCmd("reclaim", &rf),
		a.resolveQuotaIssueCmd(&rf), a.resolveQuotaReclaimCmd(&rf),
	} {
		rf.register(sub)
		cmd.AddCommand(sub)
	}
	cmd.AddCommand(a.resolveCreateCmd())
	return cmd
}

func (a *app) resolveFundsCmd(verb string, rf *resolveFlags) *cobra.Command {
	var cf customerFlags
	cmd := &cobra.Command{
		Use:   verb + " (RESELLER | --customer CUSTOMER) AMOUNT --started TIME",
		Short: "Was this " + verb + " of money carried out?",
		Long:  resolveLong,
		Example: "  hwpartner resolve " + verb + " 0977ffa9f20010790f0fc003f6900520 100.00 --started 2025-03-01T08:00:00Z --server-clock\n" +
			"  hwpartner resolve " + verb + " --customer 5f60718293a4b5c6d7e8f90a1b2c3d45 20.00 --reseller 0977ffa9f20010790f0fc003f6900520 --started 2025-03-01T08:00:00Z",
		Args: cf.args(exactArgs("AMOUNT"), exactArgs("RESELLER", "AMOUNT")),
		RunE: func(cmd *cobra.Command, args []string) error {
			amount, err := parseAmount("AMOUNT", args[len(args)-1])
			if err != nil {
				return err
			}
			t, mg, err := rf.read(a)
			if err != nil {
				return err
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			if cf.set(cmd) {
				op := customers.OperationTransfer
				if verb == "reclaim" {
					op = customers.OperationReclaim
				}
				res, err := c.Customers.Resolve(a.ctx, &customers.ResolveParams{
					Operation: op, CustomerID: cf.customer, ResellerID: cf.reseller, Amount: amount,
					Started: t, Aligned: rf.serverClock, Margin: mg, Exclude: rf.exclude,
				})
				if err != nil {
					return err
				}
				return a.printMoveResolution(newMoveResolution(res.Resolution, res.Record, res.Matches, res.From, res.To,
					func(r customers.Record) (string, time.Time, output.Money) {
						return r.TransactionID, r.OperationTime.Time, money(r.Amount, r.Currency, r.MeasureID)
					}))
			}
			op := funds.OperationTransfer
			if verb == "reclaim" {
				op = funds.OperationReclaim
			}
			res, err := c.Funds.Resolve(a.ctx, &funds.ResolveParams{
				Operation: op, ResellerID: args[0], Amount: amount, Started: t, Aligned: rf.serverClock, Margin: mg, Exclude: rf.exclude,
			})
			if err != nil {
				return err
			}
			return a.printMoveResolution(newMoveResolution(res.Resolution, res.Record, res.Matches, res.From, res.To,
				func(r funds.Record) (string, time.Time, output.Money) {
					return r.TransactionID, r.OperationTime.Time, money(r.Amount, r.Currency, r.MeasureID)
				}))
		},
	}
	cf.register(cmd, "the "+verb+" was to or from this customer", "the customer is this reseller's")
	return cmd
}

func resolutionKey(r core.Resolution) string {
	switch r {
	case core.Recorded:
		return "recorded"
	case core.NotRecorded:
		return "not_recorded"
	case core.Ambiguous:
		return "ambiguous"
	}
	return "unknown"
}

// moveResolution is what a funds or a customers Resolve found.
type moveResolution struct {
	resolution core.Resolution
	tx         string
	at         time.Time
	amount     any
	matches    []string
	from, to   time.Time
}

// newMoveResolution reads a Resolve result through fields, which gives a
// record's transaction id, time and amount.
func newMoveResolution[R any](res core.Resolution, rec *R, matches []R, from, to time.Time,
	fields func(R) (string, time.Time, output.Money)) moveResolution {
	mr := moveResolution{resolution: res, from: from, to: to, matches: make([]string, 0, len(matches))}
	if rec != nil {
		var m output.Money
		mr.tx, mr.at, m = fields(*rec)
		mr.amount = m
	}
	for _, r := range matches {
		tx, _, _ := fields(r)
		mr.matches = append(mr.matches, tx)
	}
	return mr
}

func (a *app) printMoveResolution(res moveResolution) error {
	if err := a.printer.Object([]output.Column{
		output.Col("resolution", "Resolution", output.KText),
		output.Col("transaction_id", "Transaction", output.KText),
		output.Col("operation_time", "Recorded at", output.KTime),
		output.Col("amount", "Amount", output.KMoney),
		output.Col("matches", "Candidates", output.KList),
		output.Col("searched_from", "Searched from", output.KTime),
		output.Col("searched_to", "Searched to", output.KTime),
	}, resolutionKey(res.resolution), res.tx, res.at, res.amount, res.matches, res.from, res.to); err != nil {
		return err
	}
	return a.resolutionVerdict(res.resolution == core.Recorded, res.resolution == core.Ambiguous)
}

// resolutionVerdict explains what to do and gives the exit code.
func (a *app) resolutionVerdict(allRecorded, ambiguous bool) error {
	switch {
	case allRecorded:
		a.note("It happened: do not send it again.")
		return nil
	case ambiguous:
		a.note("Several records could be this call. Pass the ids already matched to other calls with --exclude, or settle it in the Partner Center.")
	default:
		a.note("No record matches yet. That is not proof it did not happen: a lost request can still be carried out, and records can lag. Wait, resolve again and compare the balance before sending it again.")
	}
	return reported(ExitUnknown)
}

func (a *app) resolveQuotaIssueCmd(rf *resolveFlags) *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:     "quota-issue QUOTA AMOUNT [RESELLER...] --started TIME",
		Short:   "Did these resellers receive quota from an issue with a lost answer?",
		Long:    resolveLong,
		Example: "  hwpartner resolve quota-issue 2025010100000001 50 0977ffa9f20010790f0fc003f6900520 1b2c3d4e5f60718293a4b5c6d7e8f901 --started 2025-03-01T08:00:00Z",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usageError("resolve quota-issue takes QUOTA AMOUNT and reseller ids (or --file)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			amount, err := parseAmount("AMOUNT", args[1])
			if err != nil {
				return err
			}
			ids, err := a.readIDs(args[2:], file)
			if err != nil {
				return err
			}
			return a.resolveQuotas(rf, &vouchers.ResolveParams{Operation: vouchers.OperationIssue, QuotaID: args[0], ResellerIDs: ids, Amount: amount}, "reseller")
		},
	}
	cmd.Flags().StringVar(&file, "file", "", `file of reseller ids, one per line ("-": stdin)`)
	return cmd
}

func (a *app) resolveQuotaReclaimCmd(rf *resolveFlags) *cobra.Command {
	return &cobra.Command{
		Use:     "quota-reclaim RESELLER_QUOTA... --started TIME",
		Short:   "Were these reseller quotas reclaimed by a reclaim with a lost answer?",
		Long:    resolveLong,
		Example: "  hwpartner resolve quota-reclaim 000000000008 000000000010 --started 2025-03-01T08:00:00Z",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("resolve quota-reclaim takes reseller quota ids")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.resolveQuotas(rf, &vouchers.ResolveParams{Operation: vouchers.OperationReclaim, QuotaIDs: args}, "quota_id")
		},
	}
}

func (a *app) resolveQuotas(rf *resolveFlags, p *vouchers.ResolveParams, idKey string) error {
	t, mg, err := rf.read(a)
	if err != nil {
		return err
	}
	p.Started, p.Aligned, p.Margin, p.Exclude = t, rf.serverClock, mg, rf.exclude
	c, err := a.api()
	if err != nil {
		return err
	}
	res, err := c.Vouchers.Resolve(a.ctx, p)
	if err != nil {
		return err
	}
	l := a.printer.List(
		output.Col(idKey, "Item", output.KText),
		output.Col("resolution", "Resolution", output.KText),
		output.Col("result", "Result", output.KText),
		output.Col("record_id", "Record", output.KText),
		output.Col("quota_id_recorded", "Quota", output.KText),
		output.Col("operation_time", "Recorded at", output.KTime),
		output.Col("matches", "Candidates", output.KList),
	)
	all, ambiguous := true, false
	for _, it := range res.Items {
		var result, rec, quota string
		var at time.Time
		if it.Record != nil {
			result, rec, quota, at = it.Record.Result.String(), it.Record.ID, it.Record.QuotaID, it.Record.Time.Time
		}
		matches := make([]string, 0, len(it.Matches))
		for _, m := range it.Matches {
			matches = append(matches, m.ID)
		}
		all = all && it.Resolution == core.Recorded
		ambiguous = ambiguous || it.Resolution == core.Ambiguous
		if err := l.Row(it.ID, resolutionKey(it.Resolution), result, rec, quota, at, matches); err != nil {
			return err
		}
	}
	if err := l.Close(); err != nil {
		return err
	}
	a.note("searched %s to %s", res.From.In(a.loc).Format(time.DateTime), res.To.In(a.loc).Format(time.DateTime))
	if all {
		a.note("Every item is recorded (a failed result was refused and received nothing): do not send them again.")
		return nil
	}
	return a.resolutionVerdict(false, ambiguous)
}

func (a *app) resolveCreateCmd() *cobra.Command {
	var name, reseller string
	cmd := &cobra.Command{
		Use:   "customer-create XACCOUNT_ID [--account-name NAME] [--reseller RESELLER]",
		Short: "Was a customer whose creation lost its answer created?",
		Long: `Look up the customer 'hwpartner customers create' may have made, by the
platform user id (and login name) it was given, the way the SDK's
FindCreated does (printed by the command that lost its answer):

  found      the customer exists: do not create it again
  not found  it is not listed; not proof it was not created, since a new
             customer is listed only once its association has completed.
             Wait and resolve again. Creating it again with the same
             --xaccount-id is safe: it is refused (CBC.99000039) if the
             first one arrived.

Without --account-name every customer is read. Exits with 0 when found, 3
otherwise.`,
		Example: "  hwpartner resolve customer-create shop-user-42 --account-name shop-42 --reseller 0977ffa9f20010790f0fc003f6900520",
		Args:    exactArgs("XACCOUNT_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			cu, err := c.Customers.FindCreated(a.ctx, &customers.FindParams{XAccountID: args[0], AccountName: name, ResellerID: reseller})
			var nf *customers.NotFoundError
			if err != nil && !errors.As(err, &nf) {
				return err
			}
			cols := []output.Column{
				output.Col("resolution", "Resolution", output.KText),
				output.Col("customer_id", "Customer", output.KText),
				output.Col("account_name", "Account", output.KText),
				output.Col("associated_on", "Associated", output.KTime),
				output.Col("xaccount_id", "Platform user id", output.KText),
			}
			if nf != nil {
				if err := a.printer.Object(cols, "not_found", "", name, time.Time{}, args[0]); err != nil {
					return err
				}
				a.note("Not listed. That is not proof it was not created: a new customer is listed once its association has completed. Wait and resolve again; creating it again with the same --xaccount-id is refused if the first one arrived.")
				return reported(ExitUnknown)
			}
			if err := a.printer.Object(cols, "found", cu.ID, cu.AccountName, cu.AssociatedOn.Time, cu.XAccountID); err != nil {
				return err
			}
			a.note("It was created: do not create it again.")
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "account-name", "", "the login name it was created with")
	cmd.Flags().StringVar(&reseller, "reseller", "", "it was created for this reseller")
	return cmd
}
