package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/cmd/hwpartner/internal/output"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
)

func (a *app) customersCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "customers",
		Short: "List, show and create customers (客户), yours and your resellers'",
		Long: `Find your customers and your resellers' customers, show one with its
contact details, and register new ones. Their money moves with
'hwpartner transfer --customer' and 'hwpartner reclaim --customer'; their
balances are 'hwpartner balance --customer'.

Real names, phone numbers and email addresses are shown by 'customers get'
only, for the customer asked for; lists and messages never print them.`,
		Example: `  hwpartner customers list
  hwpartner customers list --reseller 0977ffa9f20010790f0fc003f6900520
  hwpartner customers get demo-customer-0001
  hwpartner customers create --xaccount-id shop-user-42 --account-name shop-42 --reseller 0977ffa9f20010790f0fc003f6900520`,
	}
	cmd.AddCommand(a.customersListCmd(), a.customersGetCmd(), a.customersCreateCmd(), a.customersSendCodeCmd())
	return cmd
}

// customerFlags choose a customer instead of a reseller: --customer, and
// --reseller when it is one of that reseller's customers.
type customerFlags struct {
	customer  string
	customers []string // balance reads several
	reseller  string
}

func (f *customerFlags) register(cmd *cobra.Command, customerHelp, resellerHelp string) {
	cmd.Flags().StringVar(&f.customer, "customer", "", customerHelp)
	cmd.Flags().StringVar(&f.reseller, "reseller", "", "with --customer: "+resellerHelp)
}

func (f *customerFlags) registerMany(cmd *cobra.Command, customerHelp, resellerHelp string) {
	cmd.Flags().StringSliceVar(&f.customers, "customer", nil, customerHelp)
	cmd.Flags().StringVar(&f.reseller, "reseller", "", "with --customer: "+resellerHelp)
}

func (f *customerFlags) set(cmd *cobra.Command) bool { return cmd.Flags().Changed("customer") }

// args checks the arguments with --customer (withCustomer) or without it.
func (f *customerFlags) args(withCustomer, otherwise cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if f.set(cmd) {
			return withCustomer(cmd, args)
		}
		if cmd.Flags().Changed("reseller") {
			return usageError("--reseller goes with --customer: it names the reseller whose customer that is")
		}
		return otherwise(cmd, args)
	}
}

// customerMove is a transfer to or reclaim from a partner-funded customer.
func customerMove(verb, customer, reseller string, amount hwpartner.Amount) *fundMove {
	mv := &fundMove{
		verb: verb, amount: amount,
		party: []output.Column{
			output.Col("customer", "Customer", output.KText),
			output.Col("reseller", "Of reseller", output.KText),
		},
		partyVals: []any{customer, reseller},
		// The SDK looks the customer up first; a plan takes it as fundable
		// and shows the move alone.
		answers: map[string]any{"ListSubCustomers": map[string]any{"count": 1, "customer_infos": []map[string]string{
			{"customer_id": customer, "association_type": string(customers.AssociationFunded)},
		}}},
		records: []string{"records", "--customer", customer},
	}
	if reseller != "" {
		mv.records = append(mv.records, "--of-reseller", reseller)
	}
	mv.resolve = func(err error) []string {
		var ou *customers.OutcomeUnknownError
		if !errors.As(err, &ou) {
			return nil
		}
		args := []string{"resolve", verb, "--customer", customer, amount.String()}
		if reseller != "" {
			args = append(args, "--reseller", reseller)
		}
		return append(args, startedFlags(ou.Lookup.Started, ou.Lookup.Aligned)...)
	}
	if verb == "transfer" {
		mv.summary = fmt.Sprintf("Transfer %s CNY from your account to customer %s.", amount, customer)
		if reseller != "" {
			mv.summary = fmt.Sprintf("Transfer %s CNY from reseller %s's account to its customer %s.", amount, reseller, customer)
		}
		mv.call = func(ctx context.Context, v via) (string, core.ResponseMeta, error) {
			res, err := v.customers().Transfer(ctx, &customers.TransferParams{CustomerID: customer, ResellerID: reseller, Amount: amount})
			if err != nil {
				return "", core.ResponseMeta{}, err
			}
			return res.TransactionID, res.ResponseMeta, nil
		}
		return mv
	}
	mv.summary = fmt.Sprintf("Reclaim %s CNY from customer %s into your account.", amount, customer)
	if reseller != "" {
		mv.summary = fmt.Sprintf("Reclaim %s CNY from customer %s into the account of its reseller %s.", amount, customer, reseller)
	}
	mv.call = func(ctx context.Context, v via) (string, core.ResponseMeta, error) {
		res, err := v.customers().Reclaim(ctx, &customers.ReclaimParams{CustomerID: customer, ResellerID: reseller, Amount: amount})
		if err != nil {
			return "", core.ResponseMeta{}, err
		}
		return res.TransactionID, res.ResponseMeta, nil
	}
	return mv
}

// customerBalances prints the balances of partner-funded customers and
// names those the answer left out.
func (a *app) customerBalances(c *hwpartner.Client, reseller string, ids []string) error {
	res, err := c.Customers.Balances(a.ctx, &customers.BalancesParams{CustomerIDs: ids, ResellerID: reseller})
	if err != nil {
		return err
	}
	l := a.printer.List(
		output.Col("customer_id", "Customer", output.KText),
		output.Col("amount", "Balance", output.KMoney),
		output.Col("debt_amount", "Debt", output.KMoney),
	)
	var missing []string
	for _, id := range ids {
		b, ok := res.Balance(id)
		if !ok {
			missing = append(missing, id)
			continue
		}
		if err := l.Row(id, optMoney(b.Amount, b.Currency, b.MeasureID), optMoney(b.DebtAmount, b.Currency, b.MeasureID)); err != nil {
			return err
		}
	}
	if err := l.Close(); err != nil {
		return err
	}
	if len(missing) == 0 {
		return nil
	}
	whose := "yours"
	if reseller != "" {
		whose = "the reseller's"
	}
	a.note("hwpartner: no balance for %s: not partner-funded (a referral customer tops up its own account), or not %s",
		strings.Join(missing, ", "), whose)
	if len(missing) == len(ids) {
		return reported(ExitFailed)
	}
	return reported(ExitPartial)
}

func parseAssociation(s string) (customers.AssociationType, error) {
	switch s {
	case "":
		return "", nil
	case "referral":
		return customers.AssociationReferral, nil
	case "partner-funded":
		return customers.AssociationFunded, nil
	case "resale":
		return customers.AssociationResale, nil
	}
	return "", usageError("--association %q: use referral, partner-funded or resale", s)
}

// customerCols are the columns of a customer without its personal data.
func customerCols() []output.Column {
	return []output.Column{
		output.Col("id", "ID", output.KText),
		output.Col("account_name", "Account", output.KText),
		output.Col("association", "Association", output.KText),
		output.Col("associated_on", "Associated", output.KTime),
		output.Col("label", "Label", output.KText),
		output.Col("verified", "Verified", output.KText),
		output.Col("type", "Type", output.KText),
		output.Col("level", "Level", output.KText),
	}
}

func customerVals(cu *customers.Customer) []any {
	typ := ""
	if cu.Type != nil {
		typ = cu.Type.String()
	}
	return []any{cu.ID, cu.AccountName, cu.AssociationType.String(), cu.AssociatedOn.Time, cu.Label, cu.VerifiedStatus.String(), typ, cu.Level}
}

func (a *app) customersListCmd() *cobra.Command {
	var (
		pf                                                     pageFlags
		account, realName, label, assoc, id, reseller, f, till string
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List your customers, or a reseller's",
		Long: `List the customers associated with you, or with --reseller with that reseller,
every page of them unless --limit says otherwise. --account, --real-name and
--label match any part of the value, case-sensitively. A new customer is
listed once its association has completed.`,
		Example: `  hwpartner customers list
  hwpartner customers list --reseller 0977ffa9f20010790f0fc003f6900520 -o csv
  hwpartner customers list --association partner-funded --label retail
  hwpartner customers list --associated-from 2024-04-01 --associated-to 2024-04-30`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := pf.check(); err != nil {
				return err
			}
			at, err := parseAssociation(assoc)
			if err != nil {
				return err
			}
			p := &customers.ListParams{AccountName: account, RealName: realName, Label: label, AssociationType: at, CustomerID: id, ResellerID: reseller}
			if p.AssociatedFrom, p.AssociatedTo, err = a.parseRange("associated-", f, till); err != nil {
				return err
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			p.Offset, p.Limit = pf.offset, pf.pageSize()
			l := a.printer.List(customerCols()...)
			return listAll(a, l, "customers", &pf, c.Customers.ListIter(a.ctx, p), func(cu customers.Customer) error {
				return l.Row(customerVals(&cu)...)
			})
		},
	}
	pf.register(cmd, "customers")
	fl := cmd.Flags()
	fl.StringVar(&reseller, "reseller", "", "list this reseller's customers instead of yours")
	fl.StringVar(&account, "account", "", "only customers whose login name contains this")
	fl.StringVar(&realName, "real-name", "", "only customers whose authenticated name contains this (sent, never printed)")
	fl.StringVar(&label, "label", "", "only customers whose label contains this")
	fl.StringVar(&assoc, "association", "", "only referral, partner-funded or resale customers")
	fl.StringVar(&id, "id", "", "only the customer with this id")
	fl.StringVar(&f, "associated-from", "", "associated at or after this time: "+timeHelp)
	fl.StringVar(&till, "associated-to", "", "associated at or before this time (a date includes the whole day)")
	_ = cmd.RegisterFlagCompletionFunc("association", fixedCompletion("referral", "partner-funded", "resale"))
	return cmd
}

func frozenText(f customers.Frozen) string {
	switch f {
	case customers.NotFrozen:
		return "no"
	case customers.AccountFrozen:
		return "account"
	case customers.AccountAndResourceFrozen:
		return "account and resources"
	}
	return fmt.Sprint(int(f))
}

func (a *app) customersGetCmd() *cobra.Command {
	var reseller string
	cmd := &cobra.Command{
		Use:   "get CUSTOMER",
		Short: "Show one customer with its contact details",
		Example: `  hwpartner customers get demo-customer-0001
  hwpartner customers get 5f60718293a4b5c6d7e8f90a1b2c3d45 --reseller 0977ffa9f20010790f0fc003f6900520 -o json`,
		Args: exactArgs("CUSTOMER"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			var cu *customers.Customer
			if reseller != "" {
				cu, err = c.Customers.GetOfReseller(a.ctx, reseller, args[0])
			} else {
				cu, err = c.Customers.Get(a.ctx, args[0])
			}
			if err != nil {
				return err
			}
			managers := make([]string, 0, len(cu.AccountManagers))
			for _, m := range cu.AccountManagers {
				managers = append(managers, m.AccountName)
			}
			return a.printer.Object(append(customerCols(),
				output.Col("real_name", "Authenticated name", output.KText),
				output.Col("country_code", "Country code", output.KText),
				output.Col("telephone", "Telephone", output.KText),
				output.Col("email", "Email", output.KText),
				output.Col("frozen", "Frozen", output.KText),
				output.Col("account_managers", "Account managers", output.KList),
				output.Col("xaccount_id", "Platform user id", output.KText),
				output.Col("xaccount_type", "Platform", output.KText),
			), append(customerVals(cu), cu.RealName, cu.CountryCode, cu.Telephone, cu.Email, frozenText(cu.Frozen),
				managers, cu.XAccountID, cu.XAccountType)...)
		},
	}
	cmd.Flags().StringVar(&reseller, "reseller", "", "the customer is this reseller's")
	return cmd
}

// personalFields are the request fields shown redacted on screen.
var personalFields = []string{"mobile_phone", "email", "verification_code", "password"}

func createCols() []output.Column {
	return []output.Column{
		output.Col("status", "Status", output.KText),
		output.Col("customer_id", "Customer", output.KText),
		output.Col("account_name", "Account", output.KText),
		output.Col("xaccount_id", "Platform user id", output.KText),
		output.Col("reseller", "Of reseller", output.KText),
		output.Col("request_id", "Request id", output.KText),
		output.Col("check", "Check with", output.KText),
	}
}

const createLong = `Register a customer account for a user of your sales platform and associate
it with you or, with --reseller, with that reseller (a distributor may be
refused customers of its own: create them for a reseller).

--xaccount-id is your platform's own id of the user. Keep it stable: it is
how a lost answer is looked up, and creating the same id again is refused
(CBC.99000039) instead of making a second account. Give --account-name
too; without it Huawei generates a login name. Huawei sets a random
password: the customer signs in through your platform.

A mobile number (China site) or an email address (international sites)
needs the verification code Huawei sends to it. On a terminal, hwpartner
sends the code and asks for it. In a script, send it first with
'hwpartner customers send-code' and give it with --code.

The request is shown (personal data hidden) and confirmed first; --yes in
scripts, --dry-run to see it without sending. It is sent once: if the
answer is lost the command exits with 3 and prints the
'hwpartner resolve customer-create' command that looks the customer up.
A new customer is listed, and can be funded, once its association has
completed; --wait waits for that.`

func (a *app) customersCreateCmd() *cobra.Command {
	var (
		m                                           moneyFlags
		xid, xat, name, reseller, mobile, email, cd string
		area                                        string
		noMarketing, wait                           bool
	)
	cmd := &cobra.Command{
		Use:   "create --xaccount-id ID",
		Short: "Register a new customer",
		Long:  createLong,
		Example: `  hwpartner customers create --xaccount-id shop-user-42 --account-name shop-42 --reseller 0977ffa9f20010790f0fc003f6900520
  hwpartner customers create --xaccount-id shop-user-43 --account-name shop-43 --reseller 0977ffa9f20010790f0fc003f6900520 --mobile 13800000000
  hwpartner customers send-code --mobile 13800000000
  hwpartner customers create --xaccount-id shop-user-43 --account-name shop-43 --reseller 0977ffa9f20010790f0fc003f6900520 \
      --mobile 13800000000 --code 123456 --yes --wait`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			xa, err := a.xaccountType(xat)
			if err != nil {
				return err
			}
			p := &customers.CreateParams{XAccountID: xid, XAccountType: xa, AccountName: name, Email: email, VerificationCode: cd,
				NoMarketing: noMarketing, ResellerID: reseller, DomainArea: area}
			receiver := "email address"
			if cmd.Flags().Changed("mobile") {
				p.MobilePhone, receiver = &mobile, "mobile number"
			}
			var sc *customers.SendCodeParams
			if (mobile != "" || email != "") && cd == "" {
				if !m.dryRun && !a.env.StdinTerminal {
					return usageError("a customer with a %s needs the code sent to it: send one with 'hwpartner customers send-code', then give it with --code (on a terminal, hwpartner sends it and asks)", receiver)
				}
				sc = &customers.SendCodeParams{MobilePhone: mobile, Email: email}
			}
			reqs, err := a.plan(func(r core.Requester) error {
				s := customers.NewService(r)
				q := *p
				if sc != nil {
					if _, err := s.SendVerificationCode(a.ctx, sc); err != nil {
						return err
					}
					q.VerificationCode = "000000" // typed in once it has come
				}
				_, err := s.Create(a.ctx, &q)
				return err
			})
			if err != nil {
				return err
			}
			for i := range reqs {
				reqs[i].body = redactBody(reqs[i].body, personalFields...)
			}
			if m.dryRun {
				return a.showRequests(reqs)
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			if err := a.confirm(&m, createSummary(p, receiver, sc != nil), reqs); err != nil {
				return err
			}
			if sc != nil {
				if p.VerificationCode, err = a.sendAndAskCode(c, sc, receiver); err != nil {
					return err
				}
			}
			return a.create(cmd, c, p, wait)
		},
	}
	m.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&xid, "xaccount-id", "", "your platform's id of the user (required; stable and unique)")
	fl.StringVar(&xat, "xaccount-type", "", "your platform id from the Partner Center (default: the profile's xaccount_type)")
	fl.StringVar(&name, "account-name", "", "the login name: 5 to 32 letters, digits, _ or -, not starting with a digit")
	fl.StringVar(&reseller, "reseller", "", "create the customer for this reseller")
	fl.StringVar(&mobile, "mobile", "", "the customer's Chinese mobile number (China site; sent, never printed)")
	fl.StringVar(&email, "email", "", "the customer's email address (international sites; sent, never printed)")
	fl.StringVar(&cd, "code", "", "the verification code sent to the mobile number or email")
	fl.StringVar(&area, "domain-area", "", "the customer's country, ISO 3166 alpha-2 such as MX (international sites, required there)")
	fl.BoolVar(&noMarketing, "no-marketing", false, "opt the customer out of marketing messages")
	fl.BoolVar(&wait, "wait", false, "wait until the new customer is associated and listed")
	return cmd
}

func createSummary(p *customers.CreateParams, receiver string, sendCode bool) string {
	var b strings.Builder
	b.WriteString("Create a customer account")
	if p.AccountName != "" {
		fmt.Fprintf(&b, " %s", p.AccountName)
	} else {
		b.WriteString(" with a login name Huawei generates")
	}
	fmt.Fprintf(&b, " for platform user %s", p.XAccountID)
	if p.ResellerID != "" {
		fmt.Fprintf(&b, ", a customer of reseller %s", p.ResellerID)
	} else {
		b.WriteString(", a customer of your own")
	}
	if p.MobilePhone != nil || p.Email != "" {
		fmt.Fprintf(&b, ", with a %s", receiver)
	}
	b.WriteString(".")
	if sendCode {
		fmt.Fprintf(&b, " A verification code is sent to the %s first; you type it in.", receiver)
	}
	return b.String()
}

// sendAndAskCode sends a registration code and reads it from the
// terminal.
func (a *app) sendAndAskCode(c *hwpartner.Client, sc *customers.SendCodeParams, receiver string) (string, error) {
	err := a.sendOnce(func(ctx context.Context) error {
		_, err := c.Customers.SendVerificationCode(ctx, sc)
		return err
	})
	var ee *exitError
	if errors.As(err, &ee) {
		return "", err
	}
	if err != nil {
		a.explainCode(err)
		a.note("Nothing was created.")
		return "", a.exitFor(err)
	}
	fmt.Fprintf(a.env.Stderr, "The verification code was sent to the %s. Type it here: ", receiver)
	line, err := a.readLine()
	code := strings.TrimSpace(line)
	switch {
	case err != nil && a.ctx.Err() != nil:
		fmt.Fprintln(a.env.Stderr)
		a.note("interrupted: nothing was created")
		return "", reported(ExitInterrupted)
	case code == "":
		fmt.Fprintln(a.env.Stderr)
		a.note("no code given: nothing was created. While the code is valid, run the same command with --code CODE.")
		return "", reported(ExitFailed)
	}
	return code, nil
}

// explainCode says what a failed send of a verification code means.
func (a *app) explainCode(err error) {
	if judge(err) != unknown {
		a.explain("code", err, "")
		return
	}
	a.note("hwpartner: outcome unknown: %s", message(err))
	a.note("A code may have been sent: wait for it before sending another (each send counts against the limit of 15 an hour and 60 a day).")
}

// create sends a confirmed creation once and reports it.
func (a *app) create(cmd *cobra.Command, c *hwpartner.Client, p *customers.CreateParams, wait bool) error {
	var res *customers.CreateResult
	err := a.sendOnce(func(ctx context.Context) error {
		var err error
		res, err = c.Customers.Create(ctx, p)
		return err
	})
	var ee *exitError
	var ve *hwpartner.ValidationError
	if errors.As(err, &ee) || errors.As(err, &ve) { // a typed code of the wrong length
		return err
	}
	getArgs := func(id string) []string {
		if p.ResellerID != "" {
			return []string{"customers", "get", id, "--reseller", p.ResellerID}
		}
		return []string{"customers", "get", id}
	}
	if err == nil {
		if perr := a.printer.Object(createCols(), "created", res.CustomerID, res.AccountName, p.XAccountID, p.ResellerID, res.RequestID, ""); perr != nil {
			return perr
		}
		if !wait {
			a.note("It is listed, and can be funded, once its association has completed:\n  %s", a.commandLine(cmd, getArgs(res.CustomerID)...))
			return nil
		}
		a.note("waiting for the association of %s (Ctrl-C stops waiting; the customer exists)", res.CustomerID)
		if _, err := c.Customers.WaitForAssociation(a.ctx, p.ResellerID, res.CustomerID, nil); err != nil {
			a.note("stopped waiting; the customer exists, and is listed once associated:\n  %s", a.commandLine(cmd, getArgs(res.CustomerID)...))
			if a.ctx.Err() != nil {
				return reported(ExitInterrupted)
			}
			return err
		}
		a.note("associated: it is listed among the customers")
		return nil
	}
	find := func(name string) string {
		args := []string{"resolve", "customer-create", p.XAccountID}
		if name != "" {
			args = append(args, "--account-name", name)
		}
		if p.ResellerID != "" {
			args = append(args, "--reseller", p.ResellerID)
		}
		return a.commandLine(cmd, args...)
	}
	check := find(p.AccountName)
	a.explain("creation", err, check)
	switch {
	case errors.Is(err, customers.ErrXAccountIDTaken):
		// Perhaps under another login name: searched without it.
		a.note("That platform user id already has a customer; find it with:\n  %s", find(""))
	case errors.Is(err, customers.ErrAssociationNotAllowed) && p.ResellerID == "":
		a.note("A distributor may be refused customers of its own: create it for one of your resellers with --reseller.")
	case errors.Is(err, customers.ErrVerificationCodeWrong):
		a.note("Run the command again with --code and the code as received (after 3 wrong codes it is void).")
	case errors.Is(err, customers.ErrVerificationCodeExpired), errors.Is(err, customers.ErrVerificationCodeLocked):
		a.note("Send a new code with 'hwpartner customers send-code' and run the command again with it.")
	}
	if judge(err) != unknown {
		check = ""
	}
	if perr := a.printer.Object(createCols(), judge(err).String(), "", p.AccountName, p.XAccountID, p.ResellerID, requestID(err), check); perr != nil {
		return perr
	}
	return a.exitFor(err)
}

func (a *app) customersSendCodeCmd() *cobra.Command {
	var (
		mobile, email, bankCard, lang string
		minutes                       int
	)
	cmd := &cobra.Command{
		Use:   "send-code (--mobile NUMBER | --email ADDRESS)",
		Short: "Send a verification code to a new customer's phone or email",
		Long: `Ask Huawei to send a verification code: by SMS to a Chinese mobile number
(China site) or by email (international sites). The code registers a
customer with that number or address ('customers create --code'), or, with
--bank-card CUSTOMER and the phone number of the customer's bank card, it
is the code of 'hwpartner realname apply bankcard'.

A number receives at most 15 codes an hour and 60 a day. A send is never
repeated: if its answer is lost the command exits with 3; wait for the code
before sending another. The number and address are sent, never printed.`,
		Example: `  hwpartner customers send-code --mobile 13800000000
  hwpartner customers send-code --email user@example.com --site international
  hwpartner customers send-code --bank-card demo-customer-0002 --mobile 13800000021`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			p := &customers.SendCodeParams{MobilePhone: mobile, Email: email, Timeout: minutes, Lang: lang}
			purpose := "registration"
			if bankCard != "" {
				p.Scene, p.CustomerID, purpose = customers.SceneBankCard, bankCard, "bank-card real-name authentication"
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			var res *customers.SendCodeResult
			err = a.sendOnce(func(ctx context.Context) error {
				var err error
				res, err = c.Customers.SendVerificationCode(ctx, p)
				return err
			})
			cols := []output.Column{
				output.Col("status", "Status", output.KText),
				output.Col("purpose", "For", output.KText),
				output.Col("customer_id", "Customer", output.KText),
				output.Col("request_id", "Request id", output.KText),
			}
			var ee *exitError
			var ve *hwpartner.ValidationError
			switch {
			case errors.As(err, &ee), errors.As(err, &ve):
				return err
			case err == nil:
				return a.printer.Object(cols, "sent", purpose, bankCard, res.RequestID)
			}
			a.explainCode(err)
			if perr := a.printer.Object(cols, judge(err).String(), purpose, bankCard, requestID(err)); perr != nil {
				return perr
			}
			return a.exitFor(err)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&mobile, "mobile", "", "the Chinese mobile number, without country code (China site)")
	fl.StringVar(&email, "email", "", "the email address (international sites)")
	fl.StringVar(&bankCard, "bank-card", "", "a code for this customer's bank-card real-name authentication (China site)")
	fl.IntVar(&minutes, "valid-minutes", 0, "how long the code is valid, 1 to 60 minutes (default 10)")
	fl.StringVar(&lang, "lang", "", "the message's language: zh-cn or en-us")
	_ = cmd.RegisterFlagCompletionFunc("lang", fixedCompletion(customers.LangChinese, customers.LangEnglish))
	return cmd
}
