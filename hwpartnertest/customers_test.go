package hwpartnertest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

const (
	subCustomers = "/v2/partners/sub-customers"
	custQuery    = "/v2/partners/sub-customers/query"
	sendCode     = "/v2/bases/verificationcode/send"
	custAdjust   = "/v2/accounts/partner-accounts/adjust-amount"
	changes      = "/v2/accounts/partner-accounts/account-change-records"
)

// doBytes is do without decoding the answer.
func (r *raw) doBytes(method, pathQuery, body string) (*http.Response, []byte) {
	r.t.Helper()
	req, err := http.NewRequestWithContext(r.t.Context(), method, r.srv.URL+pathQuery, strings.NewReader(body))
	require.NoError(r.t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := r.hc.Do(req)
	require.NoError(r.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(r.t, err)
	return resp, b
}

func TestFakeSendCodeAnswers204WithoutBody(t *testing.T) {
	t.Parallel()
	r := newRaw(t)
	resp, body := r.doBytes(http.MethodPost, sendCode, `{"receiver_type":1,"mobile_phone":"13800000001"}`)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Empty(t, body)
	assert.NotEmpty(t, resp.Header.Get("X-Request-Id"))
	code, ok := r.srv.VerificationCode("13800000001")
	require.True(t, ok)
	assert.Regexp(t, `^[0-9]{6}$`, code)
	// A new code replaces the previous one.
	r.doBytes(http.MethodPost, sendCode, `{"receiver_type":1,"mobile_phone":"13800000001"}`)
	again, _ := r.srv.VerificationCode("13800000001")
	assert.NotEqual(t, code, again)

	for body, field := range map[string]string{
		`{"mobile_phone":"13800000001"}`:                                   "receiver_type",
		`{"receiver_type":2,"mobile_phone":"13800000001"}`:                 "receiver_type",
		`{"receiver_type":1,"mobile_phone":"0086-13800000001"}`:            "mobile_phone",
		`{"receiver_type":1,"mobile_phone":"13800000001","timeout":0}`:     "timeout",
		`{"receiver_type":1,"mobile_phone":"13800000001","lang":"fr"}`:     "lang",
		`{"receiver_type":1,"mobile_phone":"13800000001","scene":18}`:      "customer_id",
		`{"receiver_type":1,"mobile_phone":"13800000001","scene":5}`:       "scene",
		`{"receiver_type":1,"mobile_phone":"13800000001","email":"a@b.c"}`: "email",
		`{"receiver_type":1,"mobile_phone":"13800000001","customer":"x"}`:  "body",
	} {
		status, answer := r.do(http.MethodPost, sendCode, body)
		assertBadParam(t, status, answer, field)
	}
	assert.Len(t, r.srv.SentCodes(), 2)
}

func TestFakeCodesPerDay(t *testing.T) {
	t.Parallel()
	r := newRaw(t)
	r.srv.ConfigureCustomers(hwpartnertest.CustomerRules{CodesPerHour: 100, CodesPerDay: 2})
	for range 2 {
		resp, _ := r.doBytes(http.MethodPost, sendCode, `{"receiver_type":1,"mobile_phone":"13800000001"}`)
		require.Equal(t, http.StatusNoContent, resp.StatusCode)
	}
	status, body := r.do(http.MethodPost, sendCode, `{"receiver_type":1,"mobile_phone":"13800000001"}`)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "CBC.99004015", body["error_code"])
}

func TestFakeAssociationTimeoutCarriesTheNewCustomer(t *testing.T) {
	t.Parallel()
	r := newRaw(t)
	r.seed()
	r.srv.ConfigureCustomers(hwpartnertest.CustomerRules{DirectCustomers: true, AssociationDelay: 1})
	status, body := r.do(http.MethodPost, subCustomers,
		`{"xaccount_id":"u1","xaccount_type":"t","domain_name":"shop-one","include_association_result":true}`)
	assert.Equal(t, http.StatusInternalServerError, status)
	assert.Equal(t, "CBC.99000050", body["error_code"])
	assert.Equal(t, "shop-one", body["domain_name"])
	assert.Regexp(t, `^[0-9a-f]{32}$`, body["domain_id"])
	assert.Contains(t, r.srv.CustomerIDs(), body["domain_id"], "the account exists")
}

func TestFakeCreateChecks(t *testing.T) {
	t.Parallel()
	r := newRaw(t)
	r.seed()
	for body, code := range map[string]string{
		`{"xaccount_type":"t","indirect_partner_id":"r1"}`:                                                "CBC.0100",
		`{"xaccount_id":"u","xaccount_type":"t","domain_name":"ab","indirect_partner_id":"r1"}`:           "CBC.99000031",
		`{"xaccount_id":"u","xaccount_type":"t","mobile_phone":"1380","indirect_partner_id":"r1"}`:        "CBC.5017",
		`{"xaccount_id":"u","xaccount_type":"t","password":"aaaaaaaa","indirect_partner_id":"r1"}`:        "CBC.99000036",
		`{"xaccount_id":"u","xaccount_type":"t","password":"","indirect_partner_id":"r1"}`:                "CBC.99000036",
		`{"xaccount_id":"u","xaccount_type":"t","verification_code":"","indirect_partner_id":"r1"}`:       "CBC.0100",
		`{"xaccount_id":"u","xaccount_type":"t","mobile_phone":"13800000001","indirect_partner_id":"r1"}`: "CBC.0100",
		`{"xaccount_id":"u","xaccount_type":"t","is_close_market_ms":"yes","indirect_partner_id":"r1"}`:   "CBC.0100",
		`{"xaccount_id":"u","xaccount_type":"t","email":"a@b.cn","indirect_partner_id":"r1"}`:             "CBC.0100",
		`{"xaccount_id":"u","xaccount_type":"t","indirect_partner_id":"r-unknown"}`:                       "CBC.99000037",
		`{"xaccount_id":"u","xaccount_type":"t"}`:                                                         "CBC.50010059",
	} {
		status, answer := r.do(http.MethodPost, subCustomers, body)
		assert.Equal(t, http.StatusBadRequest, status, body)
		assert.Equal(t, code, answer["error_code"], body)
	}
	assert.Empty(t, r.srv.CustomerIDs(), "a refusal leaves no account behind")
}

func TestFakeListSubCustomersRefusesBadFilters(t *testing.T) {
	t.Parallel()
	r := newRaw(t)
	for body, field := range map[string]string{
		`{"associated_on_begin":""}`:                         "associated_on_begin",
		`{"associated_on_end":"2024-01-01"}`:                 "associated_on_end",
		`{"label":"a b"}`:                                    "label",
		`{"customer":"Zhao Lei"}`:                            "customer",
		`{"account_name":"` + strings.Repeat("a", 65) + `"}`: "account_name",
		`{"association_type":"3"}`:                           "association_type",
		`{"limit":0}`:                                        "limit",
		`{"limit":101}`:                                      "limit",
		`{"offset":40000001}`:                                "offset",
		`{"xaccount_id":"u"}`:                                "body",
	} {
		status, answer := r.do(http.MethodPost, custQuery, body)
		assertBadParam(t, status, answer, field)
		assert.NotContains(t, answer["error_msg"], "Zhao", "the fake does not echo personal data either")
	}
	// An unknown customer is an empty answer, with its count.
	status, answer := r.do(http.MethodPost, custQuery, `{"customer_id":"nobody"}`)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, json.Number("0"), answer["count"])
	assert.Equal(t, []any{}, answer["customer_infos"])
}

func TestFakeRecordsOfAResellersCustomers(t *testing.T) {
	t.Parallel()
	r := newRaw(t)
	r.seed()
	_, err := r.srv.SeedCustomer(hwpartnertest.Customer{ID: "c1", Owner: "r1"})
	require.NoError(t, err)
	status, body := r.do(http.MethodPost, custAdjust, `{"customer_id":"c1","amount":"4.00","indirect_partner_id":"r1"}`)
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "6.00"), r.srv.Balance("r1"))

	count := func(q string) json.Number {
		status, body := r.do(http.MethodGet, records+q, "")
		require.Equal(t, http.StatusOK, status, body)
		return body["total_count"].(json.Number)
	}
	assert.Equal(t, json.Number("0"), count(""), "the distributor's own records")
	assert.Equal(t, json.Number("1"), count("?indirect_partner_id=r1"), "the reseller's records")
	assert.Equal(t, json.Number("0"), count("?indirect_partner_id=r-unknown"), "not the caller's reseller: empty, not an error")

	// The reseller's ledger shows the debit.
	status, body = r.do(http.MethodGet, changes+"?balance_type=BALANCE_TYPE_DEBIT&indirect_partner_id=r1", "")
	require.Equal(t, http.StatusOK, status, body)
	recs := body["records"].([]any)
	require.Len(t, recs, 1)
	rec := recs[0].(map[string]any)
	assert.Equal(t, "2", rec["type"])
	assert.Equal(t, "4.00", rec["change_amount"])
	assert.Equal(t, "6.00", rec["balance_after_change"])
	assert.Equal(t, "c1", rec["customer_id"])
	assert.Equal(t, "CNY", body["currency"])
}

func TestFakeAccountChangesValidation(t *testing.T) {
	t.Parallel()
	r := newRaw(t)
	for pq, field := range map[string]string{
		changes:                        "balance_type",
		changes + "?balance_type=CASH": "balance_type",
		changes + "?balance_type=BALANCE_TYPE_DEBIT&trade_type=X":                          "trade_type",
		changes + "?balance_type=BALANCE_TYPE_DEBIT&trade_time_begin=2024-05-01T00:00:00Z": "trade_time_begin",
		changes + "?balance_type=BALANCE_TYPE_DEBIT&limit=101":                             "limit",
		changes + "?balance_type=BALANCE_TYPE_DEBIT&customer_id=c":                         "customer_id",
	} {
		status, answer := r.do(http.MethodGet, pq, "")
		assertBadParam(t, status, answer, field)
	}
}

func TestFakeBalancesShowTheDesignatedAmount(t *testing.T) {
	t.Parallel()
	r := newRaw(t)
	r.seed()
	require.NoError(t, r.srv.SetDesignatedAmount(r.srv.DomainID(), hwpartnertest.MustParseAmount(t, "40.00")))
	_, body := r.do(http.MethodGet, balances, "")
	acct := body["account_balances"].([]any)[0].(map[string]any)
	assert.Equal(t, json.Number("40.00"), acct["designated_amount"])
	assert.Error(t, r.srv.SetDesignatedAmount("x", hwpartnertest.MustParseAmount(t, "-1")))
}

func TestSeedCustomerRefusesMisuse(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	id, err := srv.SeedCustomer(hwpartnertest.Customer{})
	require.NoError(t, err)
	assert.Regexp(t, `^[0-9a-f]{32}$`, id)
	_, err = srv.SeedCustomer(hwpartnertest.Customer{ID: id})
	assert.Error(t, err, "duplicate id")
	_, err = srv.SeedCustomer(hwpartnertest.Customer{AccountName: "CUST-" + id})
	assert.Error(t, err, "login names compare without case")
	_, err = srv.SeedCustomer(hwpartnertest.Customer{AssociationType: "4"})
	assert.Error(t, err)
	_, err = srv.SeedCustomer(hwpartnertest.Customer{FreezeType: "ALL"})
	assert.Error(t, err)
	_, err = srv.SeedCustomer(hwpartnertest.Customer{Balance: hwpartnertest.MustParseAmount(t, "-0.01")})
	assert.Error(t, err)
	_, err = srv.SeedCustomer(hwpartnertest.Customer{Debt: hwpartnertest.MustParseAmount(t, "-1")})
	assert.Error(t, err)
	assert.Equal(t, []string{id}, srv.CustomerIDs())
}

func TestSeedDemoHasCustomersOfEachKind(t *testing.T) {
	t.Parallel()
	r := newRaw(t)
	r.srv.SeedDemo()
	r.srv.SeedDemo()
	kinds := map[any]int{}
	for _, q := range []string{`{}`, `{"indirect_partner_id":"` + hwpartnertest.DemoReseller1 + `"}`,
		`{"indirect_partner_id":"` + hwpartnertest.DemoReseller2 + `"}`} {
		status, body := r.do(http.MethodPost, custQuery, q)
		require.Equal(t, http.StatusOK, status)
		for _, c := range body["customer_infos"].([]any) {
			kinds[c.(map[string]any)["association_type"]]++
		}
	}
	assert.Equal(t, map[any]int{"1": 2, "2": 5, "3": 1}, kinds)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "300.00"), r.srv.CustomerBalance(hwpartnertest.DemoResellerCustomerID))
	assert.Equal(t, "ACCOUNT", r.srv.CustomerFrozen(hwpartnertest.DemoResaleCustomerID))
}
