// Command customers tours the customer calls: list the distributor's own
// customers and a reseller's, create a customer for the reseller, fund it
// out of the reseller's account, reclaim part of it, and print the
// balances and the reseller's account changes.
//
// With no arguments it runs against the SDK's in-memory fake server:
//
//	go run ./examples/customers
//
// Against a real endpoint it reads the access keys from HUAWEICLOUD_SDK_AK
// and HUAWEICLOUD_SDK_SK and only lists customers, the caller's own or,
// with -reseller, that reseller's:
//
//	go run ./examples/customers -endpoint https://bss.myhuaweicloud.com -reseller ID
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hwpartner/go-hwpartner/examples/internal/table"
	"time"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/auth"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, os.Args[1:], os.LookupEnv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, errorLine(err))
		cancel()
		os.Exit(1)
	}
}

// Amounts the fake-server tour moves.
var (
	demoTransfer = hwpartner.AmountFromYuan(200)
	demoReclaim  = hwpartner.AmountFromYuan(50)
)

func run(ctx context.Context, args []string, lookup func(string) (string, bool), out io.Writer) error {
	fs := flag.NewFlagSet("customers", flag.ContinueOnError)
	fs.SetOutput(out)
	endpoint := fs.String("endpoint", "", "Partner Center base URL; credentials come from "+auth.EnvAK+" and "+auth.EnvSK)
	fake := fs.Bool("fake", false, "run against the in-memory fake server (the default without -endpoint)")
	reseller := fs.String("reseller", "", "with -endpoint: list this reseller's customers instead of your own")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	case *fake && *endpoint != "":
		return errors.New("-fake and -endpoint exclude each other")
	case *endpoint == "" && *reseller != "":
		return errors.New("-reseller needs -endpoint; the fake-server tour picks its reseller")
	}
	if *endpoint == "" {
		return tour(ctx, out)
	}
	creds, err := auth.FromLookup(lookup)
	if err != nil {
		return err
	}
	c, err := hwpartner.NewClient(hwpartner.WithCredentials(creds), hwpartner.WithEndpoint(*endpoint))
	if err != nil {
		return err
	}
	title := "Your customers"
	if *reseller != "" {
		title = "Customers of reseller " + *reseller
	}
	return list(ctx, c, title, *reseller, out)
}

// tour runs every step against a fake server started for the purpose.
func tour(ctx context.Context, out io.Writer) error {
	srv, err := hwpartnertest.Start()
	if err != nil {
		return err
	}
	defer srv.Close()
	srv.SeedDemo()
	fmt.Fprintf(out, "Using the in-memory fake server at %s (run with -endpoint URL for a real one).\n\n", srv.URL)
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithEndpoint(srv.URL))
	if err != nil {
		return err
	}
	if err := list(ctx, c, "Your customers", "", out); err != nil {
		return err
	}
	reseller := hwpartnertest.DemoReseller1
	if err := list(ctx, c, "Customers of Acme Cloud Services", reseller, out); err != nil {
		return err
	}

	// Create a customer for the reseller. The platform user id is stable:
	// sent again, it is refused rather than creating a second account.
	p := &customers.CreateParams{XAccountID: "acme-user-0042", XAccountType: hwpartnertest.DemoXAccountType,
		AccountName: "acme-shop-42", ResellerID: reseller}
	created, err := c.Customers.Create(ctx, p)
	var unknown *customers.CreateUnknownError
	if errors.As(err, &unknown) {
		return fmt.Errorf("the customer may or may not have been created; look it up (FindCreated) before creating it again: %w", err)
	}
	if err != nil {
		return err
	}
	cu, err := c.Customers.WaitForAssociation(ctx, reseller, created.CustomerID, &customers.WaitOptions{Interval: 100 * time.Millisecond})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Created customer %s (%s) for Acme Cloud Services.\n", cu.AccountName, cu.ID)

	if err := transfer(ctx, c, &customers.TransferParams{CustomerID: cu.ID, ResellerID: reseller, Amount: demoTransfer}, out); err != nil {
		return err
	}
	rc, err := c.Customers.Reclaim(ctx, &customers.ReclaimParams{CustomerID: cu.ID, ResellerID: reseller, Amount: demoReclaim})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Reclaimed %s CNY from %s (transaction %s).\n", demoReclaim, cu.AccountName, rc.TransactionID)

	ids := []string{cu.ID, hwpartnertest.DemoResellerCustomerID, hwpartnertest.DemoResellerReferralID}
	if err := balances(ctx, c, reseller, ids, out); err != nil {
		return err
	}
	return changes(ctx, c, reseller, out)
}

func list(ctx context.Context, c *hwpartner.Client, title, reseller string, out io.Writer) error {
	page, err := c.Customers.List(ctx, &customers.ListParams{ResellerID: reseller, ListOptions: hwpartner.ListOptions{Limit: 20}})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s (%d):\n", title, page.Total)
	rows := make([][]string, 0, len(page.Items))
	for _, cu := range page.Items {
		rows = append(rows, []string{cu.ID, cu.AccountName, cu.AssociationType.String(),
			cu.AssociatedOn.Format(time.DateOnly), cu.VerifiedStatus.String()})
	}
	printTable(out, []string{"ID", "ACCOUNT", "ASSOCIATION", "ASSOCIATED", "REAL NAME"}, rows)
	if page.HasMore() {
		fmt.Fprintf(out, "  … and %d more\n", page.Total-len(page.Items))
	}
	fmt.Fprintln(out)
	return nil
}

// transfer moves money and, when the outcome is unknown, looks it up
// instead of guessing.
func transfer(ctx context.Context, c *hwpartner.Client, p *customers.TransferParams, out io.Writer) error {
	res, err := c.Customers.Transfer(ctx, p)
	var unknown *customers.OutcomeUnknownError
	switch {
	case errors.As(err, &unknown):
		found, rerr := c.Customers.Resolve(ctx, &unknown.Lookup)
		if rerr != nil {
			return fmt.Errorf("the transfer may or may not have happened, and looking it up failed: %w", rerr)
		}
		if found.Resolution != customers.Recorded {
			return fmt.Errorf("the transfer may or may not have happened (%s): check the records and balances before sending it again", found.Resolution)
		}
		fmt.Fprintf(out, "Transferred %s CNY (transaction %s, found in the records).\n", p.Amount, found.Record.TransactionID)
	case err != nil:
		return err
	default:
		fmt.Fprintf(out, "Transferred %s CNY out of the reseller's account (transaction %s).\n", p.Amount, res.TransactionID)
	}
	return nil
}

func balances(ctx context.Context, c *hwpartner.Client, reseller string, ids []string, out io.Writer) error {
	res, err := c.Customers.Balances(ctx, &customers.BalancesParams{CustomerIDs: ids, ResellerID: reseller})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "\nBalances:")
	rows := make([][]string, 0, len(ids))
	for _, id := range ids {
		b, ok := res.Balance(id)
		switch {
		case !ok:
			rows = append(rows, []string{id, "-", "not partner-funded"})
		case b.Amount == nil:
			rows = append(rows, []string{id, "?", "not reported"})
		default:
			rows = append(rows, []string{id, b.Amount.String(), b.Currency})
		}
	}
	printTable(out, []string{"CUSTOMER", "AMOUNT", "CURRENCY"}, rows)
	return nil
}

func changes(ctx context.Context, c *hwpartner.Client, reseller string, out io.Writer) error {
	page, err := c.Customers.AccountChanges(ctx, &customers.AccountChangesParams{BalanceType: customers.BalanceCash, ResellerID: reseller})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nAccount changes of Acme Cloud Services (%d):\n", page.Total)
	rows := make([][]string, 0, len(page.Items))
	for _, ch := range page.Items {
		rows = append(rows, []string{ch.DetailType, ch.Direction.String(), ch.Amount.String(), ch.BalanceAfter.String(), ch.CustomerID})
	}
	printTable(out, []string{"KIND", "DIRECTION", "AMOUNT", "BALANCE AFTER", "CUSTOMER"}, rows)
	return nil
}

// printTable prints an indented table aligned by display width.
func printTable(out io.Writer, header []string, rows [][]string) {
	_ = table.Write(out, "  ", append([][]string{header}, rows...))
}

// errorLine prefixes the program's name once: the packages' own errors
// may start with the same word.
func errorLine(err error) string {
	if msg := err.Error(); strings.HasPrefix(msg, "customers: ") {
		return msg
	}
	return "customers: " + err.Error()
}
