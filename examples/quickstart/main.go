// Command quickstart tours the SDK's everyday calls: list resellers, read
// balances, transfer money to a reseller, reclaim part of it, and print
// the adjust records.
//
// With no arguments it runs against the SDK's in-memory fake server, so it
// needs no account:
//
//	go run ./examples/quickstart
//
// Against a real endpoint it reads the access keys from HUAWEICLOUD_SDK_AK
// and HUAWEICLOUD_SDK_SK (HUAWEICLOUD_SDK_DOMAIN_ID optional) and only
// reads (resellers, balances, adjust records), unless asked to transfer:
//
//	go run ./examples/quickstart -endpoint https://bss.myhuaweicloud.com
//	go run ./examples/quickstart -endpoint https://bss.myhuaweicloud.com -reseller ID -transfer 10.00
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
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/resellers"
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
	demoTransfer = hwpartner.AmountFromYuan(100)
	demoReclaim  = hwpartner.AmountFromYuan(40)
)

// run is the program; lookup reads environment variables.
func run(ctx context.Context, args []string, lookup func(string) (string, bool), out io.Writer) error {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(out)
	endpoint := fs.String("endpoint", "", "Partner Center base URL; credentials come from "+auth.EnvAK+" and "+auth.EnvSK)
	fake := fs.Bool("fake", false, "run against the in-memory fake server (the default without -endpoint)")
	resellerID := fs.String("reseller", "", "reseller id to show (default: the first one listed)")
	var transfer hwpartner.Amount
	fs.TextVar(&transfer, "transfer", hwpartner.Amount{}, "with -endpoint and -reseller: transfer this amount in yuan, e.g. 10.00")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // the usage is printed; -h is not a failure
		}
		return err
	}
	// Whether -transfer was given, not whether it is zero: "-transfer 0"
	// is a mistake to report, not a request to only read.
	moveMoney := false
	fs.Visit(func(f *flag.Flag) { moveMoney = moveMoney || f.Name == "transfer" })
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	case *fake && *endpoint != "":
		return errors.New("-fake and -endpoint exclude each other")
	case moveMoney && *endpoint == "":
		return errors.New("-transfer moves real money and needs -endpoint; the fake-server tour transfers on its own")
	case moveMoney && *resellerID == "":
		return errors.New("-transfer needs -reseller: name the reseller explicitly")
	}
	if moveMoney {
		// Checked before anything is read, so a bad amount stops the run.
		if err := (&funds.TransferParams{ResellerID: *resellerID, Amount: transfer}).Validate(); err != nil {
			return err
		}
	}
	if *endpoint == "" {
		return tour(ctx, *resellerID, out)
	}
	creds, err := auth.FromLookup(lookup)
	if err != nil {
		return err
	}
	c, err := hwpartner.NewClient(hwpartner.WithCredentials(creds), hwpartner.WithEndpoint(*endpoint))
	if err != nil {
		return err
	}
	r, err := overview(ctx, c, *resellerID, out)
	if err != nil {
		return err
	}
	if moveMoney {
		if err := transferTo(ctx, c, r, transfer, out); err != nil {
			return err
		}
	}
	return showRecords(ctx, c, r, out)
}

// tour runs every step against a fake server started for the purpose.
func tour(ctx context.Context, resellerID string, out io.Writer) error {
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
	r, err := overview(ctx, c, resellerID, out)
	if err != nil {
		return err
	}
	if err := transferTo(ctx, c, r, demoTransfer, out); err != nil {
		return err
	}
	rc, err := c.Funds.Reclaim(ctx, &funds.ReclaimParams{ResellerID: r.ID, Amount: demoReclaim})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Reclaimed %s CNY from %s (transaction %s).\n", demoReclaim, r.Name, rc.TransactionID)
	if err := showBalance(ctx, c, r, out); err != nil {
		return err
	}
	return showRecords(ctx, c, r, out)
}

// overview lists the resellers and shows balances; it only reads.
func overview(ctx context.Context, c *hwpartner.Client, resellerID string, out io.Writer) (*resellers.Reseller, error) {
	page, err := c.Resellers.List(ctx, &resellers.ListParams{ListOptions: hwpartner.ListOptions{Limit: 20}})
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "Resellers (%d):\n", page.Total)
	rows := make([][]string, 0, len(page.Items))
	for _, r := range page.Items {
		rows = append(rows, []string{r.ID, r.Name, r.AccountName, r.AssociatedOn.Format(time.DateOnly)})
	}
	printTable(out, []string{"ID", "NAME", "ACCOUNT", "ASSOCIATED"}, rows)
	if page.HasMore() {
		fmt.Fprintf(out, "  … and %d more\n", page.Total-len(page.Items))
	}

	own, err := c.Funds.OwnBalance(ctx)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "\nYour balance: %s\n", cash(own))

	var r *resellers.Reseller
	switch {
	case resellerID != "":
		if r, err = c.Resellers.Get(ctx, resellerID); err != nil {
			return nil, err
		}
	case len(page.Items) > 0:
		r = &page.Items[0]
	default:
		return nil, errors.New("no resellers to show")
	}
	return r, showBalance(ctx, c, r, out)
}

func showBalance(ctx context.Context, c *hwpartner.Client, r *resellers.Reseller, out io.Writer) error {
	b, err := c.Funds.Balance(ctx, r.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Balance of %s: %s\n", r.Name, cash(b))
	return nil
}

func cash(b *funds.Balance) string {
	a, ok := b.Account(funds.AccountCash)
	if !ok {
		return "no cash account"
	}
	return a.Amount.String() + " " + a.Currency
}

// transferTo moves money and, when the outcome is unknown, looks it up
// instead of guessing.
func transferTo(ctx context.Context, c *hwpartner.Client, r *resellers.Reseller, amount hwpartner.Amount, out io.Writer) error {
	fmt.Fprintln(out)
	res, err := c.Funds.Transfer(ctx, &funds.TransferParams{ResellerID: r.ID, Amount: amount})
	var unknown *funds.OutcomeUnknownError
	switch {
	case errors.As(err, &unknown):
		fmt.Fprintf(out, "The transfer's outcome is unknown (%v).\nLooking it up in the adjust records…\n", err)
		found, rerr := c.Funds.Resolve(ctx, &unknown.Lookup)
		if rerr != nil {
			return fmt.Errorf("the transfer may or may not have happened, and looking it up failed: %w", rerr)
		}
		if found.Resolution != funds.Recorded {
			return fmt.Errorf("the transfer may or may not have happened (%s): check the records and balances before sending it again", found.Resolution)
		}
		fmt.Fprintf(out, "Transferred %s CNY to %s (transaction %s, found in the records).\n", amount, r.Name, found.Record.TransactionID)
	case err != nil:
		return err
	default:
		fmt.Fprintf(out, "Transferred %s CNY to %s (transaction %s).\n", amount, r.Name, res.TransactionID)
	}
	return nil
}

func showRecords(ctx context.Context, c *hwpartner.Client, r *resellers.Reseller, out io.Writer) error {
	page, err := c.Funds.Records(ctx, &funds.RecordsParams{CustomerID: r.ID, ListOptions: hwpartner.ListOptions{Limit: 20}})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nAdjust records of %s (%d):\n", r.Name, page.Total)
	width := 0
	for _, rec := range page.Items {
		width = max(width, len(rec.Amount.String()))
	}
	rows := make([][]string, 0, len(page.Items))
	for _, rec := range page.Items {
		rows = append(rows, []string{
			rec.OperationTime.String(), rec.OperationType.String(),
			fmt.Sprintf("%*s", width, rec.Amount.String()), rec.Currency, rec.TransactionID,
		})
	}
	printTable(out, []string{"TIME", "OPERATION", "AMOUNT", "CURRENCY", "TRANSACTION"}, rows)
	return nil
}

// printTable prints an indented table aligned by display width.
func printTable(out io.Writer, header []string, rows [][]string) {
	_ = table.Write(out, "  ", append([][]string{header}, rows...))
}

// errorLine prefixes the program's name once: the packages' own errors
// may start with the same word.
func errorLine(err error) string {
	if msg := err.Error(); strings.HasPrefix(msg, "quickstart: ") {
		return msg
	}
	return "quickstart: " + err.Error()
}
