package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunAgainstTheFake(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out, []string{"-interval", "100ms"}))
	s := out.String()
	assert.Regexp(t, `uploaded download/demo-customer-0001/\d{8}T\d{6}/data.png\n`, s)
	assert.Contains(t, s, "stamp.png\n")
	assert.Contains(t, s, "handheld.png\n")
	assert.Contains(t, s, "waiting for Huawei's review...\n")
	assert.Contains(t, s, "review: approved\n")
	assert.NotContains(t, s, "Zhang San")
}

func TestRealModeNeedsItsSettings(t *testing.T) {
	var out bytes.Buffer
	t.Setenv("REALNAME_NAME", "")
	err := run(t.Context(), &out, []string{"-fake=false", "-bucket", "b"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "-obs-endpoint")
}

func TestHelpIsNotAFailure(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out, []string{"-h"}), "-h exits 0")
	assert.Contains(t, out.String(), "Usage of realname")
}
