package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunAgainstTheFake(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), strings.NewReader(""), &out, []string{"-interval", "100ms"}))
	s := out.String()
	assert.Contains(t, s, "3 customers without real-name authentication\n")
	assert.Contains(t, s, "passport flow for customer demo-customer-0001\n")
	assert.Regexp(t, `uploaded download/demo-customer-0001/\d{8}T\d{6}/data.png\n`, s)
	assert.Contains(t, s, "stamp.png\n")
	assert.Contains(t, s, "handheld.png\n")
	assert.Contains(t, s, "waiting for Huawei's review...\n")
	assert.Contains(t, s, "review: approved\n")
	// The bank-card flow: the code is sent, read from the fake, and used.
	assert.Contains(t, s, "bank-card flow for customer demo-customer-0002\nverification code sent\n")
	assert.Regexp(t, `uploaded download/demo-customer-0002/\d{8}T\d{6}/face.png\n`, s)
	assert.Contains(t, s, "authenticated without manual review\n")
	for _, personal := range []string{"Zhang San", "Li Si", "E12345678", "6222-0200", "13800000021"} {
		assert.NotContains(t, s, personal)
	}
}

func TestRealAPINeedsItsInputs(t *testing.T) {
	t.Setenv("REALNAME_NAME", "")
	for args, want := range map[string]string{
		"-fake=false -flow other":                  "passport or bankcard",
		"-fake=false -flow bankcard":               "-face",
		"-fake=false":                              "-data",
		"-fake=false -data a -stamp b -handheld c": "-bucket",
	} {
		var out bytes.Buffer
		err := run(t.Context(), strings.NewReader(""), &out, strings.Fields(args))
		require.Error(t, err, args)
		assert.Contains(t, err.Error(), want, args)
	}
}

func TestHelpIsNotAFailure(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), strings.NewReader(""), &out, []string{"-h"}), "-h exits 0")
	assert.Contains(t, out.String(), "Usage of realname")
}
