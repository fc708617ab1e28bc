package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func writeConfig(t *testing.T, mode os.FileMode, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	require.NoError(t, os.WriteFile(p, []byte(body), 0o600))
	require.NoError(t, os.Chmod(p, mode))
	return p
}

func TestProfilesChooseTheAccountAndNeverPrintSecrets(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	other := hwpartnertest.Credential{AccessKey: "OTHERDISTRIBUTORAK01", SecretKey: "other-secret-key-value",
		Account: hwpartnertest.Account{DomainID: "11112222333344445555666677778888", Name: "other", Kind: hwpartnertest.Distributor}}
	require.NoError(t, r.srv.AddCredential(other))
	cfg := writeConfig(t, 0o600, `
[profiles.default]
endpoint = "`+r.srv.URL+`"
access_key = "`+r.srv.AccessKey()+`"
secret_key = "`+r.srv.SecretKey()+`"

[profiles.other]
endpoint = "`+r.srv.URL+`"
access_key = "OTHERDISTRIBUTORAK01"
secret_key = "other-secret-key-value"
`)
	r.env = map[string]string{"HWPARTNER_CONFIG": cfg, "HOME": t.TempDir()}

	res := r.run("resellers", "list", "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, hwpartnertest.DemoReseller1, "the default profile")

	res = r.run("--profile", "other", "resellers", "list", "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.NotContains(t, res.stdout, hwpartnertest.DemoReseller1, "another distributor's resellers")

	r.env["HWPARTNER_PROFILE"] = "other"
	res = r.run("resellers", "list", "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.NotContains(t, res.stdout, hwpartnertest.DemoReseller1)

	res = r.run("--profile", "nope", "balance")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, `no profile "nope" in the config file `+cfg)

	res = r.run("config")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stderr, "config file: "+cfg)
	assert.Contains(t, res.stdout, "****************AK01")
	for _, secret := range []string{r.srv.SecretKey(), "other-secret-key-value", "OTHERDISTRIBUTORAK01"} {
		assert.NotContains(t, res.stdout+res.stderr, secret)
	}
}

func TestConfigFileReadableByOthersIsRefused(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	cfg := writeConfig(t, 0o644, "[profiles.default]\naccess_key = \"AK\"\nsecret_key = \"SECRETSECRET\"\n")
	r.env["HWPARTNER_CONFIG"] = cfg
	for _, args := range [][]string{{"balance"}, {"config"}} {
		res := r.run(args...)
		assert.Equal(t, 2, res.code, res.stderr)
		assert.Contains(t, res.stderr, "holds secrets but other users may read it (mode 0644): run chmod 600 "+cfg)
		assert.NotContains(t, res.stderr, "SECRETSECRET")
	}
	assert.Equal(t, 0, r.srv.RequestCount(""))

	// Without secrets, any mode will do.
	cfg = writeConfig(t, 0o644, "[profiles.default]\nsite = \"international\"\n")
	r.env["HWPARTNER_CONFIG"] = cfg
	res := r.run("config")
	assert.Equal(t, 0, res.code, res.stderr)

	cfg = writeConfig(t, 0o600, "[profiles.default]\nsecret_kee = \"x\"\n")
	r.env["HWPARTNER_CONFIG"] = cfg
	res = r.run("config")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "unknown keys profiles.default.secret_kee")
}

func TestEveryCommandHasHelpWithAnExample(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	var walk func(path []string)
	seen := 0
	walk = func(path []string) {
		res := r.run(append(path, "--help")...)
		require.Equal(t, 0, res.code, "%v: %s", path, res.stderr)
		seen++
		name := strings.Join(path, " ")
		assert.Contains(t, res.stdout, "Examples:", "hwpartner %s --help has an example", name)
		_, after, ok := strings.Cut(res.stdout, "Available Commands:\n")
		if !ok {
			return
		}
		block, _, _ := strings.Cut(after, "\n\n")
		for _, line := range strings.Split(block, "\n") {
			sub := strings.Fields(line)[0]
			if sub == "help" || sub == "completion" {
				continue
			}
			walk(append(append([]string{}, path...), sub))
		}
	}
	walk(nil)
	assert.Greater(t, seen, 25)

	res := r.run("--help")
	for _, code := range []string{"0 ", "1 ", "2 ", "3 ", "4 ", "130 "} {
		assert.Regexp(t, regexp.MustCompile(`(?m)^  `+code), res.stdout, "exit code %s documented", code)
	}
	res = r.run("-h")
	assert.Equal(t, 0, res.code)
	res = r.run("--version")
	assert.Equal(t, 0, res.code)
	assert.Contains(t, res.stdout, "hwpartner version ")
}

func TestShellCompletion(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		res := r.run("completion", sh)
		require.Equal(t, 0, res.code, res.stderr)
		assert.Contains(t, res.stdout, "hwpartner", sh)
	}
	res := r.run("__complete", "records", "--type", "")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, "transfer\nreclaim\nunbind\n")
	assert.Equal(t, 0, r.srv.RequestCount(""))
}

func TestFakeServesAPlaygroundUntilInterrupted(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	ctx, cancel := context.WithCancel(t.Context())
	r.ctx = ctx
	urls := make(chan string, 2)
	r.stdout = func(b *bytes.Buffer) writerFunc {
		return func(p []byte) (int, error) {
			for _, l := range strings.Split(strings.TrimSpace(string(p)), "\n") {
				urls <- l
			}
			return b.Write(p)
		}
	}
	done := make(chan result, 1)
	go func() { done <- r.run("fake", "--seed-demo") }()
	base, obs := <-urls, <-urls
	assert.True(t, strings.HasPrefix(base, "http://127.0.0.1:"), base)
	assert.True(t, strings.HasPrefix(obs, "http://127.0.0.1:"), "the bare OBS URL, as hwpartner-fake prints it: %s", obs)

	// A second "terminal": the commands against the playground.
	client := newRunner(t)
	client.env["HWPARTNER_ENDPOINT"] = base
	client.env["HUAWEICLOUD_SDK_AK"] = hwpartnertest.DefaultAccessKey
	client.env["HUAWEICLOUD_SDK_SK"] = hwpartnertest.DefaultSecretKey
	res := client.run("balance", hwpartnertest.DemoReseller1, "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, "cash,5000.00,CNY")

	cancel()
	fake := <-done
	assert.Equal(t, 0, fake.code, fake.stderr)
	assert.Contains(t, fake.stderr, "export HWPARTNER_ENDPOINT="+base)
	assert.Contains(t, fake.stderr, "stopped")
}
