package hwpartner_test

import (
	"context"
	"fmt"
	"log"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// A client for the in-memory fake: one option gives it the endpoint and
// the credentials. Against Huawei, use WithAKSK and WithDomainID.
func ExampleWithConfig() {
	srv, err := hwpartnertest.Start() // in a test: hwpartnertest.NewServer(t)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	srv.SeedDemo()

	c, err := hwpartner.NewClient(hwpartner.WithConfig(srv.ClientConfig()))
	if err != nil {
		log.Fatal(err)
	}
	for r, err := range c.Resellers.ListIter(context.Background(), nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.Name)
	}
	// Output:
	// Acme Cloud Services
	// Bluesky Digital
	// Canal Systems
}

// Money is an exact decimal, never a float.
func ExampleParseAmount() {
	a, err := hwpartner.ParseAmount("99.99")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Add(hwpartner.AmountFromCents(1)))
	_, err = hwpartner.ParseAmount("1e3")
	fmt.Println(err)
	// Output:
	// 100.00
	// hwpartner: "1e3" is not a decimal amount
}
