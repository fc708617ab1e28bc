package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
)

func runOut(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var buf bytes.Buffer
	clock := func() time.Time { return time.Date(2025, 11, 20, 1, 0, 0, 0, time.UTC) }
	err := run(t.Context(), args, &buf, clock)
	return buf.String(), err
}

func TestSameInstantAnyZone(t *testing.T) {
	t.Parallel()
	utc, err := runOut(t, "-now", "2025-12-31T15:59:59Z")
	require.NoError(t, err)
	for _, now := range []string{"2025-12-31T23:59:59+08:00", "2025-12-31T10:59:59-05:00", "2026-01-01T04:59:59+13:00"} {
		out, err := runOut(t, "-now", now)
		require.NoError(t, err)
		assert.Equal(t, utc, out, now)
	}
	assert.Contains(t, utc, "ELIGIBLE: 1 day left, apply by 2025-12-31")
}

func TestClockAndDateFlag(t *testing.T) {
	t.Parallel()
	fromClock, err := runOut(t) // the injected clock: 09:00 CST on 20 November 2025
	require.NoError(t, err)
	fromDate, err := runOut(t, "-now", "2025-11-20")
	require.NoError(t, err)
	assert.Equal(t, fromClock, fromDate, "the output depends on the day only")
	assert.Contains(t, fromClock, "checked on 2025-11-20 (China Standard Time)")
	assert.Contains(t, fromClock, "ELIGIBLE: 42 days left")
}

func TestAfterTheDeadline(t *testing.T) {
	t.Parallel()
	out, err := runOut(t, "-now", "2026-12-31T16:00:00Z") // 00:00 on 1 January 2027 CST
	require.NoError(t, err)
	assert.Contains(t, out, "The catalogue has no programme year covering 2027-01-01")
	assert.Contains(t, out, "not met: the deadline, 2026-12-31, has passed")
	assert.NotContains(t, out, "ELIGIBLE:")
}

func TestCatalogueFlag(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	require.NoError(t, os.WriteFile(good, []byte(`{"programmes": [{"year": 2026, "tags": [
		{"name_zh": "数据库服务能力", "name_en": "Database services", "scope": "global"}]}]}`), 0o600))
	out, err := runOut(t, "-now", "2026-12-01", "-catalogue", good)
	require.NoError(t, err)
	assert.Contains(t, out, "programme year 2026 (2026-01-01 to 2026-12-31)")
	assert.Contains(t, out, "数据库服务能力 (Database services), granted 2026-03-14\n  ELIGIBLE: 31 days left")
	assert.Contains(t, out, "大数据服务能力 is not a level-1 tag in the 2026 incentive scope")

	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"programmes": [{"year": 2026, "tags": [{"name_zh": "x", "scope": "asia"}]}]}`), 0o600))
	_, err = runOut(t, "-catalogue", bad)
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("programmes[0].tags[0].name_en"))
	assert.True(t, ve.Has("programmes[0].tags[0].scope"))

	_, err = runOut(t, "-catalogue", filepath.Join(dir, "missing.json"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestPoliciesFromFake(t *testing.T) {
	t.Parallel()
	out, err := runOut(t, "-now", "2025-11-20", "-fake", "-policies", "2024-12")
	require.NoError(t, err)
	i := strings.Index(out, "Product discount and incentive policies for 2024-12 (as of 2024-12-31 23:59:59 CST):\n")
	require.GreaterOrEqual(t, i, 0, out)
	assert.Equal(t, []string{
		"  hws.service.type.ec2 弹性云服务器: non-specific product; partner discount allowed",
		"  hws.service.type.obs 对象存储服务: specific product; partner discount allowed",
		"  hws.service.type.rds 云数据库 RDS: specific product; partner discount allowed",
		"  hws.service.type.ebs 云硬盘: non-specific product; partner discount allowed",
		"  hws.service.type.marketplace 云商店: no performance credit, no rebate; no partner discount",
	}, strings.Split(strings.TrimSpace(out[i:]), "\n")[1:])
}

func TestBadFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"-now", "yesterday"},
		{"-now", "2025-02-30"},
		{"-policies", "2025-1"},
		{"-unknown"},
		{"extra"},
	} {
		_, err := runOut(t, args...)
		assert.Error(t, err, args)
	}
}

func TestHelpIsNotAFailure(t *testing.T) {
	t.Parallel()
	out, err := runOut(t, "-h")
	require.NoError(t, err, "-h exits 0")
	assert.Contains(t, out, "Usage of incentives")
}

func TestErrorsNameTheProgramOnce(t *testing.T) {
	t.Parallel()
	_, err := runOut(t, "-catalogue", filepath.Join(t.TempDir(), "none.json"))
	require.Error(t, err)
	line := errorLine(err)
	assert.True(t, strings.HasPrefix(line, "incentives: "), line)
	assert.NotContains(t, line, "incentives: incentives:")
	_, err = runOut(t, "-now", "bad")
	assert.True(t, strings.HasPrefix(errorLine(err), "incentives: -now"), errorLine(err))
}

func TestAnAssumedYearSaysSo(t *testing.T) {
	t.Parallel()
	out, err := runOut(t, "-now", "2026-03-01")
	require.NoError(t, err)
	assert.Contains(t, out, "programme year 2026")
	assert.Contains(t, out, "Note: the 2026 incentive scope is assumed to be 2025's")
	assert.Contains(t, out, "confirm it in the Partner Center")
	out, err = runOut(t, "-now", "2025-03-01")
	require.NoError(t, err)
	assert.NotContains(t, out, "assumed", "2025's scope is published")
}
