package resellers_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/resellers"
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

	for r, err := range c.Resellers.ListIter(context.Background(), nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.Name, r.AssociatedOn.Format(time.DateOnly))
	}
	// Output:
	// Acme Cloud Services 2024-03-01
	// Bluesky Digital 2024-03-12
	// Canal Systems 2024-03-20
}

func ExampleService_List() {
	c, srv := demo()
	defer srv.Close()

	page, err := c.Resellers.List(context.Background(), &resellers.ListParams{
		AssociatedFrom: time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC),
		ListOptions:    hwpartner.ListOptions{Limit: 1},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(page.Items[0].Name, "- more:", page.HasMore(), "- total:", page.Total)
	// Output:
	// Bluesky Digital - more: true - total: 2
}

func ExampleService_Get() {
	c, srv := demo()
	defer srv.Close()
	ctx := context.Background()

	r, err := c.Resellers.Get(ctx, "0977ffa9f20010790f0fc003f6900520")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Name, r.AccountName)
	fmt.Println(r) // contact details are redacted when printed

	_, err = c.Resellers.Get(ctx, "not-a-reseller")
	fmt.Println(errors.Is(err, hwpartner.ErrNotFound))
	// Output:
	// Acme Cloud Services acme-cloud
	// resellers.Reseller{ID: 0977ffa9f20010790f0fc003f6900520, Name: Acme Cloud Services, AccountName: acme-cloud, MobilePhone: [REDACTED], Email: [REDACTED], AssociatedOn: 2024-03-01T08:00:00Z, AccountManagerID: li.na, AccountManagerName: [REDACTED]}
	// true
}
