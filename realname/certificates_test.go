package realname_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/realname"
)

func roleFiles(t *testing.T, dir string, roles ...realname.Role) []realname.File {
	files := make([]realname.File, len(roles))
	for i, r := range roles {
		files[i] = realname.File{Role: r, Path: fmt.Sprintf("%s/%d.png", dir, i), Body: bytes.NewReader(pngImage(t, uint8(i)))}
	}
	return files
}

func roleAttachments(roles ...realname.Role) []realname.Attachment {
	out := make([]realname.Attachment, len(roles))
	for i, r := range roles {
		out[i] = realname.Attachment{Role: r, Path: fmt.Sprintf("x/%d.png", i)}
	}
	return out
}

func TestEachCertificateTakesItsFilesInOrder(t *testing.T) {
	t.Parallel()
	travel := []realname.Role{realname.RoleFront, realname.RoleBack, realname.RoleHandheldFront}
	residence := []realname.Role{realname.RolePortraitSide, realname.RoleEmblemSide, realname.RoleHandheldPortraitSide}
	cases := []struct {
		cert  realname.Certificate
		wire  int
		roles []realname.Role
	}{
		{realname.HongKongMacaoTravelPermit, 5, travel},
		{realname.TaiwanTravelPermit, 6, travel},
		{realname.HongKongMacaoResidencePermit, 9, residence},
		{realname.TaiwanResidencePermit, 10, residence},
	}
	for _, tc := range cases {
		t.Run(tc.cert.String(), func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			p := passportParams()
			p.Certificate = tc.cert
			bad := map[string][]realname.Role{
				"wrong order":          {tc.roles[1], tc.roles[0], tc.roles[2]},
				"without the handheld": tc.roles[:2],
				"a passport's pages":   {realname.RoleDataPage, realname.RoleEntryStampPage, realname.RoleHandheldDataPage},
			}
			for name, roles := range bad {
				q := *p
				q.Files = roleAttachments(roles...)
				_, err := e.c.RealName.SubmitIndividual(t.Context(), &q)
				requireInvalid(t, err, "verified_file_url")
				_, err = e.c.RealName.ApplyIndividual(t.Context(), e.bucket, p, roleFiles(t, "bad", roles...)...)
				requireInvalid(t, err, "verified_file_url")
				assert.Zero(t, e.srv.RequestCount(""), name)
			}

			_, err := e.c.RealName.ApplyIndividual(t.Context(), e.bucket, p, roleFiles(t, "ok", tc.roles...)...)
			require.NoError(t, err)
			_, body := lastBody(t, e.srv, "CreatePersonalRealnameAuth")
			var sent struct {
				VerifiedType    int      `json:"verified_type"`
				VerifiedFileURL []string `json:"verified_file_url"`
			}
			require.NoError(t, json.Unmarshal([]byte(body), &sent))
			assert.Equal(t, tc.wire, sent.VerifiedType)
			assert.Equal(t, []string{"ok/0.png", "ok/1.png", "ok/2.png"}, sent.VerifiedFileURL)
			app, ok := e.srv.RealNameApplication(testCustomer)
			require.True(t, ok)
			assert.Equal(t, tc.wire, app.VerifiedType)
		})
	}
}

func TestBankCardTakesOneFacePhoto(t *testing.T) {
	t.Parallel()
	e := setup(t)
	p := passportParams()
	p.IdentifyType, p.Certificate = realname.IdentifyBankCard, 0
	p.BankCard = &realname.BankCard{Account: "6222-01", AreaCode: "0086", Mobile: "13800000000", VerificationCode: "123456"}
	for _, roles := range [][]realname.Role{
		{realname.RoleFacePhoto, realname.RoleFacePhoto},
		{realname.RoleDataPage},
	} {
		q := *p
		q.Files = roleAttachments(roles...)
		_, err := e.c.RealName.SubmitIndividual(t.Context(), &q)
		requireInvalid(t, err, "verified_file_url")
	}
	assert.Zero(t, e.srv.RequestCount(""))
}

func TestEnterpriseFilesDependOnTheLegalPerson(t *testing.T) {
	t.Parallel()
	org := realname.RoleOrgCertificate
	idCard := []realname.Role{org, realname.RoleLegalPersonPortraitSide, realname.RoleLegalPersonEmblemSide}
	person := &realname.EnterprisePerson{Name: "Wang Wu", IDNumber: "310101198001010000"}
	params := func(p *realname.EnterprisePerson) *realname.EnterpriseParams {
		return &realname.EnterpriseParams{CustomerID: testCustomer, CorpName: "Acme Ltd", Number: "9131",
			XAccountType: testXAccount, Person: p}
	}
	e := setup(t)
	for _, tc := range []struct {
		person *realname.EnterprisePerson
		roles  []realname.Role
	}{
		{nil, idCard},
		{nil, []realname.Role{realname.RoleLegalPersonPortraitSide}},
		{person, []realname.Role{org, realname.RoleLegalPersonEmblemSide, realname.RoleLegalPersonPortraitSide}},
		{person, idCard[:2]},
		{person, []realname.Role{realname.RoleLegalPersonPortraitSide, realname.RoleLegalPersonEmblemSide, org}},
	} {
		p := params(tc.person)
		p.Files = roleAttachments(tc.roles...)
		_, err := e.c.RealName.SubmitEnterprise(t.Context(), p)
		requireInvalid(t, err, "verified_file_url")
		_, err = e.c.RealName.ApplyEnterprise(t.Context(), e.bucket, params(tc.person), roleFiles(t, "bad", tc.roles...)...)
		requireInvalid(t, err, "verified_file_url")
	}
	assert.Zero(t, e.srv.RequestCount(""))

	for name, tc := range map[string]struct {
		person *realname.EnterprisePerson
		roles  []realname.Role
	}{
		"licence alone":                 {nil, idCard[:1]},
		"licence and the person's card": {person, idCard},
		"person without their card":     {person, idCard[:1]},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			_, err := e.c.RealName.ApplyEnterprise(t.Context(), e.bucket, params(tc.person), roleFiles(t, "ent", tc.roles...)...)
			require.NoError(t, err)
			app, ok := e.srv.RealNameApplication(testCustomer)
			require.True(t, ok)
			assert.Len(t, app.Files, len(tc.roles))
			assert.Equal(t, hwpartnertest.RealNameUnderReview, app.Status)
		})
	}
}
