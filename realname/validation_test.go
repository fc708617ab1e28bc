package realname_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/realname"
)

// requireInvalid checks err is a validation error naming field.
func requireInvalid(t *testing.T, err error, field string) *core.ValidationError {
	t.Helper()
	var ve *core.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.ErrorIs(t, err, core.ErrInvalidRequest)
	assert.True(t, ve.Has(field), "want a problem with %s, got %v", field, err)
	return ve
}

func TestApplyRefusesBadFilesBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	png := func() *bytes.Reader { return bytes.NewReader(pngImage(t, 1)) }
	jpeg := []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0}
	cases := map[string]struct {
		files []realname.File
		field string
	}{
		"text named .png": {field: "files[0].body", files: []realname.File{
			{Role: realname.RoleDataPage, Path: "a.png", Body: strings.NewReader("not an image at all")},
			{Role: realname.RoleEntryStampPage, Path: "b.png", Body: png()},
			{Role: realname.RoleHandheldDataPage, Path: "c.png", Body: png()}}},
		"jpeg named .png": {field: "files[1].body", files: []realname.File{
			{Role: realname.RoleDataPage, Path: "a.png", Body: png()},
			{Role: realname.RoleEntryStampPage, Path: "b.png", Body: bytes.NewReader(jpeg)},
			{Role: realname.RoleHandheldDataPage, Path: "c.png", Body: png()}}},
		"empty file": {field: "files[2].body", files: []realname.File{
			{Role: realname.RoleDataPage, Path: "a.png", Body: png()},
			{Role: realname.RoleEntryStampPage, Path: "b.png", Body: png()},
			{Role: realname.RoleHandheldDataPage, Path: "c.png", Body: bytes.NewReader(nil)}}},
		"exe extension": {field: "verified_file_url[0]", files: []realname.File{
			{Role: realname.RoleDataPage, Path: "a.exe", Body: png()},
			{Role: realname.RoleEntryStampPage, Path: "b.png", Body: png()},
			{Role: realname.RoleHandheldDataPage, Path: "c.png", Body: png()}}},
		"larger than 10 MB, known size": {field: "files[0].body", files: []realname.File{
			{Role: realname.RoleDataPage, Path: "a.png", Body: bytes.NewReader(append(pngImage(t, 1), make([]byte, realname.MaxFileSize)...))},
			{Role: realname.RoleEntryStampPage, Path: "b.png", Body: png()},
			{Role: realname.RoleHandheldDataPage, Path: "c.png", Body: png()}}},
		"too few for a passport": {field: "verified_file_url", files: []realname.File{
			{Role: realname.RoleDataPage, Path: "a.png", Body: png()}}},
		"five files": {field: "verified_file_url", files: []realname.File{
			{Role: realname.RoleDataPage, Path: "a.png", Body: png()},
			{Role: realname.RoleEntryStampPage, Path: "b.png", Body: png()},
			{Role: realname.RoleHandheldDataPage, Path: "c.png", Body: png()},
			{Role: realname.RoleHandheldDataPage, Path: "d.png", Body: png()},
			{Role: realname.RoleHandheldDataPage, Path: "e.png", Body: png()}}},
		"wrong order": {field: "verified_file_url", files: []realname.File{
			{Role: realname.RoleEntryStampPage, Path: "a.png", Body: png()},
			{Role: realname.RoleDataPage, Path: "b.png", Body: png()},
			{Role: realname.RoleHandheldDataPage, Path: "c.png", Body: png()}}},
		"roles of another certificate": {field: "verified_file_url", files: []realname.File{
			{Role: realname.RoleFront, Path: "a.png", Body: png()},
			{Role: realname.RoleBack, Path: "b.png", Body: png()},
			{Role: realname.RoleHandheldFront, Path: "c.png", Body: png()}}},
		"same path twice": {field: "files[2].path", files: []realname.File{
			{Role: realname.RoleDataPage, Path: "a.png", Body: png()},
			{Role: realname.RoleEntryStampPage, Path: "b.png", Body: png()},
			{Role: realname.RoleHandheldDataPage, Path: "a.png", Body: png()}}},
		"no body": {field: "files[0].body", files: []realname.File{
			{Role: realname.RoleDataPage, Path: "a.png"},
			{Role: realname.RoleEntryStampPage, Path: "b.png", Body: png()},
			{Role: realname.RoleHandheldDataPage, Path: "c.png", Body: png()}}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			_, err := e.c.RealName.ApplyIndividual(t.Context(), e.bucket, passportParams(), tc.files...)
			requireInvalid(t, err, tc.field)
			assert.Zero(t, e.srv.RequestCount(""), "nothing may reach OBS or the API")
			assert.Empty(t, e.srv.ObjectKeys(testBucket))
		})
	}
}

func TestPathRules(t *testing.T) {
	t.Parallel()
	bad := map[string]string{
		"leading slash":    "/cust/a.png",
		"download prefix":  "download/cust/a.png",
		"dot dot":          "cust/../a.png",
		"scheme":           "https://b.obs.cn-north-4.myhuaweicloud.com/download/a.png",
		"bucket host":      "b.obs.cn-north-4.myhuaweicloud.com/download/a.png",
		"empty":            "",
		"no allowed ext":   "cust/a",
		"key over 1024 B":  strings.Repeat("x", 1020) + ".png",
		"directory":        "cust/",
		"download exactly": "download",
	}
	for name, p := range bad {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			params := passportParams()
			params.Files = []realname.Attachment{
				{Role: realname.RoleDataPage, Path: p},
				{Role: realname.RoleEntryStampPage, Path: "b.png"},
				{Role: realname.RoleHandheldDataPage, Path: "c.png"},
			}
			_, err := e.c.RealName.SubmitIndividual(t.Context(), params)
			requireInvalid(t, err, "verified_file_url[0]")

			_, err = e.c.RealName.Upload(t.Context(), e.bucket, realname.File{Path: p, Body: bytes.NewReader(pngImage(t, 1))})
			requireInvalid(t, err, "files[0].path")
			assert.Zero(t, e.srv.RequestCount(""))
		})
	}
	t.Run("allowed", func(t *testing.T) {
		t.Parallel()
		for _, p := range []string{"a.JPG", "x/y/z.jpeg", "cust.42/a b.pdf", "中文/照片.gif", "a.bmp"} {
			params := passportParams()
			params.Files = []realname.Attachment{{Role: realname.RoleDataPage, Path: p},
				{Role: realname.RoleHandheldDataPage, Path: "b.png"}}
			assert.NoError(t, params.Validate(), p)
		}
	})
}

func TestSubmitIndividualValidation(t *testing.T) {
	t.Parallel()
	files := []realname.Attachment{{Role: realname.RoleDataPage, Path: "a.png"},
		{Role: realname.RoleEntryStampPage, Path: "b.png"}, {Role: realname.RoleHandheldDataPage, Path: "c.png"}}
	e := setup(t)
	_, err := e.c.RealName.SubmitIndividual(t.Context(), &realname.IndividualParams{})
	ve := requireInvalid(t, err, "customer_id")
	for _, f := range []string{"verified_type", "verified_file_url", "name", "verified_number", "xaccount_type"} {
		assert.True(t, ve.Has(f), f)
	}
	assert.Equal(t, "CreatePersonalRealnameAuth", ve.Operation)

	long := passportParams()
	long.Files = files
	long.Name = strings.Repeat("名", 256)
	long.Number = strings.Repeat("9", 33)
	long.CustomerID = strings.Repeat("c", 65)
	_, err = e.c.RealName.SubmitIndividual(t.Context(), long)
	ve = requireInvalid(t, err, "name")
	assert.True(t, ve.Has("verified_number"))
	assert.True(t, ve.Has("customer_id"))

	mixed := passportParams()
	mixed.Files = files
	mixed.BankCard = &realname.BankCard{Account: "6222", AreaCode: "0086", Mobile: "13800000000", VerificationCode: "123456"}
	_, err = e.c.RealName.SubmitIndividual(t.Context(), mixed)
	requireInvalid(t, err, "bank_card_info")

	card := passportParams()
	card.IdentifyType = realname.IdentifyBankCard
	card.Certificate = 0
	card.Files = []realname.Attachment{{Role: realname.RoleFacePhoto, Path: "face.jpg"}}
	card.BankCard = &realname.BankCard{Account: "-6222"}
	_, err = e.c.RealName.SubmitIndividual(t.Context(), card)
	ve = requireInvalid(t, err, "bank_card_info.bank_account")
	for _, f := range []string{"bank_card_info.areacode", "bank_card_info.mobile", "bank_card_info.verification_code"} {
		assert.True(t, ve.Has(f), f)
	}

	_, err = e.c.RealName.SubmitIndividual(t.Context(), nil)
	requireInvalid(t, err, "params")
	unknown := passportParams()
	unknown.Files = files
	unknown.IdentifyType = 2
	_, err = e.c.RealName.SubmitIndividual(t.Context(), unknown)
	requireInvalid(t, err, "identify_type")
	assert.Zero(t, e.srv.RequestCount(""))
}

// siteClient is a client of a real site whose transport records calls.
func siteClient(t *testing.T, site hwpartner.Site) (*hwpartner.Client, *httpmock.MockTransport) {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("POST", "=~/v2/customers/realname-auths/individual$", httpmock.NewStringResponder(200, `{"is_review":0}`))
	c, err := hwpartner.NewClient(hwpartner.WithAKSK("ak-test", "sk-test"), hwpartner.WithSite(site), hwpartner.WithTransport(mt))
	require.NoError(t, err)
	return c, mt
}

func TestSiteRules(t *testing.T) {
	t.Parallel()
	card := func() *realname.IndividualParams {
		return &realname.IndividualParams{CustomerID: "c1", IdentifyType: realname.IdentifyBankCard,
			Files: []realname.Attachment{{Role: realname.RoleFacePhoto, Path: "face.jpg"}},
			Name:  "n", Number: "1", XAccountType: "x",
			BankCard: &realname.BankCard{Account: "6222-01", AreaCode: "0086", Mobile: "13800000000", VerificationCode: "123456"}}
	}
	passport := func(roles ...realname.Role) *realname.IndividualParams {
		p := &realname.IndividualParams{CustomerID: "c1", Certificate: realname.Passport, Name: "n", Number: "1", XAccountType: "x"}
		for i, r := range roles {
			p.Files = append(p.Files, realname.Attachment{Role: r, Path: string(rune('a'+i)) + ".jpg"})
		}
		return p
	}
	three := []realname.Role{realname.RoleDataPage, realname.RoleEntryStampPage, realname.RoleHandheldDataPage}
	two := []realname.Role{realname.RoleDataPage, realname.RoleHandheldDataPage}

	intl, mtIntl := siteClient(t, hwpartner.SiteInternational)
	_, err := intl.RealName.SubmitIndividual(t.Context(), card())
	requireInvalid(t, err, "identify_type")
	_, err = intl.RealName.SubmitIndividual(t.Context(), passport(three...))
	requireInvalid(t, err, "verified_file_url")
	assert.Zero(t, mtIntl.GetTotalCallCount())
	_, err = intl.RealName.SubmitIndividual(t.Context(), passport(two...))
	require.NoError(t, err)
	assert.Equal(t, 1, mtIntl.GetTotalCallCount())

	china, mtChina := siteClient(t, hwpartner.SiteChina)
	_, err = china.RealName.SubmitIndividual(t.Context(), passport(two...))
	requireInvalid(t, err, "verified_file_url")
	assert.Zero(t, mtChina.GetTotalCallCount())
	res, err := china.RealName.SubmitIndividual(t.Context(), card())
	require.NoError(t, err)
	assert.False(t, res.NeedsReview)
	_, err = china.RealName.SubmitIndividual(t.Context(), passport(three...))
	require.NoError(t, err)
	assert.Equal(t, 2, mtChina.GetTotalCallCount())
}

func TestSubmitEnterpriseValidation(t *testing.T) {
	t.Parallel()
	e := setup(t)
	_, err := e.c.RealName.SubmitEnterprise(t.Context(), &realname.EnterpriseParams{
		CustomerID: testCustomer, CorpName: "12345 !!", Number: "9131", XAccountType: testXAccount,
		RegCountry: hwpartner.Ptr("China"), RegAddress: hwpartner.Ptr(""), CertificateType: 42,
		Files:  []realname.Attachment{{Role: realname.RoleOrgCertificate, Path: "lic.pdf"}, {Role: realname.RoleLegalPersonPortraitSide, Path: "id.png"}},
		Person: &realname.EnterprisePerson{},
	})
	ve := requireInvalid(t, err, "corp_name")
	for _, f := range []string{"reg_country", "reg_address", "certificate_type", "verified_file_url",
		"enterprise_person.legel_name", "enterprise_person.legel_id_number"} {
		assert.True(t, ve.Has(f), f)
	}
	_, err = e.c.RealName.ChangeToEnterprise(t.Context(), nil)
	requireInvalid(t, err, "params")
	_, err = e.c.RealName.SubmitEnterprise(t.Context(), &realname.EnterpriseParams{})
	requireInvalid(t, err, "xaccount_type")
	assert.Zero(t, e.srv.RequestCount(""))
}

func TestApplyRefusesGivenFilesAndMissingBucket(t *testing.T) {
	t.Parallel()
	e := setup(t)
	p := passportParams()
	p.Files = []realname.Attachment{{Role: realname.RoleDataPage, Path: "a.png"}}
	_, err := e.c.RealName.ApplyIndividual(t.Context(), nil, p, passportFiles(t, "x")...)
	ve := requireInvalid(t, err, "bucket")
	assert.True(t, ve.Has("verified_file_url"))
	_, err = e.c.RealName.ApplyEnterprise(t.Context(), e.bucket, nil)
	requireInvalid(t, err, "params")
	_, err = e.c.RealName.Upload(t.Context(), e.bucket)
	requireInvalid(t, err, "files")
	assert.Zero(t, e.srv.RequestCount(""))
}

func TestRefusedSeekersAreRewound(t *testing.T) {
	t.Parallel()
	e := setup(t)
	files := passportFiles(t, "x")
	files[1].Path = "/x/stamp.png"
	_, err := e.c.RealName.ApplyIndividual(t.Context(), e.bucket, passportParams(), files...)
	requireInvalid(t, err, "verified_file_url[1]")
	files[1].Path = "x/stamp.png"
	_, err = e.c.RealName.ApplyIndividual(t.Context(), e.bucket, passportParams(), files...)
	require.NoError(t, err)
	got, _ := e.srv.Object(testBucket, "download/x/data.png")
	assert.Equal(t, pngImage(t, 10), got, "the file must be uploaded whole after a refusal")
}

func TestEnterpriseParamsValidate(t *testing.T) {
	t.Parallel()
	err := (&realname.EnterpriseParams{}).Validate()
	ve := requireInvalid(t, err, "customer_id")
	assert.True(t, ve.Has("corp_name"))
	assert.True(t, ve.Has("xaccount_type"))
}
