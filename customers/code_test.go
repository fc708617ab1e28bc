package customers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func TestSendVerificationCode(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	res, err := c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{MobilePhone: "13800000001"})
	require.NoError(t, err)
	r := last(t, srv)
	assert.Equal(t, opSendCode, string(r.Operation))
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/v2/bases/verificationcode/send", r.Path)
	assert.JSONEq(t, `{"receiver_type":1,"mobile_phone":"13800000001"}`, string(r.Body))
	assert.Equal(t, http.StatusNoContent, res.StatusCode, "204 without a body is success")
	assert.Equal(t, http.StatusNoContent, r.Status)
	code, ok := srv.VerificationCode("13800000001")
	require.True(t, ok)
	assert.Len(t, code, 6)

	// Every field, and the bank-card scene with its customer.
	_, err = c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{MobilePhone: "13800000001",
		Timeout: 30, Lang: customers.LangEnglish, Scene: customers.SceneBankCard, CustomerID: funded})
	require.NoError(t, err)
	assert.JSONEq(t, `{"receiver_type":1,"mobile_phone":"13800000001","timeout":30,"lang":"en-us","scene":18,"customer_id":"c-funded"}`,
		string(last(t, srv).Body))
	codes := srv.SentCodes()
	require.Len(t, codes, 2)
	assert.Equal(t, 18, codes[1].Scene)
	assert.Equal(t, funded, codes[1].CustomerID)
	assert.Equal(t, 30, int(codes[1].Expires.Sub(codes[1].Sent).Minutes()))

	_, err = c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{MobilePhone: "13800000001", Scene: customers.SceneRegistration})
	require.NoError(t, err)
	assert.JSONEq(t, `{"receiver_type":1,"mobile_phone":"13800000001","scene":29}`, string(last(t, srv).Body))
}

func TestSendVerificationCodeTimeoutQuirk(t *testing.T) {
	t.Parallel()
	// Above 60 minutes the API gives the code 5 minutes (sic); the SDK sends
	// what it is told and documents it.
	c, srv := setup(t)
	_, err := c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{MobilePhone: "13800000001", Timeout: 3000})
	require.NoError(t, err)
	sent := srv.SentCodes()[0]
	assert.Equal(t, 5.0, sent.Expires.Sub(sent.Sent).Minutes())
}

func TestSendVerificationCodeLimitIsNotThrottling(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	for range 15 {
		_, err := c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{MobilePhone: "13800000002"})
		require.NoError(t, err)
	}
	_, err := c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{MobilePhone: "13800000002"})
	assert.ErrorIs(t, err, customers.ErrSMSLimit)
	assert.True(t, core.HasCode(err, "CBC.99004015"))
	assert.False(t, hwpartner.IsThrottled(err), "a business limit, not flow control")
	assert.Equal(t, 16, srv.RequestCount(opSendCode), "not retried")
	assert.Len(t, srv.SentCodes(), 15)
	// Another number is not limited.
	_, err = c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{MobilePhone: "13800000003"})
	require.NoError(t, err)
}

func TestSendVerificationCodeScene18NeedsACustomerOfTheCaller(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	seedOther(t, srv)
	for _, id := range []string{theirCustomer, ofReseller, "nobody"} {
		_, err := c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{
			MobilePhone: "13800000001", Scene: customers.SceneBankCard, CustomerID: id})
		assert.True(t, core.HasCode(err, "CBC.99000035"), id)
		assert.ErrorIs(t, err, hwpartner.ErrPermission)
	}
	assert.Empty(t, srv.SentCodes())
	// With the switch, a reseller's customer is the distributor's too.
	srv.ConfigureCustomers(hwpartnertest.CustomerRules{ResellersCustomersRealName: true})
	_, err := c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{
		MobilePhone: "13800000001", Scene: customers.SceneBankCard, CustomerID: ofReseller})
	require.NoError(t, err)
}

func TestSendVerificationCodeValidation(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	cases := []struct {
		p      customers.SendCodeParams
		fields []string
	}{
		{customers.SendCodeParams{}, []string{"mobile_phone"}},
		{customers.SendCodeParams{MobilePhone: "+8613800000001"}, []string{"mobile_phone"}},
		{customers.SendCodeParams{MobilePhone: "23800000001"}, []string{"mobile_phone"}},
		{customers.SendCodeParams{MobilePhone: "1380000000"}, []string{"mobile_phone"}},
		{customers.SendCodeParams{MobilePhone: "13800000001", Email: "a@b.cn"}, []string{"mobile_phone"}},
		{customers.SendCodeParams{MobilePhone: "13800000001", Timeout: 3001}, []string{"timeout"}},
		{customers.SendCodeParams{MobilePhone: "13800000001", Timeout: -1}, []string{"timeout"}},
		{customers.SendCodeParams{MobilePhone: "13800000001", Lang: "fr"}, []string{"lang"}},
		{customers.SendCodeParams{MobilePhone: "13800000001", Lang: strings.Repeat("x", 17)}, []string{"lang", "lang"}},
		{customers.SendCodeParams{MobilePhone: "13800000001", Scene: 7}, []string{"scene"}},
		{customers.SendCodeParams{MobilePhone: "13800000001", Scene: customers.SceneBankCard}, []string{"customer_id"}},
		{customers.SendCodeParams{MobilePhone: "13800000001", Scene: customers.SceneBankCard, CustomerID: strings.Repeat("c", 65)}, []string{"customer_id"}},
		{customers.SendCodeParams{MobilePhone: "13800000001", CustomerID: funded}, []string{"customer_id"}},
		{customers.SendCodeParams{Email: "no-at"}, []string{"email"}},
		{customers.SendCodeParams{Email: "a@b.cn", Scene: customers.SceneBankCard}, []string{"scene"}},
	}
	for _, tc := range cases {
		_, err := c.Customers.SendVerificationCode(t.Context(), &tc.p)
		assert.Equal(t, tc.fields, fields(t, err), tc.p.String())
		assert.NotContains(t, err.Error(), "13800000001")
		assert.False(t, hwpartner.IsOutcomeUnknown(err))
	}
	assert.Zero(t, srv.RequestCount(""))
	// The limits are accepted.
	require.NoError(t, (&customers.SendCodeParams{MobilePhone: "13800000001", Timeout: 1}).Validate())
	require.NoError(t, (&customers.SendCodeParams{MobilePhone: "13800000001", Timeout: 3000, Lang: customers.LangChinese}).Validate())
}

func TestSendVerificationCodeIsNotRetried(t *testing.T) {
	t.Parallel()
	for _, f := range []hwpartnertest.Fault{
		{Status: http.StatusServiceUnavailable, Times: 1},
		{Drop: hwpartnertest.DropAfterProcessing, Times: 1},
	} {
		c, srv := setup(t)
		srv.InjectFault(opSendCode, f)
		_, err := c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{MobilePhone: "13800000001"})
		assert.True(t, hwpartner.IsOutcomeUnknown(err))
		assert.Contains(t, err.Error(), "15 per hour")
		assert.Equal(t, 1, srv.RequestCount(opSendCode))
	}
}

func TestSendVerificationCodeErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status int
		code   string
		class  error
	}{
		{400, "CBC.99004015", customers.ErrSMSLimit},
		{400, "CBC.99000082", customers.ErrSMSLimit},
		{400, "CBC.99004003", customers.ErrCodeNotDelivered},
		{400, "CBC.0100", hwpartner.ErrInvalidRequest},
		{401, "CBC.0154", hwpartner.ErrAuth},
		{403, "CBC.0151", hwpartner.ErrPermission},
		{500, "CBC.0999", hwpartner.ErrOutcomeUnknown},
	} {
		c, srv := setup(t)
		srv.InjectFault(opSendCode, hwpartnertest.Fault{Status: tc.status, Code: tc.code, Message: "refused 13800000001"})
		_, err := c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{MobilePhone: "13800000001"})
		assert.ErrorIs(t, err, tc.class, tc.code)
		assert.True(t, core.HasCode(err, tc.code))
		assert.NotContains(t, err.Error(), "13800000001", "the number is scrubbed from the server's message")
		assert.Equal(t, 1, srv.RequestCount(opSendCode))
	}
}

func TestSendVerificationCodeByEmail(t *testing.T) {
	t.Parallel()
	// The international body, on the international site.
	mt := newMock(t)
	mt.answer(http.MethodPost, "/v2/bases/verificationcode/send", http.StatusNoContent, "")
	c := mockClient(t, mt, hwpartner.SiteInternational)
	res, err := c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{Email: "ana@example.mx", Lang: customers.LangEnglish})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, res.StatusCode)
	assert.JSONEq(t, `{"receiver_type":2,"email":"ana@example.mx","lang":"en-us"}`, mt.last().body)
	for _, p := range []customers.SendCodeParams{
		{MobilePhone: "13800000001"},
		{Email: "ana@example.mx", Scene: customers.SceneRegistration},
		{Email: "ana@example.mx", CustomerID: funded},
	} {
		_, err := c.Customers.SendVerificationCode(t.Context(), &p)
		require.Error(t, err)
		assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	}
	// An email on the China site is refused before sending.
	cn := mockClient(t, mt, hwpartner.SiteChina)
	_, err = cn.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{Email: "ana@example.mx"})
	assert.Equal(t, []string{"mobile_phone", "email"}, fields(t, err))
	assert.Equal(t, 1, mt.calls())

	// The fake on its international rules.
	fc, srv := setup(t)
	srv.ConfigureCustomers(hwpartnertest.CustomerRules{International: true})
	_, err = fc.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{Email: "ana@example.mx"})
	require.NoError(t, err)
	_, ok := srv.VerificationCode("ana@example.mx")
	assert.True(t, ok)
}
