package customers_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// createWithMobile sends a registration code to mobile and creates a
// customer of the caller with it.
func createWithMobile(t *testing.T, c *hwpartner.Client, srv *hwpartnertest.Server, xaccount, mobile string) *customers.CreateResult {
	t.Helper()
	_, err := c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{MobilePhone: mobile})
	require.NoError(t, err)
	code, ok := srv.VerificationCode(mobile)
	require.True(t, ok)
	res, err := c.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: xaccount, XAccountType: "shop",
		MobilePhone: hwpartner.Ptr(mobile), VerificationCode: code})
	require.NoError(t, err)
	return res
}

func TestCreateWire(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	_, err := c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{MobilePhone: "13800000042"})
	require.NoError(t, err)
	code, _ := srv.VerificationCode("13800000042")
	res, err := c.Customers.Create(t.Context(), &customers.CreateParams{
		XAccountID: "platform-user-42", XAccountType: "shop", AccountName: "new_shop-42",
		MobilePhone: hwpartner.Ptr("13800000042"), VerificationCode: code, Password: "S3cret!pass",
		NoMarketing: true, ResellerID: resellerID, WaitForAssociation: true,
	})
	require.NoError(t, err)
	r := last(t, srv)
	assert.Equal(t, opCreate, string(r.Operation))
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/v2/partners/sub-customers", r.Path)
	assert.JSONEq(t, `{"xaccount_id":"platform-user-42","xaccount_type":"shop","domain_name":"new_shop-42",
		"mobile_phone":"13800000042","verification_code":"`+code+`","password":"S3cret!pass","is_close_market_ms":"true",
		"indirect_partner_id":"r-acme","include_association_result":true}`, string(r.Body))
	assert.Len(t, res.CustomerID, 32)
	assert.Equal(t, "new_shop-42", res.AccountName)
	assert.NotEmpty(t, res.RequestID)

	// It is the reseller's customer now, and realname and funds take its id.
	cu, err := c.Customers.GetOfReseller(t.Context(), resellerID, res.CustomerID)
	require.NoError(t, err)
	assert.Equal(t, "platform-user-42", cu.XAccountID)
	assert.Equal(t, customers.AssociationFunded, cu.AssociationType)
	assert.Equal(t, "13800000042", cu.Telephone)
	_, ok := srv.VerificationCode("13800000042")
	assert.False(t, ok, "the code was used up")
}

func TestCreateMinimalGeneratesTheName(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	srv.ConfigureCustomers(hwpartnertest.CustomerRules{DirectCustomers: true})
	res, err := c.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u-9", XAccountType: "shop"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"xaccount_id":"u-9","xaccount_type":"shop"}`, string(last(t, srv).Body))
	assert.Len(t, res.AccountName, 32)
	cu, err := c.Customers.Get(t.Context(), res.CustomerID)
	require.NoError(t, err)
	assert.Equal(t, res.AccountName, cu.AccountName)
	// An empty mobile number is sent: the API sets it empty.
	_, err = c.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u-10", XAccountType: "shop", MobilePhone: hwpartner.Ptr("")})
	require.NoError(t, err)
	assert.JSONEq(t, `{"xaccount_id":"u-10","xaccount_type":"shop","mobile_phone":""}`, string(last(t, srv).Body))
}

func TestCreateRefusals(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	before := len(srv.CustomerIDs())
	// A distributor has no customers of its own by default.
	_, err := c.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u-1", XAccountType: "shop"})
	assert.ErrorIs(t, err, customers.ErrAssociationNotAllowed)
	assert.True(t, core.HasCode(err, "CBC.50010059"))

	_, err = c.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u-2", XAccountType: "shop", AccountName: "zhao-studio", ResellerID: resellerID})
	assert.ErrorIs(t, err, customers.ErrLoginNameTaken)
	var ce *customers.Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "CBC.99000038", ce.API.Code)

	_, err = c.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u-3", XAccountType: "shop", ResellerID: "r-unknown"})
	assert.ErrorIs(t, err, hwpartner.ErrPermission)

	_, err = c.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u-4", XAccountType: "shop",
		MobilePhone: hwpartner.Ptr("13800000044"), VerificationCode: "000000", ResellerID: resellerID})
	assert.ErrorIs(t, err, customers.ErrVerificationCodeWrong)
	assert.Equal(t, before, len(srv.CustomerIDs()), "a refusal leaves no account behind")

	_, err = c.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u-5", XAccountType: "shop", ResellerID: resellerID})
	require.NoError(t, err)
	_, err = c.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u-5", XAccountType: "shop", ResellerID: resellerID})
	assert.ErrorIs(t, err, customers.ErrXAccountIDTaken)
	assert.Equal(t, before+1, len(srv.CustomerIDs()))
}

func TestCreateVerificationCodeRules(t *testing.T) {
	t.Parallel()
	clock := newClock()
	c, srv := setup(t)
	srv.SetClock(clock.Now)
	srv.ConfigureCustomers(hwpartnertest.CustomerRules{DirectCustomers: true})
	send := func(timeout int) string {
		_, err := c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{MobilePhone: "13800000050", Timeout: timeout})
		require.NoError(t, err)
		code, ok := srv.VerificationCode("13800000050")
		require.True(t, ok)
		return code
	}
	create := func(code string) error {
		_, err := c.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u-50", XAccountType: "shop",
			MobilePhone: hwpartner.Ptr("13800000050"), VerificationCode: code})
		return err
	}
	code := send(1)
	clock.Advance(2 * time.Minute)
	assert.ErrorIs(t, create(code), customers.ErrVerificationCodeExpired)

	code = send(0)
	wrong := "999999"
	if code == wrong {
		wrong = "888888"
	}
	for range 3 {
		assert.ErrorIs(t, create(wrong), customers.ErrVerificationCodeWrong)
	}
	assert.ErrorIs(t, create(wrong), customers.ErrVerificationCodeLocked, "the fourth wrong code")
	assert.ErrorIs(t, create(code), customers.ErrVerificationCodeWrong, "the code is gone")
	require.NoError(t, create(send(0)))
}

func TestCreateValidation(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	ok := customers.CreateParams{XAccountID: "u", XAccountType: "t"}
	with := func(f func(p *customers.CreateParams)) customers.CreateParams {
		p := ok
		f(&p)
		return p
	}
	cases := []struct {
		p      customers.CreateParams
		fields []string
	}{
		{customers.CreateParams{}, []string{"xaccount_id", "xaccount_type"}},
		{with(func(p *customers.CreateParams) {
			p.XAccountID, p.XAccountType = strings.Repeat("u", 129), strings.Repeat("t", 65)
		}), []string{"xaccount_id", "xaccount_type"}},
		{with(func(p *customers.CreateParams) { p.AccountName = "abcd" }), []string{"domain_name"}},
		{with(func(p *customers.CreateParams) { p.AccountName = strings.Repeat("a", 33) }), []string{"domain_name"}},
		{with(func(p *customers.CreateParams) { p.AccountName = "9abcde" }), []string{"domain_name"}},
		{with(func(p *customers.CreateParams) { p.AccountName = "op_abcde" }), []string{"domain_name"}},
		{with(func(p *customers.CreateParams) { p.AccountName = "shadow_x" }), []string{"domain_name"}},
		{with(func(p *customers.CreateParams) { p.AccountName = "has space" }), []string{"domain_name"}},
		{with(func(p *customers.CreateParams) { p.MobilePhone = hwpartner.Ptr("0086-13800000001") }), []string{"mobile_phone", "verification_code"}},
		{with(func(p *customers.CreateParams) { p.MobilePhone = hwpartner.Ptr("13800000001") }), []string{"verification_code"}},
		{with(func(p *customers.CreateParams) {
			p.MobilePhone, p.VerificationCode = hwpartner.Ptr("13800000001"), "12345"
		}), []string{"verification_code"}},
		{with(func(p *customers.CreateParams) { p.VerificationCode = "123456" }), []string{"verification_code"}},
		{with(func(p *customers.CreateParams) { p.Password = "short1A" }), []string{"password"}},
		{with(func(p *customers.CreateParams) { p.Password = strings.Repeat("aB", 17) }), []string{"password"}},
		{with(func(p *customers.CreateParams) { p.Password = "alllowercase" }), []string{"password"}},
		{with(func(p *customers.CreateParams) { p.AccountName, p.Password = "Name_1234", "4321_emaN" }), []string{"password"}},
		{with(func(p *customers.CreateParams) { p.AccountName, p.Password = "Name_1234", "Name_1234" }), []string{"password"}},
		{with(func(p *customers.CreateParams) {
			p.MobilePhone, p.VerificationCode, p.Password = hwpartner.Ptr("13800000001"), "123456", "x13800000001"
		}), []string{"password"}},
		{with(func(p *customers.CreateParams) { p.ResellerID = strings.Repeat("r", 65) }), []string{"indirect_partner_id"}},
		{with(func(p *customers.CreateParams) { p.DomainArea = "mx" }), []string{"domain_area"}},
		{with(func(p *customers.CreateParams) {
			p.MobilePhone, p.Email, p.VerificationCode = hwpartner.Ptr("13800000001"), "a@b.cn", "123456"
		}), []string{"email"}},
		{with(func(p *customers.CreateParams) { p.Email, p.VerificationCode = "no-at", "123456" }), []string{"email"}},
	}
	for _, tc := range cases {
		_, err := c.Customers.Create(t.Context(), &tc.p)
		assert.Equal(t, tc.fields, fields(t, err), tc.p.String())
		for _, secret := range []string{"13800000001", "4321_emaN", "alllowercase"} {
			assert.NotContains(t, err.Error(), secret)
		}
		assert.False(t, hwpartner.IsOutcomeUnknown(err))
	}
	_, err := c.Customers.Create(t.Context(), nil)
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	assert.Zero(t, srv.RequestCount(""))

	// The limits are accepted.
	require.NoError(t, (&customers.CreateParams{XAccountID: strings.Repeat("u", 128), XAccountType: strings.Repeat("t", 64),
		AccountName: "_" + strings.Repeat("a", 31), Password: "12345678a"}).Validate())
	require.NoError(t, (&customers.CreateParams{XAccountID: "u", XAccountType: "t", AccountName: "-abcd",
		Password: strings.Repeat("Ab", 16)}).Validate())
}

func TestCreateBySite(t *testing.T) {
	t.Parallel()
	mt := newMock(t)
	mt.answer(http.MethodPost, "/v2/partners/sub-customers", 200, `{"domain_id":"d1","domain_name":"n1"}`)
	intl := mockClient(t, mt, hwpartner.SiteInternational)
	res, err := intl.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u", XAccountType: "t",
		Email: "ana@example.mx", VerificationCode: "123456", DomainArea: "MX"})
	require.NoError(t, err)
	assert.Equal(t, "d1", res.CustomerID)
	assert.JSONEq(t, `{"xaccount_id":"u","xaccount_type":"t","email":"ana@example.mx","verification_code":"123456","domain_area":"MX"}`,
		mt.last().body)
	_, err = intl.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u", XAccountType: "t",
		MobilePhone: hwpartner.Ptr("13800000001"), VerificationCode: "123456"})
	assert.Equal(t, []string{"mobile_phone", "domain_area"}, fields(t, err))
	assert.Contains(t, err.Error(), "international")

	eu := mockClient(t, mt, hwpartner.SiteEU)
	_, err = eu.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u", XAccountType: "t"})
	assert.Equal(t, []string{"domain_area"}, fields(t, err))

	cn := mockClient(t, mt, hwpartner.SiteChina)
	_, err = cn.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u", XAccountType: "t",
		Email: "ana@example.mx", VerificationCode: "123456", DomainArea: "MX"})
	assert.Equal(t, []string{"email", "domain_area"}, fields(t, err))
	assert.Equal(t, 1, mt.calls())

	// The fake's international rules: email code, resale, frozen.
	c, srv := setup(t)
	srv.ConfigureCustomers(hwpartnertest.CustomerRules{International: true})
	_, err = c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{Email: "ana@example.mx"})
	require.NoError(t, err)
	code, _ := srv.VerificationCode("ana@example.mx")
	res, err = c.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u", XAccountType: "t",
		Email: "ana@example.mx", VerificationCode: code, DomainArea: "MX", ResellerID: resellerID})
	require.NoError(t, err)
	cu, err := c.Customers.GetOfReseller(t.Context(), resellerID, res.CustomerID)
	require.NoError(t, err)
	assert.Equal(t, customers.AssociationResale, cu.AssociationType)
	assert.Equal(t, customers.AccountFrozen, cu.Frozen)
}

func TestCreateDroppedAnswerIsUnknownAndFound(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	p := &customers.CreateParams{XAccountID: "platform-7", XAccountType: "shop", AccountName: "shop-seven", ResellerID: resellerID}
	srv.InjectFault(opCreate, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})
	_, err := c.Customers.Create(t.Context(), p)
	assert.ErrorIs(t, err, hwpartner.ErrOutcomeUnknown)
	assert.Contains(t, err.Error(), "FindCreated")
	var unknown *customers.CreateUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, customers.FindParams{XAccountID: "platform-7", AccountName: "shop-seven", ResellerID: resellerID}, unknown.Lookup)
	assert.Equal(t, 1, srv.RequestCount(opCreate), "never resent")

	found, err := c.Customers.FindCreated(t.Context(), &unknown.Lookup)
	require.NoError(t, err)
	assert.Equal(t, "shop-seven", found.AccountName)
	assert.JSONEq(t, `{"account_name":"shop-seven","indirect_partner_id":"r-acme","limit":100}`, string(last(t, srv).Body))

	// A resend of the same platform user id is refused: it arrived.
	_, err = c.Customers.Create(t.Context(), p)
	assert.ErrorIs(t, err, customers.ErrXAccountIDTaken)
}

func TestCreateIsNotRetried(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	p := &customers.CreateParams{XAccountID: "platform-8", XAccountType: "shop", ResellerID: resellerID}
	srv.InjectFault(opCreate, hwpartnertest.Fault{Status: http.StatusServiceUnavailable, Times: 1})
	_, err := c.Customers.Create(t.Context(), p)
	assert.True(t, hwpartner.IsOutcomeUnknown(err))
	assert.Equal(t, 1, srv.RequestCount(opCreate))
	// Without a login name FindCreated reads every customer.
	_, err = c.Customers.FindCreated(t.Context(), &customers.FindParams{XAccountID: "platform-8", ResellerID: resellerID})
	var nf *customers.NotFoundError
	require.ErrorAs(t, err, &nf)
	assert.Equal(t, "platform-8", nf.XAccountID)
	assert.Contains(t, err.Error(), "platform-8")
	assert.JSONEq(t, `{"indirect_partner_id":"r-acme","limit":100}`, string(last(t, srv).Body))
	_, err = c.Customers.FindCreated(t.Context(), &customers.FindParams{})
	assert.Equal(t, []string{"xaccount_id"}, fields(t, err))
}

func TestCreateAnswerWithoutIDIsUnknown(t *testing.T) {
	t.Parallel()
	mt := newMock(t)
	mt.answer(http.MethodPost, "/v2/partners/sub-customers", 200, `{"domain_id":""}`)
	c := mockClient(t, mt, hwpartner.SiteChina)
	_, err := c.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u", XAccountType: "t"})
	assert.True(t, hwpartner.IsOutcomeUnknown(err))
	var unknown *customers.CreateUnknownError
	assert.ErrorAs(t, err, &unknown)
	assert.Equal(t, 1, mt.calls())
}

func TestCreateAssociationPending(t *testing.T) {
	t.Parallel()
	clock := newClock()
	c, srv := setup(t)
	srv.SetClock(clock.Now)
	srv.ConfigureCustomers(hwpartnertest.CustomerRules{AssociationDelay: time.Minute, AssociationWait: 10 * time.Second})
	_, err := c.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "slow", XAccountType: "shop",
		AccountName: "slow-shop", ResellerID: resellerID, WaitForAssociation: true})
	assert.ErrorIs(t, err, customers.ErrAssociationPending)
	assert.False(t, hwpartner.IsOutcomeUnknown(err), "the account exists: the outcome is known")
	var pending *customers.AssociationPendingError
	require.ErrorAs(t, err, &pending)
	assert.Len(t, pending.CustomerID, 32)
	assert.Equal(t, "slow-shop", pending.AccountName)
	assert.Contains(t, err.Error(), "WaitForAssociation")
	var apiErr *hwpartner.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusInternalServerError, apiErr.StatusCode)
	assert.Equal(t, 1, srv.RequestCount(opCreate))

	// Not listed until the association completes.
	_, err = c.Customers.GetOfReseller(t.Context(), resellerID, pending.CustomerID)
	assert.ErrorIs(t, err, hwpartner.ErrNotFound)
	polls := 0
	waiter := customers.NewService(pollHook{c: c, each: func() {
		polls++
		if polls == 3 {
			clock.Advance(time.Minute)
		}
	}})
	cu, err := waiter.WaitForAssociation(t.Context(), resellerID, pending.CustomerID, &customers.WaitOptions{Interval: time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, "slow", cu.XAccountID)
	assert.Equal(t, 3, polls)
}

func TestWaitForAssociation(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	ctx, cancel := contextWithCancel(t)
	cancel()
	_, err := c.Customers.WaitForAssociation(ctx, "", "never", &customers.WaitOptions{Interval: time.Millisecond})
	assert.Error(t, err)
	_, err = c.Customers.WaitForAssociation(t.Context(), "", "", &customers.WaitOptions{Interval: -1, MaxInterval: -1})
	assert.Equal(t, []string{"interval", "max_interval", "customer_id"}, fields(t, err))
	// A failure other than not-found ends the wait.
	srv.InjectFault(opList, hwpartnertest.Fault{Status: 403, Code: "CBC.0151"})
	_, err = c.Customers.WaitForAssociation(t.Context(), "", funded, nil)
	assert.ErrorIs(t, err, hwpartner.ErrPermission)
	srv.ClearFaults()
	cu, err := c.Customers.WaitForAssociation(t.Context(), "", funded, nil)
	require.NoError(t, err)
	assert.Equal(t, funded, cu.ID)
}

func TestCreateDocumentedErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status int
		code   string
		kind   error
	}{
		{400, "CBC.0100", hwpartner.ErrInvalidRequest},
		{400, "CBC.0101", hwpartner.ErrInvalidRequest},
		{400, "CBC.50010059", customers.ErrAssociationNotAllowed},
		{400, "CBC.50010065", customers.ErrAssociationNotAllowed},
		{400, "CBC.50010085", customers.ErrAssociationNotAllowed},
		{400, "CBC.50010086", customers.ErrAssociationNotAllowed},
		{400, "CBC.99000038", customers.ErrLoginNameTaken},
		{400, "CBC.99000029", customers.ErrMobileUnavailable},
		{400, "CBC.99000031", customers.ErrFormatRefused},
		{400, "CBC.5017", customers.ErrFormatRefused},
		{400, "CBC.99000039", customers.ErrXAccountIDTaken},
		{400, "CBC.99000004", hwpartner.ErrInvalidRequest},
		{400, "CBC.99000030", customers.ErrMobileUnavailable},
		{400, "CBC.99000036", customers.ErrFormatRefused},
		{400, "CBC.99000037", hwpartner.ErrPermission},
		{500, "CBC.99000050", customers.ErrAssociationPending},
		{400, "CBC.99000051", customers.ErrReported},
		{400, "CBC.99004008", customers.ErrVerificationCodeExpired},
		{400, "CBC.99004009", customers.ErrVerificationCodeLocked},
		{400, "CBC.99004010", customers.ErrVerificationCodeWrong},
		{400, "CBC.99005035", hwpartner.ErrPermission},
		{401, "CBC.0154", hwpartner.ErrAuth},
		{403, "CBC.0151", hwpartner.ErrPermission},
		{500, "CBC.0999", hwpartner.ErrOutcomeUnknown},
	}
	for _, tc := range cases {
		c, srv := setup(t)
		srv.InjectFault(opCreate, hwpartnertest.Fault{Status: tc.status, Code: tc.code, Message: "refused for S3cret!pass", Times: 1})
		_, err := c.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u", XAccountType: "t", Password: "S3cret!pass"})
		assert.ErrorIs(t, err, tc.kind, tc.code)
		assert.True(t, core.HasCode(err, tc.code), tc.code)
		assert.NotContains(t, err.Error(), "S3cret!pass")
		assert.Equal(t, 1, srv.RequestCount(opCreate), tc.code)
	}
}
