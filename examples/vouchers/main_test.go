package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func TestRunAgainstTheFake(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), nil, &out))
	got := out.String()

	assert.Regexp(t, `(?m)^\s+2025010100000001\s+normal\s+10000\.00\s+10000\.00\s+2099-12-31T15:59:59Z$`, got)
	assert.Regexp(t, `(?m)^\s+2025010100000002\s+frozen\s+1200\.50\s+5000\.00\s`, got)
	assert.Contains(t, got, "Issuing 100.00 from 2025010100000001 to 3 resellers:")
	assert.Regexp(t, `(?m)^  issued   `+hwpartnertest.DemoReseller1+` -> quota \S+$`, got)
	assert.Regexp(t, `(?m)^  issued   `+hwpartnertest.DemoReseller2+` -> quota \S+$`, got)
	assert.Contains(t, got, "  refused  "+hwpartnertest.DemoForeignResellerID+": CBC.99000037 ")
	assert.Contains(t, got, "Reclaiming 2 quotas:")
	assert.Equal(t, 2, strings.Count(got, ": 100.00 back, balance now 0.00\n"), "the records' amount went back; the answer gives the balance after")

	table := got[strings.Index(got, "Records of"):]
	rows := regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\dT\S+Z\s+(issue|reclaim)\s+(succeeded|failed)\s`).FindAllStringSubmatch(table, -1)
	var ops []string
	for _, r := range rows {
		ops = append(ops, r[1]+" "+r[2])
	}
	assert.Equal(t, []string{"issue succeeded", "issue failed", "issue succeeded", "reclaim succeeded", "reclaim succeeded"}, ops)
	assert.Equal(t, 2, strings.Count(table, "example\n"), "the remark is shown")
	reclaims := regexp.MustCompile(`(?m)^\S+\s+reclaim\s+succeeded\s+\S+\s+\S+\s+(\S+)\s+example$`).FindAllStringSubmatch(table, -1)
	require.Len(t, reclaims, 2)
	for _, r := range reclaims {
		assert.Equal(t, "100.00", r[1], "each reclaim record carries the amount returned")
	}
}

func TestRunOptions(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"-amount", "0.5", "-resellers", hwpartnertest.DemoReseller3}, &out))
	assert.Contains(t, out.String(), "Issuing 0.50 from 2025010100000001 to 1 reseller:")
	assert.Contains(t, out.String(), ": 0.50 back, balance now 0.00\n")
	assert.NotContains(t, out.String(), "refused")

	for _, args := range [][]string{
		{"-amount", "1.5x"},
		{"-endpoint", "https://bss.example.test"},
		{"-endpoint", "https://bss.example.test", "-quota", "q"},
		{"-no-such-flag"},
	} {
		assert.Error(t, run(t.Context(), args, &bytes.Buffer{}), "%v", args)
	}

	// Issuing from a frozen quota: every reseller is refused, nothing to reclaim.
	out.Reset()
	require.NoError(t, run(t.Context(), []string{"-quota", "2025010100000002"}, &out))
	assert.Equal(t, 3, strings.Count(out.String(), "CBC.99000012"))
	assert.Contains(t, out.String(), "Reclaiming 0 quotas:")
}

func TestHelpIsNotAFailure(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"-h"}, &out), "-h exits 0")
	assert.Contains(t, out.String(), "Usage of vouchers")
}
