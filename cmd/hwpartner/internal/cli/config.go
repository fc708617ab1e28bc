package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/spf13/cobra"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/cmd/hwpartner/internal/output"
)

// profile is one [profiles.NAME] table of the config file.
type profile struct {
	AccessKey     string `toml:"access_key"`
	SecretKey     string `toml:"secret_key"`
	SecurityToken string `toml:"security_token"`
	DomainID      string `toml:"domain_id"`
	Token         string `toml:"token"`
	IAMUser       string `toml:"iam_user"`
	Password      string `toml:"password"`
	AccountName   string `toml:"account_name"`
	IAMEndpoint   string `toml:"iam_endpoint"`
	Site          string `toml:"site"`
	Endpoint      string `toml:"endpoint"`
	// Real-name attachments go to this OBS bucket.
	OBSEndpoint  string `toml:"obs_endpoint"`
	Bucket       string `toml:"bucket"`
	XAccountType string `toml:"xaccount_type"`
}

func (p profile) hasSecret() bool {
	return p.SecretKey != "" || p.SecurityToken != "" || p.Token != "" || p.Password != ""
}

func (p profile) credentialKind() string {
	switch {
	case p.AccessKey != "" && p.SecurityToken != "":
		return "temporary access keys"
	case p.AccessKey != "":
		return "access keys"
	case p.Token != "":
		return "IAM token"
	case p.IAMUser != "":
		return "IAM user and password"
	}
	return "none"
}

type configFile struct {
	Profiles map[string]profile `toml:"profiles"`
}

// configPath is where the config file is: --config, $HWPARTNER_CONFIG, or
// hwpartner/config.toml in the user's config directory.
func (a *app) configPath() string {
	if a.config != "" {
		return a.config
	}
	if p := a.env.getenv("HWPARTNER_CONFIG"); p != "" {
		return p
	}
	if runtime.GOOS == "windows" {
		if d := a.env.getenv("APPDATA"); d != "" {
			return filepath.Join(d, "hwpartner", "config.toml")
		}
	}
	if d := a.env.getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "hwpartner", "config.toml")
	}
	if h := a.env.getenv("HOME"); h != "" {
		return filepath.Join(h, ".config", "hwpartner", "config.toml")
	}
	return ""
}

// loadConfig reads the config file; a missing file is an empty config.
// A file holding secrets that other users may read is refused.
func loadConfig(path string) (*configFile, bool, error) {
	cfg := &configFile{}
	if path == "" {
		return cfg, false, nil
	}
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("config file: %w", err)
	}
	md, err := toml.DecodeFile(path, cfg)
	if err != nil {
		return nil, true, fmt.Errorf("config file %s: %w", path, err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		keys := make([]string, len(un))
		for i, k := range un {
			keys[i] = k.String()
		}
		return nil, true, fmt.Errorf("config file %s: unknown keys %s", path, strings.Join(keys, ", "))
	}
	secret := false
	for _, p := range cfg.Profiles {
		secret = secret || p.hasSecret()
	}
	// Like ssh with private keys: group and others must not read secrets.
	if secret && runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, true, fmt.Errorf("config file %s holds secrets but other users may read it (mode %04o): run chmod 600 %s",
			path, fi.Mode().Perm(), path)
	}
	return cfg, true, nil
}

// connection is what a command calls and with which credentials.
type connection struct {
	source   string // where the credentials came from
	endpoint string // "" for a site
	site     hwpartner.Site
	creds    []hwpartner.Option // nil: none found
	missing  string             // why there are none
	prof     profile
	// Access keys, for uploads to OBS.
	ak, sk, secToken string
}

func parseSite(s string) (hwpartner.Site, error) {
	switch strings.ToLower(s) {
	case "", "china", "cn":
		return hwpartner.SiteChina, nil
	case "international", "intl":
		return hwpartner.SiteInternational, nil
	case "eu", "europe":
		return hwpartner.SiteEU, nil
	}
	return 0, fmt.Errorf("unknown site %q: use china, international or eu", s)
}

// connect works out the endpoint and credentials. Missing credentials are
// reported by api(), so commands that only show a request work without.
func (a *app) connect() (*connection, error) {
	if a.conn != nil {
		return a.conn, nil
	}
	path := a.configPath()
	cfg, exists, err := loadConfig(path)
	if err != nil {
		return nil, &exitError{code: ExitUsage, err: err}
	}
	c := &connection{}
	name := a.profile
	if name == "" {
		name = a.env.getenv("HWPARTNER_PROFILE")
	}
	envAK := a.env.getenv("HUAWEICLOUD_SDK_AK")
	switch {
	case name != "":
		p, ok := cfg.Profiles[name]
		if !ok {
			where := path
			if !exists {
				where += " (no such file)"
			}
			return nil, usageError("no profile %q in the config file %s", name, where)
		}
		c.prof, c.source = p, "profile "+name
	case envAK != "":
		c.source = "environment"
		c.ak, c.sk = envAK, a.env.getenv("HUAWEICLOUD_SDK_SK")
		c.secToken = a.env.getenv("HUAWEICLOUD_SDK_SECURITY_TOKEN")
		c.prof.DomainID = a.env.getenv("HUAWEICLOUD_SDK_DOMAIN_ID")
	default:
		if p, ok := cfg.Profiles["default"]; ok {
			c.prof, c.source = p, "profile default"
		}
	}
	if c.source != "environment" {
		c.ak, c.sk, c.secToken = c.prof.AccessKey, c.prof.SecretKey, c.prof.SecurityToken
	}

	// Where: flags first, then $HWPARTNER_ENDPOINT, then the profile.
	site, endpoint := c.prof.Site, c.prof.Endpoint
	if e := a.env.getenv("HWPARTNER_ENDPOINT"); e != "" {
		site, endpoint = "", e
	}
	if a.site != "" || a.endpoint != "" {
		site, endpoint = a.site, a.endpoint
	}
	if site != "" && endpoint != "" {
		return nil, usageError("give a site or an endpoint, not both")
	}
	c.endpoint = endpoint
	c.site = hwpartner.SiteCustom
	if endpoint == "" {
		if c.site, err = parseSite(site); err != nil {
			return nil, usageError("%v", err)
		}
	}

	p := c.prof
	switch {
	case c.ak != "" && c.secToken != "":
		c.creds = []hwpartner.Option{hwpartner.WithTemporaryAKSK(c.ak, c.sk, c.secToken)}
	case c.ak != "":
		c.creds = []hwpartner.Option{hwpartner.WithAKSK(c.ak, c.sk)}
	case p.Token != "":
		c.creds = []hwpartner.Option{hwpartner.WithToken(p.Token)}
	case p.IAMUser != "":
		c.creds = []hwpartner.Option{hwpartner.WithPassword(p.IAMUser, p.Password, p.AccountName)}
	case c.source == "":
		c.missing = fmt.Sprintf("no credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or add a profile to %s (see 'hwpartner config --help')", path)
	default:
		c.missing = c.source + " has no credentials (access_key and secret_key, token, or iam_user, password and account_name)"
	}
	domain := p.DomainID
	if a.domainID != "" {
		domain = a.domainID
	}
	if domain != "" && c.creds != nil {
		c.creds = append(c.creds, hwpartner.WithDomainID(domain))
	}
	iam := p.IAMEndpoint
	if a.iamEndpoint != "" {
		iam = a.iamEndpoint
	}
	if iam != "" && c.creds != nil {
		c.creds = append(c.creds, hwpartner.WithIAMEndpoint(iam))
	}
	a.conn = c
	return c, nil
}

// api returns the client, built once per run; extra options apply when
// it is built.
func (a *app) api(extra ...hwpartner.Option) (*hwpartner.Client, error) {
	if a.client != nil {
		return a.client, nil
	}
	c, err := a.connect()
	if err != nil {
		return nil, err
	}
	if c.creds == nil {
		return nil, usageError("%s", c.missing)
	}
	opts := append([]hwpartner.Option{}, c.creds...)
	if c.endpoint != "" {
		opts = append(opts, hwpartner.WithEndpoint(c.endpoint))
	} else {
		opts = append(opts, hwpartner.WithSite(c.site))
	}
	opts = append(opts, hwpartner.WithUserAgent("hwpartner-cli/"+hwpartner.Version))
	if a.verbose {
		opts = append(opts, hwpartner.WithLogger(a.logger()))
	}
	opts = append(opts, extra...)
	cl, err := hwpartner.NewClient(opts...)
	if err != nil {
		return nil, usageError("%v (credentials from %s)", err, c.source)
	}
	a.client = cl
	return cl, nil
}

const configLong = `Profiles name accounts and sites, so one machine can work for several
partner accounts (and the local playground) without exporting variables.

The config file is TOML, at --config, $HWPARTNER_CONFIG, or else
$XDG_CONFIG_HOME/hwpartner/config.toml (~/.config/hwpartner/config.toml;
%APPDATA%\hwpartner\config.toml on Windows). A file that holds a secret
(secret_key, security_token, token, password) must be readable by its owner
only: hwpartner refuses it otherwise (chmod 600).

  [profiles.default]
  access_key = "..."
  secret_key = "..."
  domain_id  = "..."           # the partner's account id (X-Domain-Id)
  site       = "china"         # or "international", "eu"

  [profiles.ops]
  iam_user     = "ops"         # or: token = "..." for a fixed IAM token
  password     = "..."
  account_name = "my-partner-account"

  [profiles.playground]        # against 'hwpartner fake'
  endpoint   = "http://127.0.0.1:8080"
  access_key = "HWPFAKEDISTRIBUTORAK"
  secret_key = "hwpartnertest-distributor-secret-key"
  obs_endpoint  = "http://127.0.0.1:8081"   # real-name attachments
  bucket        = "demo-realname"
  xaccount_type = "demo_platform"

Which credentials a command uses: the profile named by --profile or
$HWPARTNER_PROFILE; else HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (with
HUAWEICLOUD_SDK_SECURITY_TOKEN and HUAWEICLOUD_SDK_DOMAIN_ID); else the
profile "default". Where it calls: --endpoint or --site, else
$HWPARTNER_ENDPOINT, else the profile's endpoint or site, else the China
site.

This command lists the profiles without their secrets.`

func (a *app) configCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "config",
		Short:   "Show the config file and its profiles (never their secrets)",
		Long:    configLong,
		Example: "  hwpartner config\n  hwpartner config -o json",
		Args:    exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			path := a.configPath()
			cfg, exists, err := loadConfig(path)
			if err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
			if !exists {
				a.note("no config file at %s", path)
			} else {
				a.note("config file: %s", path)
			}
			names := make([]string, 0, len(cfg.Profiles))
			for n := range cfg.Profiles {
				names = append(names, n)
			}
			sort.Strings(names)
			l := a.printer.List(
				output.Col("profile", "Profile", output.KText),
				output.Col("credentials", "Credentials", output.KText),
				output.Col("access_key", "Access key", output.KText),
				output.Col("domain_id", "Domain id", output.KText),
				output.Col("target", "Calls", output.KText),
			)
			for _, n := range names {
				p := cfg.Profiles[n]
				target := p.Endpoint
				if target == "" {
					target = p.Site
					if target == "" {
						target = "china"
					}
				}
				if err := l.Row(n, p.credentialKind(), maskKey(p.AccessKey), p.DomainID, target); err != nil {
					return err
				}
			}
			return l.Close()
		},
	}
}

// maskKey shows the last four characters of an access key id: enough to
// tell keys apart.
func maskKey(ak string) string {
	if len(ak) <= 4 {
		return strings.Repeat("*", len(ak))
	}
	return strings.Repeat("*", len(ak)-4) + ak[len(ak)-4:]
}
