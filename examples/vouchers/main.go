// Command vouchers walks through the voucher-quota operations: it lists the
// distributor's quotas, issues an amount to three resellers (by default one
// of them is refused), prints who got what, reclaims what was issued
// (printing what went back, from the reclaim records, and the balance the
// answer reports after the reclaim) and prints the issue and reclaim
// records as a table.
//
// By default it runs against the SDK's in-memory fake with its demo data:
//
//	go run ./examples/vouchers
//
// Against a real endpoint it reads HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK
// (and HUAWEICLOUD_SDK_DOMAIN_ID) and needs the quota and resellers; it
// issues and reclaims real voucher quota:
//
//	go run ./examples/vouchers -endpoint https://bss.myhuaweicloud.com \
//		-quota QUOTA_ID -resellers ID1,ID2,ID3 -amount 1
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/hwpartner/go-hwpartner/examples/internal/table"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, errorLine(err))
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("vouchers", flag.ContinueOnError)
	fs.SetOutput(out)
	endpoint := fs.String("endpoint", "", "Partner Center endpoint; empty runs against the built-in fake")
	quota := fs.String("quota", "", "distributor quota to issue from (fake: the demo quota)")
	resellerList := fs.String("resellers", "", "comma-separated reseller ids (fake: two demo resellers and one of another distributor)")
	amountText := fs.String("amount", "100", "yuan to give each reseller")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // the usage is printed; -h is not a failure
		}
		return err
	}
	amount, err := hwpartner.ParseAmount(*amountText)
	if err != nil {
		return err
	}
	var resellers []string
	if *resellerList != "" {
		resellers = strings.Split(*resellerList, ",")
	}

	var c *hwpartner.Client
	if *endpoint == "" {
		srv, err := hwpartnertest.Start()
		if err != nil {
			return err
		}
		defer srv.Close()
		srv.SeedDemo()
		if c, err = hwpartner.NewClient(hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithEndpoint(srv.URL)); err != nil {
			return err
		}
		if *quota == "" {
			*quota = hwpartnertest.DemoVoucherQuotaID
		}
		if resellers == nil {
			resellers = []string{hwpartnertest.DemoReseller1, hwpartnertest.DemoForeignResellerID, hwpartnertest.DemoReseller2}
		}
	} else {
		if *quota == "" || resellers == nil {
			return errors.New("-quota and -resellers are required with -endpoint")
		}
		if c, err = hwpartner.NewClient(hwpartner.WithEndpoint(*endpoint)); err != nil {
			return err
		}
	}

	if err := showQuotas(ctx, c, out); err != nil {
		return err
	}
	issued, err := issue(ctx, c, out, *quota, resellers, amount)
	if err != nil {
		return err
	}
	if err := reclaim(ctx, c, out, issued); err != nil {
		return err
	}
	return showRecords(ctx, c, out, *quota)
}

func showQuotas(ctx context.Context, c *hwpartner.Client, out io.Writer) error {
	fmt.Fprintln(out, "Quotas:")
	rows := [][]string{{"QUOTA", "STATUS", "BALANCE", "VALUE", "EXPIRES"}}
	for q, err := range c.Vouchers.QuotasIter(ctx, nil) {
		if err != nil {
			return err
		}
		rows = append(rows, []string{q.ID, q.Status.String(), q.Balance.String(), q.Value.String(), q.Expires.String()})
	}
	return table.Write(out, "  ", rows, 0, 1, 2, 3, 4)
}

// issue returns the new reseller quotas. Refused resellers are printed,
// not fatal; an unknown outcome is.
func issue(ctx context.Context, c *hwpartner.Client, out io.Writer, quota string, resellers []string, amount hwpartner.Amount) ([]string, error) {
	fmt.Fprintf(out, "\nIssuing %s from %s to %s:\n", amount, quota, plural(len(resellers), "reseller", "resellers"))
	res, err := c.Vouchers.IssueInBatches(ctx, &vouchers.IssueParams{QuotaID: quota, ResellerIDs: resellers, Amount: amount})
	var pe *vouchers.PartialError
	if err != nil && !errors.As(err, &pe) {
		if hwpartner.IsOutcomeUnknown(err) {
			fmt.Fprintln(out, "The outcome is unknown: check the records before issuing again.")
		}
		return nil, err
	}
	var quotas []string
	for _, is := range res.Issued {
		fmt.Fprintf(out, "  issued   %s -> quota %s\n", is.ResellerID, is.QuotaID)
		quotas = append(quotas, is.QuotaID)
	}
	for _, f := range res.Failures {
		fmt.Fprintf(out, "  refused  %s: %s %s\n", f.ID, f.Code, f.Message)
	}
	for _, id := range res.Unreported {
		fmt.Fprintf(out, "  unknown  %s: missing from the answer, check the records\n", id)
	}
	return quotas, nil
}

func reclaim(ctx context.Context, c *hwpartner.Client, out io.Writer, quotas []string) error {
	fmt.Fprintf(out, "\nReclaiming %s:\n", plural(len(quotas), "quota", "quotas"))
	for batch := range slices.Chunk(quotas, vouchers.MaxReclaimQuotas) {
		res, err := c.Vouchers.Reclaim(ctx, &vouchers.ReclaimParams{QuotaIDs: batch, Remark: hwpartner.Ptr("example")})
		var pe *vouchers.PartialError
		if err != nil && !errors.As(err, &pe) {
			return err
		}
		for _, r := range res.Reclaimed {
			// The answer gives the quota's balance after the reclaim; the
			// amount that went back to the parent is in the reclaim record.
			back, found, err := returned(ctx, c, r.QuotaID)
			if err != nil {
				return err
			}
			if !found {
				fmt.Fprintf(out, "  reclaimed %s: balance now %s; no reclaim record yet, check the records later\n", r.QuotaID, r.BalanceAfter)
				continue
			}
			fmt.Fprintf(out, "  reclaimed %s: %s back, balance now %s\n", r.QuotaID, back, r.BalanceAfter)
		}
		for _, f := range res.Failures {
			fmt.Fprintf(out, "  refused   %s: %s %s\n", f.ID, f.Code, f.Message)
		}
	}
	return nil
}

// returned sums the successful reclaim records of a reseller quota: the
// amount that went back to its parent. found is false when there is none.
func returned(ctx context.Context, c *hwpartner.Client, quota string) (total hwpartner.Amount, found bool, err error) {
	total = hwpartner.AmountFromCents(0)
	for r, err := range c.Vouchers.RecordsIter(ctx, &vouchers.RecordsParams{QuotaID: quota, Operation: vouchers.OperationReclaim}) {
		if err != nil {
			return total, false, err
		}
		if r.Result == vouchers.ResultSucceeded {
			total, found = total.Add(r.Amount), true
		}
	}
	return total, found, nil
}

func showRecords(ctx context.Context, c *hwpartner.Client, out io.Writer, quota string) error {
	fmt.Fprintf(out, "\nRecords of %s:\n", quota)
	rows := [][]string{{"TIME", "OPERATION", "RESULT", "RESELLER", "QUOTA", "AMOUNT", "REMARK"}}
	for r, err := range c.Vouchers.RecordsIter(ctx, &vouchers.RecordsParams{ParentQuotaID: &quota}) {
		if err != nil {
			return err
		}
		rows = append(rows, []string{r.Time.String(), r.Operation.String(), r.Result.String(), r.ResellerID, r.QuotaID, r.Amount.String(), r.Remark})
	}
	return table.Write(out, "", rows)
}

// errorLine prefixes the program's name once: the packages' own errors
// may start with the same word.
func errorLine(err error) string {
	if msg := err.Error(); strings.HasPrefix(msg, "vouchers: ") {
		return msg
	}
	return "vouchers: " + err.Error()
}

// plural counts n of a noun: "1 quota", "2 quotas".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
