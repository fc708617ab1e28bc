package cli

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/cmd/hwpartner/internal/output"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/funds"
)

// money pairs an amount with its currency. The fund APIs count in yuan
// (measure_id 1); any other unit is named so it is not read as yuan.
func money(a hwpartner.Amount, currency string, measure int) output.Money {
	if currency == "" {
		currency = "CNY"
	}
	if measure != 0 && measure != funds.MeasureYuan {
		currency += " (measure " + strconv.Itoa(measure) + ")"
	}
	return output.Money{Amount: a, Currency: currency}
}

func optMoney(a *hwpartner.Amount, currency string, measure int) any {
	if a == nil {
		return nil
	}
	m := money(*a, currency, measure)
	return &m
}

func (a *app) balanceCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "balance [RESELLER]",
		Short: "Show your own balances, or a reseller's",
		Long: `Show the accounts (cash, credit, rewards, ...) of your partner account, or of
one of your resellers.`,
		Example: `  hwpartner balance
  hwpartner balance 0977ffa9f20010790f0fc003f6900520
  hwpartner balance 0977ffa9f20010790f0fc003f6900520 -o json`,
		Args: rangeArgs(0, 1, "at most one RESELLER"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			var b *funds.Balance
			if len(args) == 1 {
				b, err = c.Funds.Balance(a.ctx, args[0])
			} else {
				b, err = c.Funds.OwnBalance(a.ctx)
			}
			if err != nil {
				return err
			}
			l := a.printer.List(
				output.Col("account_type", "Account", output.KText),
				output.Col("amount", "Balance", output.KMoney),
				output.Col("designated_amount", "Designated", output.KMoney),
				output.Col("credit_amount", "Credit line", output.KMoney),
				output.Col("account_id", "Account id", output.KText),
			)
			for _, ab := range b.Accounts {
				if err := l.Row(ab.Type.String(), money(ab.Amount, ab.Currency, ab.MeasureID),
					optMoney(ab.DesignatedAmount, ab.Currency, ab.MeasureID), optMoney(ab.CreditAmount, ab.Currency, ab.MeasureID),
					ab.AccountID); err != nil {
					return err
				}
			}
			if err := l.Close(); err != nil {
				return err
			}
			if l.Len() == 0 {
				a.note("no accounts in the answer")
			}
			return nil
		},
	}
}

func (a *app) transferCmd() *cobra.Command {
	var m moneyFlags
	cmd := &cobra.Command{
		Use:   "transfer RESELLER AMOUNT",
		Short: "Move money from your account to a reseller's",
		Long: `Move AMOUNT yuan (at most two decimals) from your cash account to the
reseller's. The request is shown and confirmed first (--yes in scripts).

It is sent once. If the answer is lost (timeout, dropped connection, 5xx)
the command exits with 3 and prints the 'hwpartner resolve' command that
looks the transfer up in the adjust records: run that, never the transfer
again, until it says what happened.`,
		Example: `  hwpartner transfer 0977ffa9f20010790f0fc003f6900520 100.00
  hwpartner transfer 0977ffa9f20010790f0fc003f6900520 100.00 --dry-run
  hwpartner transfer 0977ffa9f20010790f0fc003f6900520 100.00 --yes -o json`,
		Args: exactArgs("RESELLER", "AMOUNT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			amount, err := parseAmount("AMOUNT", args[1])
			if err != nil {
				return err
			}
			p := &funds.TransferParams{ResellerID: args[0], Amount: amount}
			return a.moveFunds(cmd, &m, "transfer", p.ResellerID, amount,
				fmt.Sprintf("Transfer %s CNY from your account to reseller %s.", amount, p.ResellerID),
				func(s *funds.Service) (string, core.ResponseMeta, error) {
					res, err := s.Transfer(a.ctx, p)
					if err != nil {
						return "", core.ResponseMeta{}, err
					}
					return res.TransactionID, res.ResponseMeta, nil
				})
		},
	}
	m.register(cmd)
	return cmd
}

func (a *app) reclaimCmd() *cobra.Command {
	var m moneyFlags
	cmd := &cobra.Command{
		Use:   "reclaim RESELLER AMOUNT",
		Short: "Move money from a reseller's account back to yours",
		Long: `Take AMOUNT yuan back from the reseller's cash account into yours. Like
transfer, it is confirmed first and never sent twice; a lost answer exits
with 3 and prints the 'hwpartner resolve' command to run.`,
		Example: `  hwpartner reclaim 0977ffa9f20010790f0fc003f6900520 50.00
  hwpartner reclaim 0977ffa9f20010790f0fc003f6900520 50.00 --yes`,
		Args: exactArgs("RESELLER", "AMOUNT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			amount, err := parseAmount("AMOUNT", args[1])
			if err != nil {
				return err
			}
			p := &funds.ReclaimParams{ResellerID: args[0], Amount: amount}
			return a.moveFunds(cmd, &m, "reclaim", p.ResellerID, amount,
				fmt.Sprintf("Reclaim %s CNY from reseller %s into your account.", amount, p.ResellerID),
				func(s *funds.Service) (string, core.ResponseMeta, error) {
					res, err := s.Reclaim(a.ctx, p)
					if err != nil {
						return "", core.ResponseMeta{}, err
					}
					return res.TransactionID, res.ResponseMeta, nil
				})
		},
	}
	m.register(cmd)
	return cmd
}

func moveCols() []output.Column {
	return []output.Column{
		output.Col("status", "Status", output.KText),
		output.Col("operation", "Operation", output.KText),
		output.Col("reseller", "Reseller", output.KText),
		output.Col("amount", "Amount", output.KMoney),
		output.Col("transaction_id", "Transaction", output.KText),
		output.Col("request_id", "Request id", output.KText),
		output.Col("check", "Check with", output.KText),
	}
}

// moveFunds plans, confirms, sends and reports one transfer or reclaim.
func (a *app) moveFunds(cmd *cobra.Command, m *moneyFlags, verb, reseller string, amount hwpartner.Amount, summary string,
	call func(*funds.Service) (string, core.ResponseMeta, error)) error {
	reqs, err := a.plan(func(r core.Requester) error { _, _, err := call(funds.NewService(r)); return err })
	if err != nil {
		return err
	}
	if m.dryRun {
		return a.showRequests(reqs)
	}
	c, err := a.api()
	if err != nil {
		return err
	}
	if err := a.confirm(m, summary, reqs); err != nil {
		return err
	}
	txID, meta, err := call(c.Funds)
	amt := money(amount, "CNY", funds.MeasureYuan)
	if err == nil {
		return a.printer.Object(moveCols(), done.String(), verb, reseller, amt, txID, meta.RequestID, "")
	}
	check := a.commandLine(cmd, "records", "--reseller", reseller)
	var ou *funds.OutcomeUnknownError
	if errors.As(err, &ou) {
		check = a.commandLine(cmd, "resolve", verb, reseller, amount.String(), "--started", utcStamp(ou.Lookup.Started))
	}
	a.explain(verb, err, check)
	if judge(err) != unknown {
		check = ""
	}
	if perr := a.printer.Object(moveCols(), judge(err).String(), verb, reseller, amt, "", requestID(err), check); perr != nil {
		return perr
	}
	return a.exitFor(err)
}

// requestID is the gateway's request id carried by err, for support.
func requestID(err error) string {
	var e *hwpartner.Error
	if errors.As(err, &e) {
		return e.RequestID
	}
	var oe *hwpartner.OperationError
	if errors.As(err, &oe) {
		return oe.RequestID
	}
	return ""
}

func (a *app) resolveCmd() *cobra.Command {
	var (
		started, margin string
		exclude         []string
	)
	cmd := &cobra.Command{
		Use:   "resolve transfer|reclaim RESELLER AMOUNT --started TIME",
		Short: "Find out whether a transfer or reclaim with a lost answer happened",
		Long: `Look a transfer or reclaim whose outcome is unknown up in the adjust records,
the way the SDK's funds.Resolve does: by reseller, operation, exact amount
and a time window from --started (printed by the command that lost its
answer) to now.

  recorded      exactly one record matches: it happened (exit 0)
  not recorded  no record matches yet; not proof that it did not happen:
                wait, resolve again and compare balances before sending
                the money again (exit 3)
  ambiguous     several records could be this one; pass the transaction
                ids you have already matched to other moves with
                --exclude, or settle it by hand (exit 3)`,
		Example: `  hwpartner resolve transfer 0977ffa9f20010790f0fc003f6900520 100.00 --started 2025-03-01T08:00:00Z
  hwpartner resolve reclaim 0977ffa9f20010790f0fc003f6900520 50.00 --started 2025-03-01T08:00:00Z --exclude 2025030100000012`,
		Args: exactArgs("transfer|reclaim", "RESELLER", "AMOUNT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			var op funds.OperationType
			switch args[0] {
			case "transfer":
				op = funds.OperationTransfer
			case "reclaim":
				op = funds.OperationReclaim
			default:
				return usageError("resolve takes transfer or reclaim, not %q", args[0])
			}
			amount, err := parseAmount("AMOUNT", args[2])
			if err != nil {
				return err
			}
			if started == "" {
				return usageError("--started is required: the time the lost call began, as printed with the unknown outcome")
			}
			t, err := a.parseTime("started", started, false)
			if err != nil {
				return err
			}
			var mg time.Duration
			if margin != "" {
				if mg, err = time.ParseDuration(margin); err != nil || mg < 0 {
					return usageError("--margin %q is not a duration such as 5m", margin)
				}
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			res, err := c.Funds.Resolve(a.ctx, &funds.ResolveParams{
				Operation: op, ResellerID: args[1], Amount: amount, Started: t, Margin: mg, Exclude: exclude,
			})
			if err != nil {
				return err
			}
			return a.printResolution(res)
		},
	}
	cmd.Flags().StringVar(&started, "started", "", "when the lost call began: "+timeHelp)
	cmd.Flags().StringVar(&margin, "margin", "", "widen the searched window on both sides (default 5m)")
	cmd.Flags().StringSliceVar(&exclude, "exclude", nil, "transaction ids already matched to other moves (repeatable)")
	return cmd
}

func (a *app) printResolution(res *funds.ResolveResult) error {
	var (
		tx     string
		at     time.Time
		amount any
	)
	if res.Record != nil {
		tx, at = res.Record.TransactionID, res.Record.OperationTime.Time
		amount = money(res.Record.Amount, res.Record.Currency, res.Record.MeasureID)
	}
	matches := make([]string, 0, len(res.Matches))
	for _, m := range res.Matches {
		matches = append(matches, m.TransactionID)
	}
	key := map[funds.Resolution]string{funds.Recorded: "recorded", funds.NotRecorded: "not_recorded", funds.Ambiguous: "ambiguous"}[res.Resolution]
	if err := a.printer.Object([]output.Column{
		output.Col("resolution", "Resolution", output.KText),
		output.Col("transaction_id", "Transaction", output.KText),
		output.Col("operation_time", "Recorded at", output.KTime),
		output.Col("amount", "Amount", output.KMoney),
		output.Col("matches", "Candidates", output.KList),
		output.Col("searched_from", "Searched from", output.KTime),
		output.Col("searched_to", "Searched to", output.KTime),
	}, key, tx, at, amount, matches, res.From, res.To); err != nil {
		return err
	}
	switch res.Resolution {
	case funds.Recorded:
		a.note("It happened: do not send it again.")
		return nil
	case funds.NotRecorded:
		a.note("No record matches yet. That is not proof it did not happen: a lost request can still be carried out, and records can lag. Wait, resolve again and compare the balance before sending it again.")
	default:
		a.note("Several records could be this move. Pass the transaction ids already matched to other moves with --exclude, or settle it in the Partner Center.")
	}
	return reported(ExitUnknown)
}

func (a *app) recordsCmd() *cobra.Command {
	var (
		pf                                   pageFlags
		reseller, typ, from, to, tx, ofResel string
	)
	cmd := &cobra.Command{
		Use:   "records",
		Short: "List adjust records: transfers to and reclaims from resellers",
		Long: `List your adjust records (ListPartnerAdjustRecords), newest first as the API
orders them, every page unless --limit says otherwise.`,
		Example: `  hwpartner records
  hwpartner records --reseller 0977ffa9f20010790f0fc003f6900520 --type transfer
  hwpartner records --from 2025-03-01 --to 2025-03-31 -o csv > march.csv`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := pf.check(); err != nil {
				return err
			}
			p := &funds.RecordsParams{CustomerID: reseller, TransactionID: tx, OfReseller: ofResel}
			switch typ {
			case "":
			case "transfer":
				p.OperationType = funds.OperationTransfer
			case "reclaim":
				p.OperationType = funds.OperationReclaim
			case "unbind":
				p.OperationType = funds.OperationUnbindReclaim
			default:
				return usageError("--type %q: use transfer, reclaim or unbind", typ)
			}
			var err error
			if p.From, err = a.parseTime("from", from, false); err != nil {
				return err
			}
			if p.To, err = a.parseTime("to", to, true); err != nil {
				return err
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			p.Offset, p.Limit = pf.offset, pf.pageSize()
			l := a.printer.List(
				output.Col("operation_time", "Time", output.KTime),
				output.Col("operation", "Operation", output.KText),
				output.Col("customer_id", "Reseller or customer", output.KText),
				output.Col("customer_name", "Name", output.KText),
				output.Col("amount", "Amount", output.KMoney),
				output.Col("transaction_id", "Transaction", output.KText),
			)
			return listAll(a, l, "records", &pf, c.Funds.RecordsIter(a.ctx, p), func(r funds.Record) error {
				return l.Row(r.OperationTime.Time, r.OperationType.String(), r.CustomerID, r.CustomerName,
					money(r.Amount, r.Currency, r.MeasureID), r.TransactionID)
			})
		},
	}
	pf.register(cmd, "records")
	cmd.Flags().StringVar(&reseller, "reseller", "", "only moves to or from this reseller (or customer) id")
	cmd.Flags().StringVar(&typ, "type", "", "only transfer, reclaim or unbind records")
	cmd.Flags().StringVar(&from, "from", "", "operated at or after: "+timeHelp)
	cmd.Flags().StringVar(&to, "to", "", "operated at or before (a date includes the whole day)")
	cmd.Flags().StringVar(&tx, "transaction", "", "only this transaction id")
	cmd.Flags().StringVar(&ofResel, "of-reseller", "", "a reseller's own records with its customers instead of yours")
	_ = cmd.RegisterFlagCompletionFunc("type", fixedCompletion("transfer", "reclaim", "unbind"))
	return cmd
}
