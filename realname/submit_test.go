package realname_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/realname"
)

func lastBody(t *testing.T, srv *hwpartnertest.Server, op hwpartnertest.Op) (string, string) {
	t.Helper()
	reqs := srv.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Operation == op {
			return reqs[i].Method, string(reqs[i].Body)
		}
	}
	t.Fatalf("no %s request", op)
	return "", ""
}

func TestSubmitBankCardWire(t *testing.T) {
	t.Parallel()
	e := setup(t)
	up, err := e.c.RealName.Upload(t.Context(), e.bucket,
		realname.File{Role: realname.RoleFacePhoto, Path: "c1/face.png", Body: bytes.NewReader(pngImage(t, 5))})
	require.NoError(t, err)
	assert.Equal(t, []realname.Attachment{{Role: realname.RoleFacePhoto, Path: "c1/face.png"}}, up)
	_, err = e.c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{
		MobilePhone: "13800000000", Scene: customers.SceneBankCard, CustomerID: testCustomer})
	require.NoError(t, err)
	code, ok := e.srv.VerificationCode("13800000000")
	require.True(t, ok)
	res, err := e.c.RealName.SubmitIndividual(t.Context(), &realname.IndividualParams{
		CustomerID: testCustomer, IdentifyType: realname.IdentifyBankCard, Files: up,
		Name: "Li Si", Number: "110101199001011234", XAccountType: testXAccount, FirstTime: true,
		BankCard: &realname.BankCard{Account: "6222-0200", AreaCode: "0086", Mobile: "13800000000", VerificationCode: code},
	})
	require.NoError(t, err)
	assert.False(t, res.NeedsReview, "bank-card verification needs no manual review")
	method, body := lastBody(t, e.srv, "CreatePersonalRealnameAuth")
	assert.Equal(t, "POST", method)
	assert.JSONEq(t, `{"customer_id":"cust-0001","identify_type":4,"verified_file_url":["c1/face.png"],
		"name":"Li Si","verified_number":"110101199001011234","change_type":-1,"xaccount_type":"platform_x",
		"bank_card_info":{"bank_account":"6222-0200","areacode":"0086","mobile":"13800000000","verification_code":"`+code+`"}}`, body)
	review, err := e.c.RealName.ReviewResult(t.Context(), testCustomer)
	require.NoError(t, err)
	assert.Equal(t, realname.ReviewApproved, review.Status)
}

func enterpriseFiles(t *testing.T) []realname.File {
	pdf := []byte("%PDF-1.4\n% licence\n")
	return []realname.File{
		{Role: realname.RoleOrgCertificate, Path: "ent/licence.pdf", Body: bytes.NewReader(pdf)},
		{Role: realname.RoleLegalPersonPortraitSide, Path: "ent/id-front.png", Body: bytes.NewReader(pngImage(t, 1))},
		{Role: realname.RoleLegalPersonEmblemSide, Path: "ent/id-back.png", Body: bytes.NewReader(pngImage(t, 2))},
	}
}

func TestApplyEnterpriseWire(t *testing.T) {
	t.Parallel()
	e := setup(t)
	res, err := e.c.RealName.ApplyEnterprise(t.Context(), e.bucket, &realname.EnterpriseParams{
		CustomerID: testCustomer, CertificateType: realname.BusinessLicence, CorpName: "示例科技有限公司",
		Number: "91310000MA1FL0000X", RegCountry: hwpartner.Ptr("CN"), RegAddress: hwpartner.Ptr("Shanghai"),
		XAccountType: testXAccount,
		Person:       &realname.EnterprisePerson{Name: "Wang Wu", IDNumber: "310101198001010000", CertifierRole: "legalPerson"},
	}, enterpriseFiles(t)...)
	require.NoError(t, err)
	assert.True(t, res.NeedsReview)
	method, body := lastBody(t, e.srv, "CreateEnterpriseRealnameAuthentication")
	assert.Equal(t, "POST", method)
	assert.JSONEq(t, `{"customer_id":"cust-0001","identify_type":1,"certificate_type":0,
		"verified_file_url":["ent/licence.pdf","ent/id-front.png","ent/id-back.png"],
		"corp_name":"示例科技有限公司","verified_number":"91310000MA1FL0000X","reg_country":"CN","reg_address":"Shanghai",
		"xaccount_type":"platform_x",
		"enterprise_person":{"legel_name":"Wang Wu","legel_id_number":"310101198001010000","certifier_role":"legalPerson"}}`, body)
	app, ok := e.srv.RealNameApplication(testCustomer)
	require.True(t, ok)
	assert.Equal(t, "enterprise", app.Kind)
	assert.Equal(t, 0, app.CertificateType)
}

func TestChangeToEnterprise(t *testing.T) {
	t.Parallel()
	e := setup(t)
	_, err := e.c.RealName.ApplyIndividual(t.Context(), e.bucket, passportParams(), passportFiles(t, "p")...)
	require.NoError(t, err)

	params := &realname.EnterpriseParams{CustomerID: testCustomer, CorpName: "Acme Ltd", Number: "9131",
		XAccountType: testXAccount, RegCountry: hwpartner.Ptr(""), RegAddress: hwpartner.Ptr(""),
		Files: []realname.Attachment{{Role: realname.RoleOrgCertificate, Path: "p/data.png"}}}
	_, err = e.c.RealName.ChangeToEnterprise(t.Context(), params)
	assert.ErrorIs(t, err, realname.ErrAlreadySubmitted, "under review")

	require.NoError(t, e.srv.ApproveRealName(testCustomer))
	res, err := e.c.RealName.ChangeToEnterprise(t.Context(), params)
	require.NoError(t, err)
	assert.True(t, res.NeedsReview)
	method, body := lastBody(t, e.srv, "ChangeEnterpriseRealnameAuthentication")
	assert.Equal(t, "PUT", method)
	assert.JSONEq(t, `{"customer_id":"cust-0001","identify_type":1,"verified_file_url":["p/data.png"],
		"corp_name":"Acme Ltd","verified_number":"9131","reg_country":"","reg_address":"","xaccount_type":"platform_x","change_type":1}`, body)

	_, err = e.c.RealName.SubmitEnterprise(t.Context(), params)
	requireInvalid(t, err, "reg_country")
}

func TestChangeNeedsAnIndividual(t *testing.T) {
	t.Parallel()
	e := setup(t)
	_, err := e.c.RealName.ApplyChangeToEnterprise(t.Context(), e.bucket, &realname.EnterpriseParams{
		CustomerID: testCustomer, CorpName: "Acme Ltd", Number: "9131", XAccountType: testXAccount,
	}, enterpriseFiles(t)[0])
	var se *realname.SubmitError
	require.ErrorAs(t, err, &se)
	assert.ErrorIs(t, err, realname.ErrPrecheckFailed)
	assert.Equal(t, []realname.Attachment{{Role: realname.RoleOrgCertificate, Path: "ent/licence.pdf"}}, se.Uploaded)
}

func TestDocumentedCodes(t *testing.T) {
	t.Parallel()
	kinds := map[string]error{
		"CBC.99005030": realname.ErrUploadNotEnabled,
		"CBC.99000099": realname.ErrAttachmentRejected,
		"CBC.99000100": realname.ErrAttachmentRejected,
		"CBC.99007188": realname.ErrAlreadySubmitted,
		"CBC.99007202": realname.ErrVerificationFailed,
		"CBC.99007219": realname.ErrVerificationFailed,
		"CBC.99007255": realname.ErrVerificationFailed,
		"CBC.99000027": realname.ErrVerificationCodeExpired,
		"CBC.99007189": realname.ErrCertificateRefused,
		"CBC.99007193": realname.ErrCertificateRefused,
		"CBC.99007191": realname.ErrTooManyAttempts,
		"CBC.99007258": realname.ErrBankCard,
		"CBC.99007261": realname.ErrBankCard,
		"CBC.99007260": realname.ErrBankUnavailable,
		"CBC.99007262": realname.ErrBankUnavailable,
		"CBC.70600026": realname.ErrReviewUnavailable,
		"CBC.99007004": realname.ErrPrecheckFailed,
		"CBC.0100":     core.ErrInvalidRequest,
		"CBC.99000035": core.ErrPermission,
		"CBC.0151":     core.ErrPermission,
		"CBC.5002":     core.ErrNotFound,
	}
	e := setup(t)
	params := passportParams()
	params.Files = []realname.Attachment{{Role: realname.RoleDataPage, Path: "a.png"},
		{Role: realname.RoleEntryStampPage, Path: "b.png"}, {Role: realname.RoleHandheldDataPage, Path: "c.png"}}
	for code, kind := range kinds {
		status := 400
		switch code {
		case "CBC.0151":
			status = 403
		case "CBC.5002":
			status = 500
		}
		e.srv.InjectFault("CreatePersonalRealnameAuth", hwpartnertest.Fault{Status: status, Code: code, Times: 1})
		_, err := e.c.RealName.SubmitIndividual(t.Context(), params)
		assert.ErrorIs(t, err, kind, code)
		assert.True(t, core.HasCode(err, code), code)
		var re *realname.Error
		if errors.As(err, &re) {
			assert.Equal(t, kind, re.Kind)
		}
	}
	e.srv.InjectFault("CreatePersonalRealnameAuth", hwpartnertest.Fault{Status: 500, Code: "CBC.0999", Times: 1})
	_, err := e.c.RealName.SubmitIndividual(t.Context(), params)
	assert.ErrorIs(t, err, core.ErrOutcomeUnknown, "a 5xx on a submission leaves its outcome unknown")
	assert.Contains(t, err.Error(), "ReviewResult")
	assert.Equal(t, len(kinds)+1, e.srv.RequestCount("CreatePersonalRealnameAuth"), "submissions are never resent")

	e.srv.InjectFault("ShowRealnameAuthenticationReviewResult", hwpartnertest.Fault{Status: 400, Code: "CBC.0100", Times: 1})
	_, err = e.c.RealName.ReviewResult(t.Context(), testCustomer)
	assert.ErrorIs(t, err, core.ErrInvalidRequest)
}

func TestSwitchOffTellsWhereToEnableIt(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.srv.ConfigureRealName(hwpartnertest.RealNameConfig{Enabled: false, Bucket: testBucket, XAccountType: testXAccount})
	_, err := e.c.RealName.ApplyIndividual(t.Context(), e.bucket, passportParams(), passportFiles(t, "s")...)
	require.ErrorIs(t, err, realname.ErrUploadNotEnabled)
	var re *realname.Error
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "CBC.99005030", re.API.Code)
	assert.Equal(t, 400, re.API.StatusCode)
	assert.Contains(t, err.Error(), "Partner Center under Support > Open APIs > Configure")
	assert.Contains(t, err.Error(), "实名认证附件上传")

	// A bucket the partner does not own fails the authorisation too.
	require.NoError(t, e.srv.CreateBucket("someone-elses", "another-domain"))
	e.srv.ConfigureRealName(hwpartnertest.RealNameConfig{Enabled: true, Bucket: "someone-elses", XAccountType: testXAccount})
	var se *realname.SubmitError
	require.ErrorAs(t, err, &se)
	params := passportParams()
	params.Files = se.Uploaded
	_, err = e.c.RealName.SubmitIndividual(t.Context(), params)
	assert.ErrorIs(t, err, realname.ErrUploadNotEnabled)
}

func TestFakeChecksReferencedFiles(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ctx := t.Context()
	put := func(key string, body []byte) {
		require.NoError(t, e.bucket.PutObject(ctx, &realname.Object{Key: key, Body: bytes.NewReader(body), Size: int64(len(body))}))
	}
	put("download/big.png", append(pngImage(t, 1), make([]byte, realname.MaxFileSize)...))
	put("download/text.png", []byte("hello, not an image"))
	put("download/ok1.png", pngImage(t, 1))
	put("download/ok2.png", pngImage(t, 2))
	submit := func(first string) error {
		p := passportParams()
		p.Files = []realname.Attachment{{Role: realname.RoleDataPage, Path: first},
			{Role: realname.RoleEntryStampPage, Path: "ok1.png"}, {Role: realname.RoleHandheldDataPage, Path: "ok2.png"}}
		_, err := e.c.RealName.SubmitIndividual(ctx, p)
		return err
	}
	err := submit("big.png")
	assert.ErrorIs(t, err, realname.ErrAttachmentRejected)
	assert.True(t, core.HasCode(err, "CBC.99000099"))
	err = submit("text.png")
	assert.True(t, core.HasCode(err, "CBC.99000100"), "%v", err)
	err = submit("missing.png")
	assert.True(t, core.HasCode(err, "CBC.0100"), "%v", err)
	assert.ErrorIs(t, err, core.ErrInvalidRequest)
	require.NoError(t, submit("ok1.png"))
	assert.ErrorIs(t, submit("ok1.png"), realname.ErrAlreadySubmitted)

	e.srv.SeedRealNameCustomer("not-mine", "another-domain")
	p := passportParams()
	p.CustomerID = "not-mine"
	p.Files = []realname.Attachment{{Role: realname.RoleDataPage, Path: "ok1.png"}, {Role: realname.RoleHandheldDataPage, Path: "ok2.png"}}
	_, err = e.c.RealName.SubmitIndividual(ctx, p)
	assert.ErrorIs(t, err, core.ErrPermission)
	_, err = e.c.RealName.ReviewResult(ctx, "not-mine")
	assert.ErrorIs(t, err, core.ErrPermission)
}

func TestSubmitFailureListsUploadedFilesForTheRetry(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.srv.InjectFault("CreatePersonalRealnameAuth", hwpartnertest.Fault{Status: 400, Code: "CBC.99007262", Times: 1})
	_, err := e.c.RealName.ApplyIndividual(t.Context(), e.bucket, passportParams(), passportFiles(t, "r")...)
	var se *realname.SubmitError
	require.ErrorAs(t, err, &se)
	assert.ErrorIs(t, err, realname.ErrBankUnavailable)
	want := []realname.Attachment{{Role: realname.RoleDataPage, Path: "r/data.png"},
		{Role: realname.RoleEntryStampPage, Path: "r/stamp.png"}, {Role: realname.RoleHandheldDataPage, Path: "r/handheld.png"}}
	assert.Equal(t, want, se.Uploaded)
	assert.Contains(t, err.Error(), "download/r/data.png, download/r/stamp.png, download/r/handheld.png")

	p := passportParams()
	p.Files = se.Uploaded
	_, err = e.c.RealName.SubmitIndividual(t.Context(), p)
	require.NoError(t, err)
	assert.Equal(t, 3, e.srv.RequestCount(hwpartnertest.OBSOperation), "nothing uploaded twice")
}

func TestSubmitWithUnknownOutcomeSaysToCheckFirst(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.srv.InjectFault("CreatePersonalRealnameAuth", hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})
	_, err := e.c.RealName.ApplyIndividual(t.Context(), e.bucket, passportParams(), passportFiles(t, "u")...)
	var se *realname.SubmitError
	require.ErrorAs(t, err, &se)
	assert.True(t, core.IsOutcomeUnknown(err))
	assert.Contains(t, err.Error(), "may have been submitted, so read ReviewResult before submitting again")
	assert.NotContains(t, err.Error(), "was not submitted")
	assert.Equal(t, 1, e.srv.RequestCount("CreatePersonalRealnameAuth"), "not resent")

	res, err := e.c.RealName.ReviewResult(t.Context(), passportParams().CustomerID)
	require.NoError(t, err)
	assert.Equal(t, realname.ReviewPending, res.Status, "the application did reach the server")
}

// failingBucket stores through the fake until its n-th object.
type failingBucket struct {
	realname.Bucket
	n, calls int
}

func (b *failingBucket) PutObject(ctx context.Context, obj *realname.Object) error {
	b.calls++
	if b.calls == b.n {
		return fmt.Errorf("disk on fire")
	}
	return b.Bucket.PutObject(ctx, obj)
}

func TestUploadFailureListsWhatWasStored(t *testing.T) {
	t.Parallel()
	e := setup(t)
	_, err := e.c.RealName.ApplyIndividual(t.Context(), &failingBucket{Bucket: e.bucket, n: 3}, passportParams(), passportFiles(t, "u")...)
	var ue *realname.UploadError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, "u/handheld.png", ue.Path)
	assert.Len(t, ue.Uploaded, 2)
	assert.Contains(t, err.Error(), "already uploaded: download/u/data.png, download/u/stamp.png")
	assert.Zero(t, e.srv.RequestCount("CreatePersonalRealnameAuth"), "nothing submitted after a failed upload")

	e.srv.InjectFault(hwpartnertest.OBSOperation, hwpartnertest.Fault{Status: 403, Code: "AccessDenied", Times: 1})
	_, err = e.c.RealName.Upload(t.Context(), e.bucket, passportFiles(t, "v")...)
	require.ErrorAs(t, err, &ue)
	assert.Empty(t, ue.Uploaded)
	assert.Contains(t, err.Error(), "AccessDenied (HTTP 403)")
}
