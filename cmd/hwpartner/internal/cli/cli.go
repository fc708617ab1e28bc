// Package cli is the hwpartner command line: one file per noun, each built
// on the public SDK as a distributor's own program would be.
package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/cmd/hwpartner/internal/output"
	"github.com/hwpartner/go-hwpartner/incentives"
)

// Exit codes, documented in the root command's help.
const (
	ExitOK          = 0   // done
	ExitFailed      = 1   // failed or refused: nothing was carried out
	ExitUsage       = 2   // bad command line or input; nothing was sent
	ExitUnknown     = 3   // outcome unknown: check before sending again
	ExitPartial     = 4   // a batch was answered, but some items failed
	ExitInterrupted = 130 // interrupted (Ctrl-C) with nothing in doubt
)

// Env is what a run sees of the world. main fills it from the process;
// tests inject their own.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// LookupEnv reads environment variables; nil reads none.
	LookupEnv func(string) (string, bool)
	// StdinTerminal allows confirmation prompts; StderrTerminal draws
	// progress bars instead of plain progress lines.
	StdinTerminal, StderrTerminal bool
	// Now is the clock for defaults such as "today"; nil is time.Now.
	Now func() time.Time
}

func (e Env) getenv(k string) string {
	if e.LookupEnv == nil {
		return ""
	}
	v, _ := e.LookupEnv(k)
	return v
}

func (e Env) now() time.Time {
	if e.Now == nil {
		return time.Now()
	}
	return e.Now()
}

// OSEnv is the process's environment.
func OSEnv(stdinTerminal, stderrTerminal bool) Env {
	return Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		LookupEnv:     os.LookupEnv,
		StdinTerminal: stdinTerminal, StderrTerminal: stderrTerminal,
	}
}

// exitError carries an exit code; a nil err means the message was printed.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func usageError(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// reported is an error whose explanation is already on stderr.
func reported(code int) error { return &exitError{code: code} }

// app is one run of the command line.
type app struct {
	env     Env
	ctx     context.Context
	started bool // a command's RunE began: later errors are not usage errors

	// Global flags.
	profile, config, endpoint, site, domainID, iamEndpoint string
	format                                                 string
	utc, verbose                                           bool

	loc     *time.Location
	stdin   *bufio.Reader // prompts' answers, read once started
	printer *output.Printer
	client  *hwpartner.Client
	conn    *connection
}

// Run runs the command line with args (without the program name) and
// returns the exit code.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Stdin == nil {
		env.Stdin = strings.NewReader("")
	}
	if env.Stdout == nil {
		env.Stdout = io.Discard
	}
	if env.Stderr == nil {
		env.Stderr = io.Discard
	}
	a := &app{env: env, ctx: ctx}
	root := a.root()
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	err := root.ExecuteContext(ctx)
	return a.exit(root, args, err)
}

// message is err's text without the SDK's "hwpartner: " prefix, which
// every line here already carries.
func message(err error) string { return strings.TrimPrefix(err.Error(), "hwpartner: ") }

func (a *app) exit(root *cobra.Command, args []string, err error) int {
	if err == nil {
		return ExitOK
	}
	code := ExitFailed
	var ee *exitError
	var ve *hwpartner.ValidationError
	switch {
	case errors.As(err, &ee):
		code = ee.code
		if ee.err == nil {
			return code
		}
	case !a.started:
		code = ExitUsage
	case errors.As(err, &ve):
		code = ExitUsage
	case hwpartner.IsOutcomeUnknown(err):
		code = ExitUnknown
	case errors.Is(err, context.Canceled) && a.ctx.Err() != nil:
		code = ExitInterrupted
		err = errors.New("interrupted")
	}
	fmt.Fprintln(a.env.Stderr, "hwpartner:", message(err))
	if code == ExitUsage && !a.started {
		path := "hwpartner"
		if c, _, ferr := root.Find(args); ferr == nil {
			path = c.CommandPath()
		}
		fmt.Fprintf(a.env.Stderr, "Run '%s --help' for usage.\n", path)
	}
	return code
}

const rootLong = `hwpartner moves money and voucher quota between a Huawei Cloud distributor
and its resellers and customers, registers customers, and reads balances,
records, real-name reviews and incentive rules, from the terminal or a
script.

Credentials are read as Huawei's SDKs read them: HUAWEICLOUD_SDK_AK,
HUAWEICLOUD_SDK_SK (and HUAWEICLOUD_SDK_SECURITY_TOKEN,
HUAWEICLOUD_SDK_DOMAIN_ID), or from a named profile in the config file
(see 'hwpartner config --help'). Secrets are never printed.

Output is an aligned table, or JSON or CSV with -o. Amounts are exact
decimals with their currency; times are China Standard Time (UTC+8), as
the Partner Center shows them, or UTC with --utc.

Money-moving commands (transfer, reclaim, quotas issue, quotas reclaim,
bulk run, bulk resume) and customers create show the request and ask
before sending it; --yes skips the question in scripts, --dry-run shows
the request and sends nothing. They are never sent twice: when an answer
is lost the command says so and prints what to run to find out what
happened. Ctrl-C waits for the answer of a request already sent, and
stops a long list where it is (saying which --offset continues it).

Exit codes:
  0    done
  1    failed or refused: nothing was carried out
  2    usage: a bad command line or input; nothing was sent
  3    outcome unknown: it may or may not have happened; check before
       running it again (the command prints how). Never retried.
  4    partially done: a batch was answered but some items failed
  130  interrupted with nothing in doubt`

func (a *app) root() *cobra.Command {
	root := &cobra.Command{
		Use:           "hwpartner",
		Short:         "The Huawei Cloud Partner Center from the command line",
		Long:          rootLong,
		Version:       hwpartner.Version,
		SilenceErrors: true,
		SilenceUsage:  true,
		Example: `  hwpartner resellers list
  hwpartner balance 0977ffa9f20010790f0fc003f6900520
  hwpartner transfer 0977ffa9f20010790f0fc003f6900520 100.00
  hwpartner transfer --customer demo-customer-0001 20.00
  hwpartner records --reseller 0977ffa9f20010790f0fc003f6900520 -o csv > records.csv
  hwpartner bulk run month-start.csv
  hwpartner --profile playground resellers list`,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return a.setup() },
	}
	f := root.PersistentFlags()
	f.StringVar(&a.profile, "profile", "", "named profile of the config file (default: $HWPARTNER_PROFILE)")
	f.StringVar(&a.config, "config", "", "config file (default: $HWPARTNER_CONFIG, else the user config directory's hwpartner/config.toml)")
	f.StringVar(&a.endpoint, "endpoint", "", "base URL to call instead of the site's (default: $HWPARTNER_ENDPOINT)")
	f.StringVar(&a.site, "site", "", "Partner Center site: china, international or eu (default china)")
	f.StringVar(&a.domainID, "domain-id", "", "the partner's account id, sent with access keys (default: $HUAWEICLOUD_SDK_DOMAIN_ID)")
	f.StringVar(&a.iamEndpoint, "iam-endpoint", "", "IAM endpoint for profiles with an IAM user and password")
	f.StringVarP(&a.format, "output", "o", "table", "output format: table, json or csv")
	f.BoolVar(&a.utc, "utc", false, "show and read times in UTC instead of China Standard Time")
	f.BoolVarP(&a.verbose, "verbose", "v", false, "log every API call (no secrets, no bodies) to stderr")
	_ = root.RegisterFlagCompletionFunc("output", fixedCompletion(output.Formats()...))
	_ = root.RegisterFlagCompletionFunc("site", fixedCompletion("china", "international", "eu"))

	root.AddCommand(
		a.resellersCmd(),
		a.customersCmd(),
		a.balanceCmd(),
		a.moveCmd("transfer"),
		a.moveCmd("reclaim"),
		a.recordsCmd(),
		a.resolveCmd(),
		a.quotasCmd(),
		a.realnameCmd(),
		a.incentivesCmd(),
		a.bulkCmd(),
		a.configCmd(),
		a.fakeCmd(),
	)
	markStarts(root, a)
	return root
}

// markStarts wraps every command's RunE so that errors before it (flags,
// arguments, unknown commands) count as usage errors.
func markStarts(c *cobra.Command, a *app) {
	if run := c.RunE; run != nil {
		c.RunE = func(cmd *cobra.Command, args []string) error {
			a.started = true
			return run(cmd, args)
		}
	}
	c.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &exitError{code: ExitUsage, err: err} })
	for _, sub := range c.Commands() {
		markStarts(sub, a)
	}
}

func fixedCompletion(vals ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return vals, cobra.ShellCompDirectiveNoFileComp
	}
}

// setup reads the global flags every command shares.
func (a *app) setup() error {
	f, err := output.ParseFormat(a.format)
	if err != nil {
		return usageError("%v", err)
	}
	a.loc = incentives.ChinaStandardTime()
	if a.utc {
		a.loc = time.UTC
	}
	a.printer = output.New(a.env.Stdout, f, a.loc)
	return nil
}

// logger is the SDK's logger under --verbose.
func (a *app) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(a.env.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// note writes a diagnostic line to stderr.
func (a *app) note(format string, args ...any) {
	fmt.Fprintf(a.env.Stderr, format+"\n", args...)
}

// exactArgs is cobra.ExactArgs with names in the message.
func exactArgs(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) == len(names):
		case len(names) == 0:
			return usageError("%s takes no arguments (%d given)", cmd.CommandPath(), len(args))
		default:
			return usageError("%s takes %s (%d given)", cmd.CommandPath(), strings.Join(names, " "), len(args))
		}
		return nil
	}
}

func rangeArgs(min, max int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < min || len(args) > max {
			return usageError("%s takes %s (%d given)", cmd.CommandPath(), names, len(args))
		}
		return nil
	}
}
