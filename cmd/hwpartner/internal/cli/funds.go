package cli

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/cmd/hwpartner/internal/output"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/incentives"
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
	var cf customerFlags
	cmd := &cobra.Command{
		Use:   "balance [RESELLER | --customer CUSTOMER...]",
		Short: "Show your own balances, a reseller's, or customers'",
		Long: `Show the accounts (cash, credit, rewards, ...) of your partner account, or of
one of your resellers.

With --customer (repeatable, up to 100), the balances of partner-funded
customers (代售): yours, or with --reseller that reseller's. A referral
customer (顾问销售) tops up its own account and has no balance here; the
command names the customers the answer left out, and exits with 4 when
some were (1 when all were).`,
		Example: `  hwpartner balance
  hwpartner balance 0977ffa9f20010790f0fc003f6900520
  hwpartner balance 0977ffa9f20010790f0fc003f6900520 -o json
  hwpartner balance --customer demo-customer-0003
  hwpartner balance --customer 5f60718293a4b5c6d7e8f90a1b2c3d45 --reseller 0977ffa9f20010790f0fc003f6900520`,
		Args: cf.args(exactArgs(), rangeArgs(0, 1, "at most one RESELLER")),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			if cf.set(cmd) {
				return a.customerBalances(c, cf.reseller, cf.customers)
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
	cf.registerMany(cmd, "read the balances of these customers instead (repeatable, up to 100)", "the customers are this reseller's")
	return cmd
}

// moveTexts are the help of transfer and reclaim.
var moveTexts = map[string]struct{ short, long, example, customer, reseller string }{
	"transfer": {
		customer: "transfer to this customer instead of a reseller",
		reseller: "the customer is this reseller's, paid out of its account",
		short:    "Move money from your account to a reseller's or a customer's",
		long: `Move AMOUNT yuan (at most two decimals) from your cash account to the
reseller's. The request is shown and confirmed first (--yes in scripts).

With --customer, to a partner-funded customer (代售) of yours instead, or
with --reseller to a customer of that reseller, out of the reseller's
account. The customer is looked up first (a query): a referral customer
(顾问销售), which tops up its own account, is refused before anything is
sent.

It is sent once. If the answer is lost (timeout, dropped connection, 5xx)
the command exits with 3 and prints the 'hwpartner resolve' command that
looks the transfer up in the adjust records: run that, never the transfer
again, until it says what happened.`,
		example: `  hwpartner transfer 0977ffa9f20010790f0fc003f6900520 100.00
  hwpartner transfer 0977ffa9f20010790f0fc003f6900520 100.00 --dry-run
  hwpartner transfer 0977ffa9f20010790f0fc003f6900520 100.00 --yes -o json
  hwpartner transfer --customer demo-customer-0001 20.00
  hwpartner transfer --customer 5f60718293a4b5c6d7e8f90a1b2c3d45 20.00 --reseller 0977ffa9f20010790f0fc003f6900520`,
	},
	"reclaim": {
		customer: "reclaim from this customer instead of a reseller",
		reseller: "the customer is this reseller's, reclaimed into its account",
		short:    "Move money from a reseller's or a customer's account back to yours",
		long: `Take AMOUNT yuan back from the reseller's cash account into yours. Like
transfer, it is confirmed first and never sent twice; a lost answer exits
with 3 and prints the 'hwpartner resolve' command to run.

With --customer, from a partner-funded customer of yours, or with
--reseller from a customer of that reseller, into the reseller's account.
Only what was transferred to the customer and not spent can be reclaimed.`,
		example: `  hwpartner reclaim 0977ffa9f20010790f0fc003f6900520 50.00
  hwpartner reclaim 0977ffa9f20010790f0fc003f6900520 50.00 --yes
  hwpartner reclaim --customer demo-customer-0003 20.00 --yes`,
	},
}

// moveCmd is transfer or reclaim: money to or from a reseller, or with
// --customer a customer.
func (a *app) moveCmd(verb string) *cobra.Command {
	var (
		m  moneyFlags
		cf customerFlags
	)
	t := moveTexts[verb]
	cmd := &cobra.Command{
		Use:     verb + " (RESELLER | --customer CUSTOMER) AMOUNT",
		Short:   t.short,
		Long:    t.long,
		Example: t.example,
		Args:    cf.args(exactArgs("AMOUNT"), exactArgs("RESELLER", "AMOUNT")),
		RunE: func(cmd *cobra.Command, args []string) error {
			amount, err := parseAmount("AMOUNT", args[len(args)-1])
			if err != nil {
				return err
			}
			if cf.set(cmd) {
				return a.moveFunds(cmd, &m, customerMove(verb, cf.customer, cf.reseller, amount))
			}
			return a.moveFunds(cmd, &m, resellerMove(verb, args[0], amount))
		},
	}
	m.register(cmd)
	cf.register(cmd, t.customer, t.reseller)
	return cmd
}

// fundMove is one transfer or reclaim as moveFunds sends and reports it.
type fundMove struct {
	verb    string // transfer or reclaim
	amount  hwpartner.Amount
	summary string
	// party names who the money moves to or from: columns and values.
	party     []output.Column
	partyVals []any
	// answers are the canned answers of the queries call makes first.
	answers map[string]any
	// call runs the move through v.
	call func(ctx context.Context, v via) (txID string, meta core.ResponseMeta, err error)
	// resolve is the resolve command for an error that carries the SDK's
	// lookup, or nil; records the command that lists the records else.
	resolve func(error) []string
	records []string
}

// via is where a call goes: a recorder when planning, else the client.
type via struct {
	r core.Requester
	c *hwpartner.Client
}

func (v via) funds() *funds.Service {
	if v.c != nil {
		return v.c.Funds
	}
	return funds.NewService(v.r)
}

func (v via) customers() *customers.Service {
	if v.c != nil {
		return v.c.Customers
	}
	return customers.NewService(v.r)
}

func resellerMove(verb, reseller string, amount hwpartner.Amount) *fundMove {
	mv := &fundMove{
		verb: verb, amount: amount,
		summary:   fmt.Sprintf("Transfer %s CNY from your account to reseller %s.", amount, reseller),
		party:     []output.Column{output.Col("reseller", "Reseller", output.KText)},
		partyVals: []any{reseller},
		records:   []string{"records", "--reseller", reseller},
		resolve: func(err error) []string {
			var ou *funds.OutcomeUnknownError
			if !errors.As(err, &ou) {
				return nil
			}
			return append([]string{"resolve", verb, reseller, amount.String()}, startedFlags(ou.Lookup.Started, ou.Lookup.Aligned)...)
		},
		call: func(ctx context.Context, v via) (string, core.ResponseMeta, error) {
			res, err := v.funds().Transfer(ctx, &funds.TransferParams{ResellerID: reseller, Amount: amount})
			if err != nil {
				return "", core.ResponseMeta{}, err
			}
			return res.TransactionID, res.ResponseMeta, nil
		},
	}
	if verb == "reclaim" {
		mv.summary = fmt.Sprintf("Reclaim %s CNY from reseller %s into your account.", amount, reseller)
		mv.call = func(ctx context.Context, v via) (string, core.ResponseMeta, error) {
			res, err := v.funds().Reclaim(ctx, &funds.ReclaimParams{ResellerID: reseller, Amount: amount})
			if err != nil {
				return "", core.ResponseMeta{}, err
			}
			return res.TransactionID, res.ResponseMeta, nil
		}
	}
	return mv
}

func moveCols(party []output.Column) []output.Column {
	cols := []output.Column{
		output.Col("status", "Status", output.KText),
		output.Col("operation", "Operation", output.KText),
	}
	cols = append(cols, party...)
	return append(cols,
		output.Col("amount", "Amount", output.KMoney),
		output.Col("transaction_id", "Transaction", output.KText),
		output.Col("request_id", "Request id", output.KText),
		output.Col("check", "Check with", output.KText),
	)
}

// moveFunds plans, confirms, sends and reports one transfer or reclaim.
func (a *app) moveFunds(cmd *cobra.Command, m *moneyFlags, mv *fundMove) error {
	reqs, err := a.planAnswering(func(r core.Requester) error { _, _, err := mv.call(a.ctx, via{r: r}); return err }, mv.answers)
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
	if err := a.confirm(m, mv.summary, reqs); err != nil {
		return err
	}
	var (
		txID string
		meta core.ResponseMeta
	)
	err = a.sendOnce(func(ctx context.Context) error {
		var err error
		txID, meta, err = mv.call(ctx, via{c: c})
		return err
	})
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	row := func(status, tx, reqID, check string) []any {
		vals := append([]any{status, mv.verb}, mv.partyVals...)
		return append(vals, money(mv.amount, "CNY", funds.MeasureYuan), tx, reqID, check)
	}
	if err == nil {
		return a.printer.Object(moveCols(mv.party), row(done.String(), txID, meta.RequestID, "")...)
	}
	check := a.commandLine(cmd, mv.records...)
	if args := mv.resolve(err); args != nil {
		check = a.commandLine(cmd, args...)
	}
	a.explain(mv.verb, err, check)
	if judge(err) != unknown {
		check = ""
	}
	if perr := a.printer.Object(moveCols(mv.party), row(judge(err).String(), "", requestID(err), check)...); perr != nil {
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
		pf                                             pageFlags
		reseller, customer, typ, from, to, tx, ofResel string
	)
	cmd := &cobra.Command{
		Use:   "records",
		Short: "List adjust records (transfers and reclaims), or account changes",
		Long: `List your adjust records (ListPartnerAdjustRecords): your transfers to and
reclaims from resellers and customers, newest first as the API orders them,
every page unless --limit says otherwise. Names are shown for resellers
only: a customer's may be a person's.

'hwpartner records changes' lists your account's changes instead: every
movement of its balance.`,
		Example: `  hwpartner records
  hwpartner records --reseller 0977ffa9f20010790f0fc003f6900520 --type transfer
  hwpartner records --customer demo-customer-0001
  hwpartner records --from 2025-03-01 --to 2025-03-31 -o csv > march.csv
  hwpartner records changes --type transfer`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := pf.check(); err != nil {
				return err
			}
			if reseller != "" && customer != "" {
				return usageError("give --reseller or --customer, not both: the records are of one or the other")
			}
			p := &funds.RecordsParams{CustomerID: reseller, TransactionID: tx, OfReseller: ofResel}
			if customer != "" {
				p.CustomerID = customer
			}
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
			if p.From, p.To, err = a.parseRange("", from, to); err != nil {
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
			names := &resellerNames{a: a, c: c, none: ofResel != ""}
			return listAll(a, l, "records", &pf, c.Funds.RecordsIter(a.ctx, p), func(r funds.Record) error {
				name, err := names.of(r.CustomerID, r.CustomerName)
				if err != nil {
					return err
				}
				return l.Row(r.OperationTime.Time, r.OperationType.String(), r.CustomerID, name,
					money(r.Amount, r.Currency, r.MeasureID), r.TransactionID)
			})
		},
	}
	pf.register(cmd, "records")
	cmd.Flags().StringVar(&reseller, "reseller", "", "only moves to or from this reseller")
	cmd.Flags().StringVar(&customer, "customer", "", "only moves to or from this customer")
	cmd.Flags().StringVar(&typ, "type", "", "only transfer, reclaim or unbind records")
	cmd.Flags().StringVar(&from, "from", "", "operated at or after: "+timeHelp)
	cmd.Flags().StringVar(&to, "to", "", "operated at or before (a date includes the whole day)")
	cmd.Flags().StringVar(&tx, "transaction", "", "only this transaction id")
	cmd.Flags().StringVar(&ofResel, "of-reseller", "", "a reseller's own records with its customers instead of yours")
	_ = cmd.RegisterFlagCompletionFunc("type", fixedCompletion("transfer", "reclaim", "unbind"))
	cmd.AddCommand(a.recordsChangesCmd())
	return cmd
}

// resellerNames lets a record's name through for resellers only: the
// name in a customer's record may be a person's. The reseller ids are
// read once, when the first named record comes.
type resellerNames struct {
	a    *app
	c    *hwpartner.Client
	none bool // the records are all of customers
	ids  map[string]bool
}

func (n *resellerNames) of(id, name string) (string, error) {
	if name == "" || n.none {
		return "", nil
	}
	if n.ids == nil {
		n.ids = map[string]bool{}
		for r, err := range n.c.Resellers.ListIter(n.a.ctx, nil) {
			if err != nil {
				n.ids = nil
				return "", err
			}
			n.ids[r.ID] = true
		}
	}
	if n.ids[id] {
		return name, nil
	}
	return "", nil
}

// tradeTypes name the account-change kinds on the command line, as
// records --type names the adjust records'.
var tradeTypes = map[string]customers.TradeType{
	"transfer":        customers.TradeAllocate,
	"reclaim":         customers.TradeRetrieve,
	"unbind":          customers.TradeUnbind,
	"recharge":        customers.TradeRecharge,
	"consumption":     customers.TradeDeduct,
	"refund":          customers.TradeRefund,
	"freeze":          customers.TradeFreeze,
	"adjust":          customers.TradeAdjust,
	"legacy-transfer": customers.TradeTransfer,
	"bonus-convert":   customers.TradeBonusConvert,
	"mode-transfer":   customers.TradeModeTransfer,
}

func tradeTypeNames() []string {
	names := make([]string, 0, len(tradeTypes))
	for n := range tradeTypes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// changeKind names a change's detail type as records names operations.
func changeKind(detail string) string {
	switch detail {
	case customers.DetailAllocate:
		return "transfer"
	case customers.DetailRetrieve:
		return "reclaim"
	case customers.DetailUnbind:
		return "unbind reclaim"
	}
	return detail
}

func (a *app) recordsChangesCmd() *cobra.Command {
	var (
		pf                     pageFlags
		credit                 bool
		typ, from, to, ofResel string
	)
	cmd := &cobra.Command{
		Use:   "changes",
		Short: "List your account's changes (收支明细): every movement of its balance",
		Long: `List the changes of your cash account, or with --credit your credit account
(ListPartnerAccountChangeRecords): top-ups, consumption, refunds, and each
transfer to and reclaim from a reseller or customer with the balance after
it, as the API orders them, every page unless --limit says otherwise. With
--of-reseller, that reseller's account instead. China site only.

--from and --to are whole days in China Standard Time, as the API counts
them (whatever --utc says), both included; without them the API lists the
year up to today.`,
		Example: `  hwpartner records changes
  hwpartner records changes --type transfer --from 2025-03-01 --to 2025-03-31 -o csv
  hwpartner records changes --of-reseller 0977ffa9f20010790f0fc003f6900520`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := pf.check(); err != nil {
				return err
			}
			p := &customers.AccountChangesParams{BalanceType: customers.BalanceCash, ResellerID: ofResel}
			if credit {
				p.BalanceType = customers.BalanceCredit
			}
			if typ != "" {
				t, ok := tradeTypes[typ]
				if !ok {
					return usageError("--type %q: use one of %s", typ, strings.Join(tradeTypeNames(), ", "))
				}
				p.TradeType = t
			}
			var err error
			if p.From, p.To, err = parseDays(from, to); err != nil {
				return err
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			p.Offset, p.Limit = pf.offset, pf.pageSize()
			l := a.printer.List(
				output.Col("trade_time", "Time", output.KTime),
				output.Col("change", "Change", output.KText),
				output.Col("direction", "Direction", output.KText),
				output.Col("amount", "Amount", output.KMoney),
				output.Col("balance_after", "Balance after", output.KMoney),
				output.Col("customer_id", "Reseller or customer", output.KText),
				output.Col("account_name", "Account", output.KText),
				output.Col("trade_id", "Trade", output.KText),
				output.Col("change_id", "Change id", output.KText),
			)
			return listAll(a, l, "changes", &pf, c.Customers.AccountChangesIter(a.ctx, p), func(ch customers.AccountChange) error {
				return l.Row(ch.Time.Time, changeKind(ch.DetailType), ch.Direction.String(), money(ch.Amount, ch.Currency, 0),
					money(ch.BalanceAfter, ch.Currency, 0), ch.CustomerID, ch.AccountName, ch.TradeID, ch.ID)
			})
		},
	}
	pf.register(cmd, "changes")
	cmd.Flags().BoolVar(&credit, "credit", false, "the credit account's changes instead of the cash account's")
	cmd.Flags().StringVar(&typ, "type", "", "only changes of this kind: "+strings.Join(tradeTypeNames(), ", "))
	cmd.Flags().StringVar(&from, "from", "", "from this day, YYYY-MM-DD")
	cmd.Flags().StringVar(&to, "to", "", "up to this day, YYYY-MM-DD")
	cmd.Flags().StringVar(&ofResel, "of-reseller", "", "this reseller's account changes instead of yours")
	_ = cmd.RegisterFlagCompletionFunc("type", fixedCompletion(tradeTypeNames()...))
	return cmd
}

// parseDays reads --from and --to as whole days in China Standard Time,
// the zone of the account-change filters.
func parseDays(from, to string) (f, t time.Time, err error) {
	day := func(flag, s string) (time.Time, error) {
		if s == "" {
			return time.Time{}, nil
		}
		d, err := time.ParseInLocation("2006-01-02", s, incentives.ChinaStandardTime())
		if err != nil {
			return d, usageError("--%s %q is not a day: use YYYY-MM-DD", flag, s)
		}
		return d, nil
	}
	if f, err = day("from", from); err != nil {
		return f, t, err
	}
	t, err = day("to", to)
	return f, t, err
}
