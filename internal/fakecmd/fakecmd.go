// Package fakecmd is the standalone fake server as a command: its flags,
// start-up output and serving loop, shared by cmd/hwpartner-fake and any
// other command that serves the fake.
package fakecmd

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// DefaultRequestLog is how many requests the standalone fake keeps for
// its control API: enough to inspect a test, small enough to run for
// days.
const DefaultRequestLog = 1000

// Flags are the standalone fake's settings, one per flag.
type Flags struct {
	Addr            string
	AccessKey       string
	SecretKey       string
	DomainID        string
	Token           string
	TempAccessKey   string
	TempSecretKey   string
	SecurityToken   string
	IAMUser         string
	ClockOffset     time.Duration
	SeedDemo        bool
	StateFile       string
	PrintConfig     bool
	AdminToken      string
	RequireDomainID bool
	RequestLog      int
}

// Bind defines the flags on fs (a standard flag set; a cobra command can
// take it with AddGoFlagSet) and returns where their values land.
func Bind(fs *flag.FlagSet) *Flags {
	f := &Flags{}
	fs.StringVar(&f.Addr, "addr", "127.0.0.1:0", "listen `address` (host:port); the control API is open only on a loopback address unless -admin-token is set")
	fs.StringVar(&f.AccessKey, "ak", hwpartnertest.DefaultAccessKey, "access key of the distributor account")
	fs.StringVar(&f.SecretKey, "sk", hwpartnertest.DefaultSecretKey, "secret key of the distributor account")
	fs.StringVar(&f.DomainID, "domain-id", hwpartnertest.DefaultDomainID, "account (domain) `id` of the distributor")
	fs.StringVar(&f.Token, "token", "", "also accept this X-Auth-Token for the distributor")
	fs.StringVar(&f.TempAccessKey, "temp-ak", "", "also accept these temporary access keys for the distributor (with -temp-sk and -security-token)")
	fs.StringVar(&f.TempSecretKey, "temp-sk", "", "secret key of the temporary access keys")
	fs.StringVar(&f.SecurityToken, "security-token", "", "security token of the temporary access keys")
	fs.StringVar(&f.IAMUser, "iam-user", "", "let IAM issue tokens to this `name:password` (or name:password@account) of the distributor")
	fs.DurationVar(&f.ClockOffset, "clock-offset", 0, "run the server clock this far from the real one (-20m, 2h)")
	fs.BoolVar(&f.SeedDemo, "seed-demo", false, "seed demo resellers, customers, balances, voucher quotas, policies and a real-name bucket")
	fs.StringVar(&f.StateFile, "state", "", "start with the state in this `file` (a snapshot from GET /_fake/state)")
	fs.BoolVar(&f.PrintConfig, "print-config", false, "print one JSON line with the URLs and credentials instead of the plain URLs")
	fs.StringVar(&f.AdminToken, "admin-token", "", "require this bearer `token` on every control API request")
	fs.BoolVar(&f.RequireDomainID, "require-domain-id", false, "refuse AK/SK requests without a signed X-Domain-Id, as a global service may")
	fs.IntVar(&f.RequestLog, "request-log", DefaultRequestLog, "keep this many recent requests for the control API (counts cover all)")
	return f
}

// UsageError is a wrong flag: the command exits with ExitUsage.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Options turns the flags into server options, or says which flag is
// wrong (a *UsageError).
func (f *Flags) Options() ([]hwpartnertest.Option, error) {
	opts, err := f.options()
	if err != nil {
		return nil, &UsageError{err}
	}
	return opts, nil
}

func (f *Flags) options() ([]hwpartnertest.Option, error) {
	opts := []hwpartnertest.Option{
		hwpartnertest.WithAddr(f.Addr),
		hwpartnertest.WithAKSK(f.AccessKey, f.SecretKey),
		hwpartnertest.WithDomainID(f.DomainID),
		hwpartnertest.WithRequestLog(f.RequestLog),
	}
	if f.Token != "" {
		opts = append(opts, hwpartnertest.WithToken(f.Token))
	}
	switch countSet(f.TempAccessKey, f.TempSecretKey, f.SecurityToken) {
	case 0:
	case 3:
		opts = append(opts, hwpartnertest.WithCredential(hwpartnertest.Credential{
			AccessKey: f.TempAccessKey, SecretKey: f.TempSecretKey, SecurityToken: f.SecurityToken,
			Account: f.account(),
		}))
	default:
		return nil, errors.New("-temp-ak, -temp-sk and -security-token go together")
	}
	if f.IAMUser != "" {
		name, password, account, err := f.iamUser()
		if err != nil {
			return nil, err
		}
		opts = append(opts, hwpartnertest.WithIAMUser(name, password, account))
	}
	if f.ClockOffset != 0 {
		off := f.ClockOffset
		opts = append(opts, hwpartnertest.WithClock(func() time.Time { return time.Now().Add(off) }))
	}
	if f.StateFile != "" {
		data, err := os.ReadFile(f.StateFile)
		if err != nil {
			return nil, fmt.Errorf("-state: %w", err)
		}
		opts = append(opts, hwpartnertest.WithState(data))
	}
	if f.AdminToken != "" {
		opts = append(opts, hwpartnertest.WithAdminToken(f.AdminToken))
	}
	if f.RequireDomainID {
		opts = append(opts, hwpartnertest.WithRequireDomainID())
	}
	return opts, nil
}

func countSet(ss ...string) int {
	n := 0
	for _, s := range ss {
		if s != "" {
			n++
		}
	}
	return n
}

func (f *Flags) account() hwpartnertest.Account {
	return hwpartnertest.Account{DomainID: f.DomainID, Name: hwpartnertest.DefaultAccountName, Kind: hwpartnertest.Distributor}
}

// iamUser splits -iam-user name:password[@account].
func (f *Flags) iamUser() (name, password, account string, err error) {
	name, rest, ok := strings.Cut(f.IAMUser, ":")
	if !ok || name == "" || rest == "" {
		return "", "", "", errors.New("-iam-user is name:password or name:password@account")
	}
	password, account = rest, hwpartnertest.DefaultAccountName
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		password, account = rest[:i], rest[i+1:]
	}
	if password == "" || account == "" {
		return "", "", "", errors.New("-iam-user is name:password or name:password@account")
	}
	return name, password, account, nil
}

// Config is the -print-config line: the server's client configuration
// (it decodes as hwpartnertest.ClientConfig) plus what else the flags
// set up.
type Config struct {
	hwpartnertest.ClientConfig
	ControlEndpoint string     `json:"control_endpoint"`
	AdminToken      string     `json:"admin_token,omitempty"`
	Temporary       *TempKeys  `json:"temporary,omitempty"`
	IAMUser         *IAMConfig `json:"iam_user,omitempty"`
}

// TempKeys are the -temp-ak, -temp-sk and -security-token credentials.
type TempKeys struct {
	AccessKey     string `json:"access_key"`
	SecretKey     string `json:"secret_key"`
	SecurityToken string `json:"security_token"`
}

// IAMConfig is the -iam-user.
type IAMConfig struct {
	Name        string `json:"name"`
	Password    string `json:"password"`
	AccountName string `json:"account_name"`
}

// Start starts the fake the flags describe (seeded, and marked as the
// state a reset returns to) and writes its start-up lines to stdout: the
// base URL and the OBS endpoint, or with -print-config one JSON line.
// Close the server when done.
func Start(f *Flags, stdout io.Writer) (*hwpartnertest.Server, error) {
	opts, err := f.Options()
	if err != nil {
		return nil, err
	}
	srv, err := hwpartnertest.Start(opts...)
	if err != nil {
		// A busy or bad address is a failure; any other refusal is of a
		// flag's value (an empty key, a bad state file).
		var netErr *net.OpError
		if errors.As(err, &netErr) {
			return nil, err
		}
		return nil, &UsageError{err}
	}
	if f.SeedDemo {
		srv.SeedDemo()
	}
	srv.MarkSeed()
	if f.PrintConfig {
		line, err := json.Marshal(f.config(srv))
		if err != nil {
			srv.Close()
			return nil, err
		}
		fmt.Fprintf(stdout, "%s\n", line)
	} else {
		fmt.Fprintln(stdout, srv.URL)
		fmt.Fprintln(stdout, srv.OBSEndpoint())
	}
	return srv, nil
}

// Serve starts the fake (Start) and serves until ctx ends.
func Serve(ctx context.Context, f *Flags, stdout, stderr io.Writer) error {
	srv, err := Start(f, stdout)
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Fprintf(stderr, "hwpartner-fake: serving %s (control API %s%s) until interrupted\n", srv.URL, srv.URL, hwpartnertest.ControlPrefix)
	<-ctx.Done()
	fmt.Fprintln(stderr, "hwpartner-fake: stopped")
	return nil
}

func (f *Flags) config(srv *hwpartnertest.Server) Config {
	cfg := Config{
		ClientConfig:    srv.ClientConfig(),
		ControlEndpoint: srv.URL + hwpartnertest.ControlPrefix,
		AdminToken:      f.AdminToken,
	}
	cfg.Token = f.Token
	if f.TempAccessKey != "" {
		cfg.Temporary = &TempKeys{AccessKey: f.TempAccessKey, SecretKey: f.TempSecretKey, SecurityToken: f.SecurityToken}
	}
	if f.IAMUser != "" {
		name, password, account, _ := f.iamUser() // checked by Options
		cfg.IAMUser = &IAMConfig{Name: name, Password: password, AccountName: account}
	}
	return cfg
}

// Exit codes of Main.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// Main runs the command with args (without the program name) until ctx
// ends and returns its exit code: -h prints the usage and is not an
// error.
func Main(ctx context.Context, name string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s [flags]\n\n"+
			"Serves the in-memory Partner Center fake over HTTP until interrupted. The\n"+
			"first line of output is the base URL, the second the OBS endpoint (or, with\n"+
			"-print-config, one JSON line with both and the credentials). The control API\n"+
			"is under %s on the same address.\n\nFlags:\n", name, hwpartnertest.ControlPrefix)
		fs.PrintDefaults()
	}
	f := Bind(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", name, fs.Arg(0))
		return ExitUsage
	}
	if err := Serve(ctx, f, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		var ue *UsageError
		if errors.As(err, &ue) {
			return ExitUsage
		}
		return ExitError
	}
	return ExitOK
}
