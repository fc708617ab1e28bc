package vouchers_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// demoClient starts the fake with its demo data and returns a client for it.
func demoClient() (*hwpartner.Client, func()) {
	srv, err := hwpartnertest.Start()
	if err != nil {
		log.Fatal(err)
	}
	srv.SeedDemo()
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithEndpoint(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return c, srv.Close
}

func ExampleService_Quotas() {
	c, done := demoClient()
	defer done()
	ctx := context.Background()

	for q, err := range c.Vouchers.QuotasIter(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %-8s balance %9s of %9s\n", q.ID, q.Status, q.Balance, q.Value)
	}
	// Output:
	// 2025010100000001 normal   balance  10000.00 of  10000.00
	// 2025010100000002 frozen   balance   1200.50 of   5000.00
	// 2025010100000003 invalid  balance    800.00 of    800.00
}

func ExampleService_Issue() {
	c, done := demoClient()
	defer done()
	ctx := context.Background()

	res, err := c.Vouchers.Issue(ctx, &vouchers.IssueParams{
		QuotaID:     hwpartnertest.DemoVoucherQuotaID,
		ResellerIDs: []string{hwpartnertest.DemoReseller1, hwpartnertest.DemoForeignResellerID},
		Amount:      hwpartner.AmountFromYuan(500),
	})
	var pe *vouchers.PartialError
	switch {
	case errors.As(err, &pe):
		fmt.Println("some resellers got nothing:", len(pe.Failures))
	case err != nil:
		log.Fatal(err) // nothing was issued, or (IsOutcomeUnknown) check Records
	}
	for _, is := range res.Issued {
		fmt.Println("issued to", is.ResellerID)
	}
	for _, f := range res.Failures {
		fmt.Println("refused", f.ID, f.Code)
	}
	// Output:
	// some resellers got nothing: 1
	// issued to 0977ffa9f20010790f0fc003f6900520
	// refused f0f0f0f0f0f0f0f0f0f0f0f0f0f0f099 CBC.99000037
}

func ExampleService_Reclaim() {
	c, done := demoClient()
	defer done()
	ctx := context.Background()

	issued, err := c.Vouchers.Issue(ctx, &vouchers.IssueParams{
		QuotaID:     hwpartnertest.DemoVoucherQuotaID,
		ResellerIDs: []string{hwpartnertest.DemoReseller2},
		Amount:      hwpartner.AmountFromCents(12050),
	})
	if err != nil {
		log.Fatal(err)
	}
	res, err := c.Vouchers.Reclaim(ctx, &vouchers.ReclaimParams{
		QuotaIDs: []string{issued.Issued[0].QuotaID},
		Remark:   hwpartner.Ptr("campaign over"),
	})
	if err != nil {
		log.Fatal(err)
	}
	// quota_balance is the quota's balance after the reclaim.
	fmt.Println("reclaimed, balance now", res.Reclaimed[0].BalanceAfter)

	// The records say how much went back to the parent quota.
	for r, err := range c.Vouchers.RecordsIter(ctx, &vouchers.RecordsParams{ResellerID: hwpartnertest.DemoReseller2}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %s %s %s %q\n", r.Operation, r.Result, r.Amount, r.ResellerName, r.Remark)
	}
	// Output:
	// reclaimed, balance now 0.00
	// issue succeeded 120.50 Bluesky Digital ""
	// reclaim succeeded 120.50 Bluesky Digital "campaign over"
}

func ExampleService_IssueInBatches() {
	c, done := demoClient()
	defer done()
	ctx := context.Background()

	res, err := c.Vouchers.IssueInBatches(ctx, &vouchers.IssueParams{
		QuotaID:     hwpartnertest.DemoVoucherQuotaID,
		ResellerIDs: []string{hwpartnertest.DemoReseller1, hwpartnertest.DemoReseller3},
		Amount:      hwpartner.AmountFromYuan(10),
	})
	var be *vouchers.BatchError
	if errors.As(err, &be) {
		// Stopped: check res.Unknown() in the records, resend res.NotSent() later.
		log.Fatal(err)
	}
	fmt.Println(len(res.Batches), "batch,", len(res.Issued), "resellers issued,", len(res.Failed()), "refused")
	// Output:
	// 1 batch, 2 resellers issued, 0 refused
}
