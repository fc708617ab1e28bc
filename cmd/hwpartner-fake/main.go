// Command hwpartner-fake serves the in-memory Partner Center fake
// (package hwpartnertest) over HTTP, so programs in any language can be
// tested against it. The first line of standard output is the base URL,
// the second the endpoint of its OBS bucket service (for real-name
// attachments); it serves until interrupted.
//
//	go run ./cmd/hwpartner-fake -seed-demo
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	if err := run(os.Args[1:], os.Stdout, stop); err != nil {
		fmt.Fprintln(os.Stderr, "hwpartner-fake:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer, stop <-chan os.Signal) error {
	fs := flag.NewFlagSet("hwpartner-fake", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	ak := fs.String("ak", hwpartnertest.DefaultAccessKey, "access key of the distributor account")
	sk := fs.String("sk", hwpartnertest.DefaultSecretKey, "secret key of the distributor account")
	domainID := fs.String("domain-id", hwpartnertest.DefaultDomainID, "account (domain) id of the distributor")
	token := fs.String("token", "", "also accept this X-Auth-Token for the distributor")
	seed := fs.Bool("seed-demo", false, "seed demo resellers, balances, voucher quotas and customers")
	if err := fs.Parse(args); err != nil {
		return err
	}
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
	fmt.Fprintln(stdout, srv.URL)
	fmt.Fprintln(stdout, "obs:", srv.OBSEndpoint())
	<-stop
	return nil
}
