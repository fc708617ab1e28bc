package customers_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

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

func ExampleService_ListIter() {
	c, srv := demo()
	defer srv.Close()
	ctx := context.Background()
	// The customers of one of the distributor's resellers.
	for cu, err := range c.Customers.ListIter(ctx, &customers.ListParams{ResellerID: hwpartnertest.DemoReseller1}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(cu.AccountName, cu.AssociationType)
	}
	// Output:
	// acme-shop-02 referral
	// acme-shop-01 partner-funded
}

func ExampleService_Transfer() {
	c, srv := demo()
	defer srv.Close()
	ctx := context.Background()
	// Fund a reseller's customer out of the reseller's account.
	_, err := c.Customers.Transfer(ctx, &customers.TransferParams{
		CustomerID: hwpartnertest.DemoResellerCustomerID,
		ResellerID: hwpartnertest.DemoReseller1,
		Amount:     hwpartner.AmountFromYuan(200),
	})
	if err != nil {
		log.Fatal(err)
	}
	res, err := c.Customers.Balances(ctx, &customers.BalancesParams{
		CustomerIDs: []string{hwpartnertest.DemoResellerCustomerID},
		ResellerID:  hwpartnertest.DemoReseller1,
	})
	if err != nil {
		log.Fatal(err)
	}
	b, _ := res.Balance(hwpartnertest.DemoResellerCustomerID)
	fmt.Println("customer's balance:", b.Amount, b.Currency)

	// A referral customer tops up its own account: refused, nothing sent.
	_, err = c.Customers.Transfer(ctx, &customers.TransferParams{
		CustomerID: hwpartnertest.DemoReferralCustomerID, Amount: hwpartner.AmountFromYuan(1)})
	fmt.Println("referral customer refused:", errors.Is(err, customers.ErrNotFundable))
	// Output:
	// customer's balance: 500.00 CNY
	// referral customer refused: true
}

func ExampleService_Create() {
	c, srv := demo()
	defer srv.Close()
	ctx := context.Background()
	p := &customers.CreateParams{
		XAccountID:   "platform-user-1001", // stable and unique: a resend is refused
		XAccountType: hwpartnertest.DemoXAccountType,
		AccountName:  "shop-1001", // explicit: FindCreated looks it up by it
		ResellerID:   hwpartnertest.DemoReseller2,
	}
	res, err := c.Customers.Create(ctx, p)
	var unknown *customers.CreateUnknownError
	if errors.As(err, &unknown) {
		// The answer was lost: find out before creating it again.
		found, ferr := c.Customers.FindCreated(ctx, &unknown.Lookup)
		fmt.Println(found, ferr)
		return
	}
	if err != nil {
		log.Fatal(err)
	}
	cu, err := c.Customers.WaitForAssociation(ctx, p.ResellerID, res.CustomerID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cu.AccountName, cu.XAccountID, cu.AssociationType)
	// Output:
	// shop-1001 platform-user-1001 partner-funded
}
