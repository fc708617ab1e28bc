package funds_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// acme is a demo reseller of hwpartnertest.Server.SeedDemo.
const acme = "0977ffa9f20010790f0fc003f6900520"

// demo starts the fake with its demo data and a client for it.
func demo() (*hwpartner.Client, *hwpartnertest.Server) {
	srv, err := hwpartnertest.Start()
	if err != nil {
		log.Fatal(err)
	}
	srv.SeedDemo()
	c, err := hwpartner.NewClient(
		hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()),
		hwpartner.WithEndpoint(srv.URL),
	)
	if err != nil {
		log.Fatal(err)
	}
	return c, srv
}

func ExampleService_Transfer() {
	c, srv := demo()
	defer srv.Close()
	ctx := context.Background()

	amount, err := hwpartner.ParseAmount("250.00")
	if err != nil {
		log.Fatal(err)
	}
	res, err := c.Funds.Transfer(ctx, &funds.TransferParams{ResellerID: acme, Amount: amount})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("transaction id received:", res.TransactionID != "")

	b, err := c.Funds.Balance(ctx, acme)
	if err != nil {
		log.Fatal(err)
	}
	cash, _ := b.Account(funds.AccountCash)
	fmt.Println("Acme's balance:", cash.Amount, cash.Currency)
	// Output:
	// transaction id received: true
	// Acme's balance: 5250.00 CNY
}

func ExampleService_Reclaim() {
	c, srv := demo()
	defer srv.Close()
	ctx := context.Background()

	_, err := c.Funds.Reclaim(ctx, &funds.ReclaimParams{ResellerID: acme, Amount: hwpartner.AmountFromYuan(6000)})
	fmt.Println("insufficient balance:", hwpartner.IsInsufficientBalance(err))

	_, err = c.Funds.Reclaim(ctx, &funds.ReclaimParams{ResellerID: acme, Amount: hwpartner.AmountFromCents(100_050)})
	if err != nil {
		log.Fatal(err)
	}
	own, err := c.Funds.OwnBalance(ctx)
	if err != nil {
		log.Fatal(err)
	}
	cash, _ := own.Account(funds.AccountCash)
	fmt.Println("distributor's balance:", cash.Amount)
	// Output:
	// insufficient balance: true
	// distributor's balance: 101000.50
}

func ExampleService_Resolve() {
	c, srv := demo()
	defer srv.Close()
	ctx := context.Background()

	// The server carries the transfer out, then the connection drops.
	srv.InjectFault("UpdateIndirectPartnerAccount", hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})

	_, err := c.Funds.Transfer(ctx, &funds.TransferParams{ResellerID: acme, Amount: hwpartner.AmountFromYuan(80)})
	var unknown *funds.OutcomeUnknownError
	if !errors.As(err, &unknown) {
		log.Fatal("expected an unknown outcome, got ", err)
	}
	fmt.Println("outcome unknown:", hwpartner.IsOutcomeUnknown(err))

	out, err := c.Funds.Resolve(ctx, &unknown.Lookup)
	if err != nil {
		log.Fatal(err)
	}
	switch out.Resolution {
	case funds.Recorded:
		fmt.Println("it happened:", out.Record.OperationType, out.Record.Amount)
	case funds.NotRecorded:
		fmt.Println("no record yet: wait and look again before resending")
	case funds.Ambiguous:
		fmt.Println(len(out.Matches), "records could be it: settle by hand")
	}
	// Output:
	// outcome unknown: true
	// it happened: transfer 80.00
}

func ExampleService_RecordsIter() {
	c, srv := demo()
	defer srv.Close()
	ctx := context.Background()

	for _, cents := range []int64{1000, 2050, 399} {
		if _, err := c.Funds.Transfer(ctx, &funds.TransferParams{ResellerID: acme, Amount: hwpartner.AmountFromCents(cents)}); err != nil {
			log.Fatal(err)
		}
	}
	p := &funds.RecordsParams{
		CustomerID:    acme,
		OperationType: funds.OperationTransfer,
		From:          time.Now().Add(-time.Hour),
	}
	for r, err := range c.Funds.RecordsIter(ctx, p) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.OperationType, r.Amount, r.Currency)
	}
	// Output:
	// transfer 3.99 CNY
	// transfer 20.50 CNY
	// transfer 10.00 CNY
}
