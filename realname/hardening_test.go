package realname_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/realname"
)

// bank_account starts with a letter or digit and may contain "-"
// (api.md §5.1): the whole value is checked, before anything is sent.
func TestBankAccountIsCheckedWhole(t *testing.T) {
	t.Parallel()
	e := setup(t)
	card := func(account string) *realname.IndividualParams {
		return &realname.IndividualParams{
			CustomerID: testCustomer, IdentifyType: realname.IdentifyBankCard,
			Files: []realname.Attachment{{Role: realname.RoleFacePhoto, Path: "c1/face.png"}},
			Name:  "Li Si", Number: "110101199001011234", XAccountType: testXAccount,
			BankCard: &realname.BankCard{Account: account, AreaCode: "0086", Mobile: "13800000000", VerificationCode: "246810"},
		}
	}
	for _, bad := range []string{"-6222", "6222 0200", "6222_0200", "6222/0200", "6222.0200", "6222０200", "6222-0200\n", "6222卡"} {
		_, err := e.c.RealName.SubmitIndividual(t.Context(), card(bad))
		ve := requireInvalid(t, err, "bank_card_info.bank_account")
		assert.NotContains(t, ve.Error(), bad, "the value is never printed")
	}
	assert.Zero(t, e.srv.RequestCount(""), "nothing was sent")

	up, err := e.c.RealName.Upload(t.Context(), e.bucket,
		realname.File{Role: realname.RoleFacePhoto, Path: "c1/face.png", Body: bytes.NewReader(pngImage(t, 5))})
	require.NoError(t, err)
	for _, good := range []string{"6222-0200", "62220200", "A6222-02-00", "6"} {
		p := card(good)
		p.Files = up
		p.BankCard.VerificationCode = bankCode(t, e, p.BankCard.Mobile)
		_, err := e.c.RealName.SubmitIndividual(t.Context(), p)
		require.NoError(t, err, good)
		e.srv.SeedRealNameCustomer(testCustomer, "") // ready for the next application
	}
}

// The server may echo personal data in another letter case than it was
// sent: it is scrubbed all the same.
func TestPersonalDataScrubbedInAnyCase(t *testing.T) {
	t.Parallel()
	e := setup(t)
	p := passportParams()
	p.Name, p.Number = "Zhang Sentinel", "E99887766"
	echo := "name " + strings.ToUpper(p.Name) + " / " + strings.ToLower(p.Name) + " number " + strings.ToLower(p.Number)
	e.srv.InjectFault("CreatePersonalRealnameAuth", hwpartnertest.Fault{Status: 400, Code: "CBC.99007255", Message: echo, Times: 1})
	_, err := e.c.RealName.SubmitIndividual(t.Context(), withPassportFiles(p))
	require.ErrorIs(t, err, realname.ErrVerificationFailed)
	out := strings.ToLower(err.Error())
	assert.NotContains(t, out, "zhang sentinel")
	assert.NotContains(t, out, "e99887766")
	assert.Contains(t, out, "[redacted]")
}

func withPassportFiles(p *realname.IndividualParams) *realname.IndividualParams {
	cp := *p
	cp.Files = []realname.Attachment{
		{Role: realname.RoleDataPage, Path: "p/a.png"},
		{Role: realname.RoleEntryStampPage, Path: "p/b.png"},
		{Role: realname.RoleHandheldDataPage, Path: "p/c.png"},
	}
	return &cp
}

// An error value built by hand, without its cause, still prints and
// unwraps.
func TestZeroErrorsDoNotPanic(t *testing.T) {
	t.Parallel()
	for _, err := range []error{&realname.Error{}, &realname.SubmitError{}, &realname.UploadError{},
		&realname.Error{Kind: realname.ErrBankCard}} {
		assert.NotPanics(t, func() {
			assert.NotEmpty(t, err.Error())
			_ = fmt.Sprintf("%v %+v", err, err)
			_ = errors.Is(err, core.ErrOutcomeUnknown)
			var api *core.Error
			_ = errors.As(err, &api)
		}, "%T", err)
	}
	assert.ErrorIs(t, &realname.Error{Kind: realname.ErrBankCard}, realname.ErrBankCard)
}
