package core_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/hwpartner/go-hwpartner/core"
)

func TestValidatorTime(t *testing.T) {
	t.Parallel()
	var v core.Validator
	v.Time("zero", time.Time{})
	v.Time("first", time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC))
	v.Time("last", time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC))
	assert.NoError(t, v.Err())

	v.Time("late", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
	v.Time("early", time.Date(-1, 12, 31, 0, 0, 0, 0, time.UTC))
	// Still 9999 where it was taken; 10000 in UTC, as it is sent.
	v.Time("zone", time.Date(9999, 12, 31, 23, 0, 0, 0, time.FixedZone("UTC-8", -8*3600)))
	var ve *core.ValidationError
	assert.ErrorAs(t, v.Err(), &ve)
	assert.Equal(t, []string{"late", "early", "zone"}, []string{ve.Fields[0].Field, ve.Fields[1].Field, ve.Fields[2].Field})
}

func TestFormatOptionalTime(t *testing.T) {
	t.Parallel()
	assert.Empty(t, core.FormatOptionalTime(time.Time{}))
	cst := time.FixedZone("UTC+8", 8*3600)
	assert.Equal(t, "2025-06-01T02:03:04Z", core.FormatOptionalTime(time.Date(2025, 6, 1, 10, 3, 4, 999_999_999, cst)))
}
