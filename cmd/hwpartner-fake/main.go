// Command hwpartner-fake serves the in-memory Partner Center fake
// (package hwpartnertest) over HTTP, so programs in any language can be
// tested against it. The first line of standard output is the base URL;
// it serves until interrupted.
//
//	go run ./cmd/hwpartner-fake -seed-demo
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "hwpartner-fake:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	ak := flag.String("ak", hwpartnertest.DefaultAccessKey, "access key of the distributor account")
	sk := flag.String("sk", hwpartnertest.DefaultSecretKey, "secret key of the distributor account")
	domainID := flag.String("domain-id", hwpartnertest.DefaultDomainID, "account (domain) id of the distributor")
	token := flag.String("token", "", "also accept this X-Auth-Token for the distributor")
	seed := flag.Bool("seed-demo", false, "seed demo resellers, balances and voucher quotas")
	flag.Parse()

	opts := []hwpartnertest.Option{
		hwpartnertest.WithAddr(*addr),
		hwpartnertest.WithAKSK(*ak, *sk),
		hwpartnertest.WithDomainID(*domainID),
	}
	if *token != "" {
		opts = append(opts, hwpartnertest.WithToken(*token))
	}
	srv, err := hwpartnertest.Start(opts...)
	if err != nil {
		return err
	}
	defer srv.Close()
	if *seed {
		srv.SeedDemo()
	}
	fmt.Println(srv.URL)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	return nil
}
