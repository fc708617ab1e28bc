package hwpartnertest_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// A transfer whose answer is lost: the money moved once, the SDK reports
// the outcome as unknown and does not send it again. In a test use
// NewServer(t) instead of Start.
func Example() {
	srv, err := hwpartnertest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	_ = srv.SeedReseller(hwpartnertest.IndirectPartner{ID: "r1", Name: "Acme"})
	_ = srv.SetBalance(srv.DomainID(), hwpartnertest.Yuan(1000))
	// The second transfer is carried out, then the connection drops.
	_ = srv.InjectFault(hwpartnertest.OpUpdateIndirectPartnerAccount,
		hwpartnertest.Fault{After: 1, Times: 1, Drop: hwpartnertest.DropAfterProcessing})

	c, err := hwpartner.NewClient(hwpartner.WithConfig(srv.ClientConfig()))
	if err != nil {
		log.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		_, err := c.Funds.Transfer(context.Background(), &funds.TransferParams{ResellerID: "r1", Amount: hwpartner.AmountFromYuan(10)})
		switch {
		case err == nil:
			fmt.Printf("transfer %d: done\n", i)
		case hwpartner.IsOutcomeUnknown(err):
			fmt.Printf("transfer %d: outcome unknown\n", i)
		default:
			fmt.Printf("transfer %d: %v\n", i, err)
		}
	}
	fmt.Println("reseller:", srv.Balance("r1"))
	fmt.Println("total:", srv.TotalBalance())
	fmt.Println("sent:", srv.RequestCount(hwpartnertest.OpUpdateIndirectPartnerAccount))
	// Output:
	// transfer 1: done
	// transfer 2: outcome unknown
	// transfer 3: done
	// reseller: 30.00
	// total: 1000.00
	// sent: 3
}

// An operation name the server does not serve is refused, with the name
// that was probably meant.
func ExampleServer_InjectFault() {
	srv, err := hwpartnertest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	err = srv.InjectFault("UpdateIndirectPartnerAcount", hwpartnertest.Fault{Status: http.StatusServiceUnavailable})
	fmt.Println(err)
	fmt.Println(srv.RequestCount("UpdateIndirectPartnerAcount"))
	// Output:
	// hwpartnertest: unknown operation "UpdateIndirectPartnerAcount" (did you mean "UpdateIndirectPartnerAccount"?)
	// -1
}

// Amounts compare exactly, with each other and with the SDK's.
func ExampleAmount_Equal() {
	a, _ := hwpartnertest.ParseAmount("99.9")
	fmt.Println(a, a == hwpartnertest.AmountFromCents(9990))
	fmt.Println(a.Equal(hwpartner.AmountFromCents(9990)))
	// Output:
	// 99.90 true
	// true
}

// The control API does the same over HTTP, for tests in any language.
func Example_controlAPI() {
	srv, err := hwpartnertest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	call := func(method, path, body string) string {
		req, _ := http.NewRequest(method, srv.URL+"/_fake"+path, strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.Status + " " + strings.Join(strings.Fields(string(out)), " ")
	}
	fmt.Println(call("POST", "/resellers", `{"id":"r1","name":"Acme","balance":"100.00"}`))
	fmt.Println(call("POST", "/faults", `{"operation":"ListPartnerBalances","status":503,"code":"CBC.0999","times":1}`))
	fmt.Println(call("GET", "/balances/r1", ""))
	fmt.Println(call("POST", "/faults", `{"operation":"ListPartnerBalance","status":503}`))
	// Output:
	// 200 OK { "ok": true }
	// 200 OK { "ok": true }
	// 200 OK { "amount": "100.00", "id": "r1" }
	// 400 Bad Request { "error": "unknown operation \"ListPartnerBalance\" (did you mean \"ListPartnerBalances\"?)" }
}
