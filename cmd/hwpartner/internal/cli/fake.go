package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func (a *app) fakeCmd() *cobra.Command {
	var (
		addr, ak, sk, domain, token string
		seed                        bool
	)
	cmd := &cobra.Command{
		Use:   "fake",
		Short: "Serve the Partner Center fake locally: a playground for every command",
		Long: `Serve the in-memory Partner Center fake (package hwpartnertest) until Ctrl-C,
with the flags of cmd/hwpartner-fake. The first line of output is its base
URL, the second its OBS endpoint for real-name attachments; stderr says what
to export in a second terminal. Nothing it does reaches Huawei.`,
		Example: `  hwpartner fake --seed-demo --addr 127.0.0.1:8080
  # in a second terminal:
  export HUAWEICLOUD_SDK_AK=HWPFAKEDISTRIBUTORAK HUAWEICLOUD_SDK_SK=hwpartnertest-distributor-secret-key
  export HWPARTNER_ENDPOINT=http://127.0.0.1:8080
  hwpartner resellers list`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts := []hwpartnertest.Option{
				hwpartnertest.WithAddr(addr), hwpartnertest.WithAKSK(ak, sk), hwpartnertest.WithDomainID(domain),
			}
			if token != "" {
				opts = append(opts, hwpartnertest.WithToken(token))
			}
			srv, err := hwpartnertest.Start(opts...)
			if err != nil {
				return usageError("%s", message(err))
			}
			defer srv.Close()
			if seed {
				srv.SeedDemo()
			}
			// The two lines harnesses read, as cmd/hwpartner-fake prints them.
			fmt.Fprintln(a.env.Stdout, srv.URL)
			fmt.Fprintln(a.env.Stdout, "obs:", srv.OBSEndpoint())
			skShown := sk
			if sk != hwpartnertest.DefaultSecretKey {
				skShown = "<the --sk you gave>"
			}
			a.note("serving the fake until Ctrl-C; in another terminal:\n  export HUAWEICLOUD_SDK_AK=%s HUAWEICLOUD_SDK_SK=%s\n  export HWPARTNER_ENDPOINT=%s\n  hwpartner resellers list",
				quote(ak), quote(skShown), srv.URL)
			if seed {
				a.note("real-name uploads: --bucket %s --obs-endpoint %s --xaccount-type %s",
					hwpartnertest.DemoRealNameBucket, srv.OBSEndpoint(), hwpartnertest.DemoXAccountType)
			}
			<-a.ctx.Done()
			a.note("stopped")
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:0", "listen address")
	f.StringVar(&ak, "ak", hwpartnertest.DefaultAccessKey, "access key of the distributor account")
	f.StringVar(&sk, "sk", hwpartnertest.DefaultSecretKey, "secret key of the distributor account")
	f.StringVar(&domain, "domain-id", hwpartnertest.DefaultDomainID, "account (domain) id of the distributor")
	f.StringVar(&token, "token", "", "also accept this X-Auth-Token for the distributor")
	f.BoolVar(&seed, "seed-demo", false, "seed demo resellers, balances, voucher quotas, policies and a real-name bucket")
	return cmd
}
