package cli

import (
	"errors"
	"flag"

	"github.com/spf13/cobra"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/internal/fakecmd"
)

func (a *app) fakeCmd() *cobra.Command {
	// The flags and serving of cmd/hwpartner-fake, as --flags.
	goFlags := flag.NewFlagSet("fake", flag.ContinueOnError)
	ff := fakecmd.Bind(goFlags)
	cmd := &cobra.Command{
		Use:   "fake",
		Short: "Serve the Partner Center fake locally: a playground for every command",
		Long: `Serve the in-memory Partner Center fake (package hwpartnertest) until Ctrl-C,
with the flags of cmd/hwpartner-fake. The first line of output is its base
URL, the second its OBS endpoint for real-name attachments (with
--print-config, one JSON line with both and the credentials); stderr says
what to export in a second terminal. Tests drive it through its control API
under /_fake/. Nothing it does reaches Huawei.`,
		Example: `  hwpartner fake --seed-demo --addr 127.0.0.1:8080
  # in a second terminal:
  export HUAWEICLOUD_SDK_AK=HWPFAKEDISTRIBUTORAK HUAWEICLOUD_SDK_SK=hwpartnertest-distributor-secret-key
  export HWPARTNER_ENDPOINT=http://127.0.0.1:8080
  hwpartner resellers list
  curl -s http://127.0.0.1:8080/_fake/books`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			srv, err := fakecmd.Start(ff, a.env.Stdout)
			if err != nil {
				var ue *fakecmd.UsageError
				if errors.As(err, &ue) {
					return usageError("%s", message(err))
				}
				return err
			}
			defer srv.Close()
			skShown := ff.SecretKey
			if skShown != hwpartnertest.DefaultSecretKey {
				skShown = "<the --sk you gave>"
			}
			a.note("serving the fake until Ctrl-C; in another terminal:\n  export HUAWEICLOUD_SDK_AK=%s HUAWEICLOUD_SDK_SK=%s\n  export HWPARTNER_ENDPOINT=%s\n  hwpartner resellers list",
				quote(ff.AccessKey), quote(skShown), srv.URL)
			if ff.SeedDemo {
				a.note("real-name uploads: --bucket %s --obs-endpoint %s --xaccount-type %s",
					hwpartnertest.DemoRealNameBucket, srv.OBSEndpoint(), hwpartnertest.DemoXAccountType)
			}
			<-a.ctx.Done()
			a.note("stopped")
			return nil
		},
	}
	cmd.Flags().AddGoFlagSet(goFlags)
	return cmd
}
