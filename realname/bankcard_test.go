package realname_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/realname"
)

// The individual bank-card flow end to end: find the customer, send the
// code to the card's phone, submit with the code, read the review.
func TestBankCardFlowEndToEnd(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ctx := t.Context()
	cu, err := e.c.Customers.Get(ctx, testCustomer)
	require.NoError(t, err)
	assert.Equal(t, customers.NotVerified, cu.VerifiedStatus)

	const mobile = "13800000123"
	_, err = e.c.Customers.SendVerificationCode(ctx, &customers.SendCodeParams{
		MobilePhone: mobile, Scene: customers.SceneBankCard, CustomerID: cu.ID})
	require.NoError(t, err)
	code, ok := e.srv.VerificationCode(mobile)
	require.True(t, ok)

	card := &realname.BankCard{Account: "6222-0200-1234", AreaCode: "0086", Mobile: mobile, VerificationCode: code}
	p := &realname.IndividualParams{CustomerID: cu.ID, IdentifyType: realname.IdentifyBankCard,
		Name: "Li Si", Number: "110101199001011234", XAccountType: testXAccount, BankCard: card}
	face := realname.File{Role: realname.RoleFacePhoto, Path: cu.ID + "/face.png", Body: bytes.NewReader(pngImage(t, 9))}

	// A wrong code is refused as a verification failure; it is not used up.
	wrong := *p
	wrong.BankCard = &realname.BankCard{Account: card.Account, AreaCode: "0086", Mobile: mobile, VerificationCode: "000000"}
	if code == "000000" {
		wrong.BankCard.VerificationCode = "111111"
	}
	_, err = e.c.RealName.ApplyIndividual(ctx, e.bucket, &wrong, face)
	assert.ErrorIs(t, err, realname.ErrVerificationFailed)
	var se *realname.SubmitError
	require.ErrorAs(t, err, &se)

	p.Files = se.Uploaded
	res, err := e.c.RealName.SubmitIndividual(ctx, p)
	require.NoError(t, err)
	review, err := e.c.RealName.ReviewResult(ctx, cu.ID)
	require.NoError(t, err)
	if res.NeedsReview {
		review, err = e.c.RealName.WaitForReview(ctx, cu.ID, nil)
		require.NoError(t, err)
	}
	assert.Equal(t, realname.ReviewApproved, review.Status)
	cu, err = e.c.Customers.Get(ctx, cu.ID)
	require.NoError(t, err)
	assert.Equal(t, customers.Verified, cu.VerifiedStatus)
	require.NotNil(t, cu.Type)
	assert.Equal(t, customers.Individual, *cu.Type)

	// The code is used up.
	_, ok = e.srv.VerificationCode(mobile)
	assert.False(t, ok)
}

func TestBankCardCodeMustBeForThisCustomerAndPhone(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ctx := t.Context()
	e.srv.SeedRealNameCustomer("cust-0002", "")
	face, err := e.c.RealName.Upload(ctx, e.bucket, realname.File{Role: realname.RoleFacePhoto, Path: "f/face.png",
		Body: bytes.NewReader(pngImage(t, 3))})
	require.NoError(t, err)
	_, err = e.c.Customers.SendVerificationCode(ctx, &customers.SendCodeParams{
		MobilePhone: "13800000124", Scene: customers.SceneBankCard, CustomerID: "cust-0002"})
	require.NoError(t, err)
	code, _ := e.srv.VerificationCode("13800000124")
	submit := func(customer, mobile string) error {
		_, err := e.c.RealName.SubmitIndividual(ctx, &realname.IndividualParams{CustomerID: customer,
			IdentifyType: realname.IdentifyBankCard, Files: face, Name: "Li Si", Number: "1101", XAccountType: testXAccount,
			BankCard: &realname.BankCard{Account: "6222", AreaCode: "0086", Mobile: mobile, VerificationCode: code}})
		return err
	}
	assert.ErrorIs(t, submit(testCustomer, "13800000124"), realname.ErrVerificationFailed, "another customer's code")
	assert.ErrorIs(t, submit("cust-0002", "13800000125"), realname.ErrVerificationFailed, "another phone's code")
	require.NoError(t, submit("cust-0002", "13800000124"))
}

func TestBankCardCodeExpires(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ctx := t.Context()
	_, err := e.c.Customers.SendVerificationCode(ctx, &customers.SendCodeParams{
		MobilePhone: "13800000126", Scene: customers.SceneBankCard, CustomerID: testCustomer, Timeout: 1})
	require.NoError(t, err)
	code, _ := e.srv.VerificationCode("13800000126")
	sent := e.srv.SentCodes()[0]
	// The server's clock passes the code's expiry; the client corrects
	// its signing clock from the gateway.
	e.srv.SetClock(func() time.Time { return sent.Expires.Add(time.Second) })
	face, err := e.c.RealName.Upload(ctx, e.bucket, realname.File{Role: realname.RoleFacePhoto, Path: "g/face.png",
		Body: bytes.NewReader(pngImage(t, 4))})
	require.NoError(t, err)
	_, err = e.c.RealName.SubmitIndividual(ctx, &realname.IndividualParams{CustomerID: testCustomer,
		IdentifyType: realname.IdentifyBankCard, Files: face, Name: "Li Si", Number: "1101", XAccountType: testXAccount,
		BankCard: &realname.BankCard{Account: "6222", AreaCode: "0086", Mobile: "13800000126", VerificationCode: code}})
	assert.ErrorIs(t, err, realname.ErrVerificationCodeExpired)
	assert.True(t, core.HasCode(err, "CBC.99000027"))
}

// Ownership comes from the customers: a customer created through the SDK
// is accepted; a reseller's customer only with the platform's switch.
func TestRealNameOfCreatedAndResellersCustomers(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ctx := t.Context()
	require.NoError(t, e.srv.SeedReseller(hwpartnertest.IndirectPartner{ID: "r1"}))
	created, err := e.c.Customers.Create(ctx, &customers.CreateParams{XAccountID: "u1", XAccountType: testXAccount, ResellerID: "r1"})
	require.NoError(t, err)
	p := passportParams()
	p.CustomerID = created.CustomerID
	_, err = e.c.RealName.ApplyIndividual(ctx, e.bucket, p, passportFiles(t, "created")...)
	assert.ErrorIs(t, err, hwpartner.ErrPermission, "a reseller's customer, by default")
	assert.True(t, core.HasCode(err, "CBC.99000035"))

	e.srv.ConfigureCustomers(hwpartnertest.CustomerRules{ResellersCustomersRealName: true})
	res, err := e.c.RealName.ApplyIndividual(ctx, e.bucket, p, passportFiles(t, "created2")...)
	require.NoError(t, err)
	assert.True(t, res.NeedsReview)
	review, err := e.c.RealName.ReviewResult(ctx, created.CustomerID)
	require.NoError(t, err)
	assert.Equal(t, realname.ReviewPending, review.Status)
	cu, err := e.c.Customers.GetOfReseller(ctx, "r1", created.CustomerID)
	require.NoError(t, err)
	assert.Equal(t, customers.VerifyUnderReview, cu.VerifiedStatus)
}

// bankCode sends a bank-card code for testCustomer to mobile and reads it
// from the fake.
func bankCode(t *testing.T, e *env, mobile string) string {
	t.Helper()
	_, err := e.c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{
		MobilePhone: mobile, Scene: customers.SceneBankCard, CustomerID: testCustomer})
	require.NoError(t, err)
	code, ok := e.srv.VerificationCode(mobile)
	require.True(t, ok)
	return code
}
