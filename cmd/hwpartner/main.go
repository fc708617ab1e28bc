// Command hwpartner is the operator command line for Huawei Cloud
// distributors: resellers, balances, transfers, voucher quotas, real-name
// authentication and incentive rules. Run 'hwpartner --help'.
//
//	go install github.com/hwpartner/go-hwpartner/cmd/hwpartner@latest
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"github.com/hwpartner/go-hwpartner/cmd/hwpartner/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := cli.OSEnv(term.IsTerminal(int(os.Stdin.Fd())), term.IsTerminal(int(os.Stderr.Fd())))
	code := cli.Run(ctx, os.Args[1:], env)
	stop()
	os.Exit(code)
}
