package core_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/core"
)

func TestValidatorListsEveryProblem(t *testing.T) {
	t.Parallel()
	var v core.Validator
	v.Required("indirect_partner_id", "", 64)
	v.Required("name", strings.Repeat("名", 256), 255)
	v.Required("ok", strings.Repeat("名", 255), 255)
	v.Optional("account_name", core.Ptr(""), 64)
	v.Optional("absent", nil, 64)
	v.Range("limit", 0, 1, 100)
	v.Amount("amount", core.AmountFromCents(0))
	v.IDs("quota_ids", []string{"a", "", strings.Repeat("x", 65)}, 1, 2, 64)
	v.Check(false, "identify_type", "must be 0 or 4")
	err := v.Err()

	var ve *core.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.ErrorIs(t, err, core.ErrInvalidRequest)
	fields := map[string]string{}
	for _, f := range ve.Fields {
		fields[f.Field] = f.Problem
	}
	assert.Equal(t, map[string]string{
		"indirect_partner_id": "is required",
		"name":                "must be at most 255 characters",
		"account_name":        "is required",
		"limit":               "must be between 1 and 100",
		"amount":              "must be greater than 0",
		"quota_ids":           "must have between 1 and 2 items, has 3",
		"quota_ids[1]":        "is required",
		"quota_ids[2]":        "must be at most 64 characters",
		"identify_type":       "must be 0 or 4",
	}, fields)
	ve.Operation = "UpdateCouponQuotas"
	assert.True(t, strings.HasPrefix(ve.Error(), "hwpartner: invalid UpdateCouponQuotas request: indirect_partner_id is required; "))

	var empty core.Validator
	assert.NoError(t, empty.Err())
	assert.False(t, errors.Is(errors.New("x"), core.ErrInvalidRequest))
}

func TestTimeFormats(t *testing.T) {
	t.Parallel()
	cst := time.FixedZone("CST", 8*3600)
	at := time.Date(2024, 3, 1, 8, 5, 1, 999, cst)
	assert.Equal(t, "2024-03-01T00:05:01Z", core.FormatTime(at))

	var tm core.Time
	require.NoError(t, tm.UnmarshalJSON([]byte(`"2019-05-06T08:05:01Z"`)))
	assert.True(t, tm.Equal(time.Date(2019, 5, 6, 8, 5, 1, 0, time.UTC)))
	assert.Equal(t, "2019-05-06T08:05:01Z", tm.String())
	out, err := tm.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, `"2019-05-06T08:05:01Z"`, string(out))

	for _, empty := range []string{`""`, `null`} {
		var z core.Time
		require.NoError(t, z.UnmarshalJSON([]byte(empty)))
		assert.True(t, z.IsZero())
		assert.Equal(t, "", z.String())
		out, _ := z.MarshalJSON()
		assert.Equal(t, "null", string(out))
	}
	require.NoError(t, tm.UnmarshalJSON([]byte(`"2019-05-06T16:05:01+08:00"`)))
	assert.Equal(t, "2019-05-06T08:05:01Z", tm.String())
	assert.Error(t, tm.UnmarshalJSON([]byte(`"yesterday"`)))
	assert.Error(t, tm.UnmarshalJSON([]byte(`12`)))
}

func TestSiteString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "china", core.SiteChina.String())
	assert.Equal(t, "international", core.SiteInternational.String())
	assert.Equal(t, "eu", core.SiteEU.String())
	assert.Equal(t, "custom", core.SiteCustom.String())
	assert.Equal(t, "unknown", core.Site(42).String())
}

func TestWithOperation(t *testing.T) {
	t.Parallel()
	op := &core.Operation{Name: "UpdateCouponQuotas"}
	var v core.Validator
	v.Add("quota_id", "is required")
	err := core.WithOperation(v.Err(), op)
	var ve *core.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "UpdateCouponQuotas", ve.Operation)

	ve.Operation = "Earlier"
	assert.Equal(t, "Earlier", core.WithOperation(ve, op).(*core.ValidationError).Operation, "an operation already named stays")
	assert.NoError(t, core.WithOperation(nil, op))
	other := errors.New("x")
	assert.Same(t, other, core.WithOperation(other, op))
}

func TestTimeFilter(t *testing.T) {
	t.Parallel()
	var v core.Validator
	v.Time("from", time.Time{})
	v.Time("to", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	assert.NoError(t, v.Err())
	v.Time("late", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
	var ve *core.ValidationError
	require.ErrorAs(t, v.Err(), &ve)
	assert.True(t, ve.Has("late"))
	assert.Equal(t, "", core.FormatOptionalTime(time.Time{}))
	assert.Equal(t, "2024-01-01T00:00:00Z", core.FormatOptionalTime(time.Date(2024, 1, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))))
}

func TestValidatorForNamesTheGoFields(t *testing.T) {
	t.Parallel()
	type card struct {
		Mobile string `wire:"mobile"`
	}
	type file struct {
		Path string `json:"path"`
	}
	type params struct {
		ResellerIDs []string `wire:"indirect_partner_ids"`
		Card        *card    `wire:"bank_card_info"`
		Files       []file   `wire:"files"`
		Amount      core.Amount
		Plain       string `json:"amount"`
		core.ListOptions
	}
	p := &params{}
	v := core.ValidatorFor(p)
	v.Add("indirect_partner_ids[1]", "repeats an earlier id")
	v.Add("bank_card_info.mobile", "is required")
	v.Add("files[2].path", "is not relative")
	v.Add("limit", "must be between 1 and 100")
	v.Add("amount", "must be greater than 0")
	v.Add("no_such_field", "is wrong")
	var ve *core.ValidationError
	require.ErrorAs(t, v.Err(), &ve)
	var goFields []string
	for _, f := range ve.Fields {
		goFields = append(goFields, f.GoField)
	}
	assert.Equal(t, []string{"ResellerIDs[1]", "Card.Mobile", "Files[2].Path", "Limit", "Plain", ""}, goFields)
	assert.Equal(t, "hwpartner: invalid request: ResellerIDs[1] (indirect_partner_ids[1]) repeats an earlier id; "+
		"Card.Mobile (bank_card_info.mobile) is required; Files[2].Path is not relative; "+
		"Limit must be between 1 and 100; Plain (amount) must be greater than 0; no_such_field is wrong", ve.Error())
	assert.True(t, ve.Has("indirect_partner_ids[1]"), "fields keep their wire names")

	var plain core.Validator // no params: wire names only
	plain.Add("indirect_partner_ids[1]", "repeats an earlier id")
	assert.EqualError(t, plain.Err(), "hwpartner: invalid request: indirect_partner_ids[1] repeats an earlier id")
}
