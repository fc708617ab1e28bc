package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"

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
				func(ctx context.Context, s *funds.Service) (string, core.ResponseMeta, error) {
					res, err := s.Transfer(ctx, p)
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
				func(ctx context.Context, s *funds.Service) (string, core.ResponseMeta, error) {
					res, err := s.Reclaim(ctx, p)
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
	call func(context.Context, *funds.Service) (string, core.ResponseMeta, error)) error {
	reqs, err := a.plan(func(r core.Requester) error { _, _, err := call(a.ctx, funds.NewService(r)); return err })
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
	var (
		txID string
		meta core.ResponseMeta
	)
	err = a.sendOnce(func(ctx context.Context) error {
		var err error
		txID, meta, err = call(ctx, c.Funds)
		return err
	})
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	amt := money(amount, "CNY", funds.MeasureYuan)
	if err == nil {
		return a.printer.Object(moveCols(), done.String(), verb, reseller, amt, txID, meta.RequestID, "")
	}
	check := a.commandLine(cmd, "records", "--reseller", reseller)
	var ou *funds.OutcomeUnknownError
	if errors.As(err, &ou) {
		check = a.commandLine(cmd, append([]string{"resolve", verb, reseller, amount.String()}, startedFlags(ou.Lookup.Started, ou.Lookup.Aligned)...)...)
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
