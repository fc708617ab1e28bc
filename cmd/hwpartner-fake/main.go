// Command hwpartner-fake serves the in-memory Partner Center fake
// (package hwpartnertest) over HTTP, so programs in any language can be
// tested against it. The first line of standard output is the base URL,
// the second the endpoint of its OBS bucket service (for real-name
// attachments); with -print-config it is one JSON line with both and the
// credentials. Tests drive it through its control API under /_fake/
// (seed, inspect, inject faults, reset). It serves until SIGINT or
// SIGTERM.
//
//	go run ./cmd/hwpartner-fake -seed-demo
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/hwpartner/go-hwpartner/internal/fakecmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := fakecmd.Main(ctx, "hwpartner-fake", os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
