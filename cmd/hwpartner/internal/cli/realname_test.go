package cli_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// writePNG writes a small real PNG file.
func writePNG(t *testing.T, dir, name string, shade uint8) string {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = shade
	}
	img.Set(0, 0, color.Gray{Y: 255 - shade})
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, b.Bytes(), 0o600))
	return p
}

const (
	secretName   = "Zhang Sanfeng"
	secretNumber = "E98765432"
)

func TestRealNameApplyStatusWait(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	dir := t.TempDir()
	args := []string{"realname", "apply", "individual",
		"--customer", hwpartnertest.DemoCustomerID, "--certificate", "passport",
		"--name", secretName, "--number", secretNumber, "--xaccount-type", hwpartnertest.DemoXAccountType,
		"--bucket", hwpartnertest.DemoRealNameBucket, "--obs-endpoint", r.srv.OBSEndpoint(), "--dir", "c1/passport",
		"--file", "handheld-data-page=" + writePNG(t, dir, "handheld.png", 30),
		"--file", "data-page=" + writePNG(t, dir, "data.png", 10),
		"--file", "entry-stamp-page=" + writePNG(t, dir, "stamp.png", 20),
	}
	res := r.run(args...)
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "realname-apply.table", res.stdout)
	assert.Contains(t, res.stderr, "hwpartner realname wait "+hwpartnertest.DemoCustomerID)
	for _, out := range []string{res.stdout, res.stderr} {
		assert.NotContains(t, out, secretName)
		assert.NotContains(t, out, secretNumber)
	}
	app, ok := r.srv.RealNameApplication(hwpartnertest.DemoCustomerID)
	require.True(t, ok)
	assert.Equal(t, []string{"c1/passport/data.png", "c1/passport/stamp.png", "c1/passport/handheld.png"}, app.Files,
		"uploaded and listed in the order the certificate needs")

	res = r.run("realname", "status", hwpartnertest.DemoCustomerID, "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	assert.JSONEq(t, `{"customer_id":"`+hwpartnertest.DemoCustomerID+`","review":"pending","opinion":""}`, res.stdout)

	require.NoError(t, r.srv.RejectRealName(hwpartnertest.DemoCustomerID, "photo unreadable"))
	res = r.run("realname", "wait", hwpartnertest.DemoCustomerID, "--interval", "1ms")
	assert.Equal(t, 1, res.code, "rejected")
	assert.Contains(t, res.stdout, "photo unreadable")

	// Applying again with the files already in the bucket.
	res = r.run("realname", "apply", "individual", "--customer", hwpartnertest.DemoCustomerID, "--certificate", "passport",
		"--name", secretName, "--number", secretNumber, "--xaccount-type", hwpartnertest.DemoXAccountType,
		"--attached", "data-page=c1/passport/data.png", "--attached", "entry-stamp-page=c1/passport/stamp.png",
		"--attached", "handheld-data-page=c1/passport/handheld.png")
	require.Equal(t, 0, res.code, res.stderr)
	require.NoError(t, r.srv.ApproveRealName(hwpartnertest.DemoCustomerID))
	res = r.run("realname", "wait", hwpartnertest.DemoCustomerID, "--interval", "1ms")
	assert.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, "approved")
}

func TestRealNameRefusalsAndUnknownOutcome(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	dir := t.TempDir()
	face := writePNG(t, dir, "face.png", 50)
	bank := []string{"realname", "apply", "bankcard", "--customer", "demo-customer-0002",
		"--name", secretName, "--number", "110101199001011234", "--xaccount-type", hwpartnertest.DemoXAccountType,
		"--bank-account", "6222020000000000000", "--mobile", "13800000000", "--code", "123456",
		"--bucket", hwpartnertest.DemoRealNameBucket, "--obs-endpoint", r.srv.OBSEndpoint(), "--file", "face-photo=" + face}

	// Bad input is refused before anything is uploaded or sent.
	res := r.run(append(bank[:len(bank)-2:len(bank)-2], "--file", "face-photo="+filepath.Join(dir, "missing.png"))...)
	assert.Equal(t, 2, res.code, res.stderr)
	res = r.run(append(append([]string{}, bank...), "--file", "data-page="+face)...)
	assert.Equal(t, 2, res.code, res.stderr)
	assert.Equal(t, 0, r.srv.RequestCount(""))

	r.srv.InjectFault("CreatePersonalRealnameAuth", hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})
	res = r.run(bank...)
	require.Equal(t, 3, res.code, res.stderr)
	assert.Contains(t, res.stderr, "Do not apply again before checking:\n  hwpartner realname status demo-customer-0002")
	assert.Equal(t, 1, r.srv.RequestCount("CreatePersonalRealnameAuth"), "never resent")
	for _, out := range []string{res.stdout, res.stderr} {
		for _, secret := range []string{secretName, "110101199001011234", "6222020000000000000", "13800000000", "123456"} {
			assert.NotContains(t, out, secret)
		}
	}

	r.srv.InjectFault("CreatePersonalRealnameAuth", hwpartnertest.Fault{Status: 400, Code: "CBC.99007255", Times: 1})
	res = r.run(append(bank, "--customer", "demo-customer-0003")...)
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stderr, "CBC.99007255")
	assert.Contains(t, res.stderr, "--attached face-photo=demo-customer-0003/", "how to submit again without uploading")
	assert.True(t, strings.Contains(res.stderr, "refused"), res.stderr)
}
