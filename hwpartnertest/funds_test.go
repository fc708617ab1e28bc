package hwpartnertest_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/auth"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// raw sends signed requests without the SDK, to test the fake's wire
// behaviour on its own.
type raw struct {
	t   *testing.T
	srv *hwpartnertest.Server
	hc  *http.Client
}

func newRaw(t *testing.T) *raw {
	t.Helper()
	srv := hwpartnertest.NewServer(t)
	creds, err := auth.NewAKSK(srv.AccessKey(), srv.SecretKey())
	require.NoError(t, err)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &raw{t: t, srv: srv, hc: &http.Client{Transport: &auth.Transport{Credentials: creds, Base: tr}}}
}

// do sends method path?query with body and returns the status and the
// decoded JSON answer.
func (r *raw) do(method, pathQuery, body string) (int, map[string]any) {
	r.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(r.t.Context(), method, r.srv.URL+pathQuery, rd)
	require.NoError(r.t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := r.hc.Do(req)
	require.NoError(r.t, err)
	defer resp.Body.Close()
	var out map[string]any
	d := json.NewDecoder(resp.Body)
	d.UseNumber()
	require.NoError(r.t, d.Decode(&out))
	return resp.StatusCode, out
}

const (
	adjust   = "/v2/accounts/partner-accounts/indirect-partner-adjust"
	reclaim  = "/v2/accounts/partner-accounts/indirect-partner-reclaim"
	balances = "/v2/accounts/partner-accounts/balances"
	records  = "/v3/accounts/partner-accounts/adjust-records"
	query    = "/v2/partners/indirect-partners/query"
)

func (r *raw) seed() {
	r.t.Helper()
	require.NoError(r.t, r.srv.SeedReseller(hwpartnertest.IndirectPartner{ID: "r1", Name: "Acme", Balance: hwpartnertest.MustParseAmount(r.t, "10.00")}))
	require.NoError(r.t, r.srv.SetBalance(r.srv.DomainID(), hwpartnertest.MustParseAmount(r.t, "100.00")))
}

func assertBadParam(t *testing.T, status int, body map[string]any, field string) {
	t.Helper()
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "CBC.0100", body["error_code"])
	assert.Contains(t, body["error_msg"], field)
}

func TestFakeAcceptsAmountsAsStringsAndNumbers(t *testing.T) {
	t.Parallel()
	r := newRaw(t)
	r.seed()
	status, body := r.do(http.MethodPost, adjust, `{"indirect_partner_id":"r1","amount":12.5}`)
	require.Equal(t, http.StatusOK, status, body)
	assert.NotEmpty(t, body["transfer_id"])
	status, body = r.do(http.MethodPost, reclaim, `{"indirect_partner_id":"r1","amount":"2.50"}`)
	require.Equal(t, http.StatusOK, status, body)
	assert.NotEmpty(t, body["trans_id"])
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "20.00"), r.srv.Balance("r1"))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "90.00"), r.srv.Balance(r.srv.DomainID()))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "110.00"), r.srv.TotalBalance())
}

func TestFakeRefusesBadMoves(t *testing.T) {
	t.Parallel()
	r := newRaw(t)
	r.seed()
	for body, field := range map[string]string{
		`{"indirect_partner_id":"r1","amount":"1.001"}`:                          "amount",
		`{"indirect_partner_id":"r1","amount":0}`:                                "amount",
		`{"indirect_partner_id":"r1","amount":"-1"}`:                             "amount",
		`{"indirect_partner_id":"r1","amount":"1e2"}`:                            "amount",
		`{"indirect_partner_id":"r1","amount":1.001}`:                            "amount",
		`{"indirect_partner_id":"r1","amount":1.100}`:                            "amount",
		`{"indirect_partner_id":"r1","amount":-1}`:                               "amount",
		`{"indirect_partner_id":"r1","amount":"0.00"}`:                           "amount",
		`{"indirect_partner_id":"r1","amount":null}`:                             "amount",
		`{"indirect_partner_id":"r1"}`:                                           "amount",
		`{"amount":"1.00"}`:                                                      "indirect_partner_id",
		`{"indirect_partner_id":"` + strings.Repeat("r", 65) + `","amount":"1"}`: "indirect_partner_id",
		`{"indirect_partner_id":"r1","amount":"1","memo":"x"}`:                   "body",
		`not json`: "body",
	} {
		for _, path := range []string{adjust, reclaim} {
			status, answer := r.do(http.MethodPost, path, body)
			assertBadParam(t, status, answer, field)
		}
	}
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "10.00"), r.srv.Balance("r1"))
	assert.Empty(t, r.srv.AdjustRecords())
}

func TestFakeQueryValidation(t *testing.T) {
	t.Parallel()
	r := newRaw(t)
	for pq, field := range map[string]string{
		records + "?operation_time_begin=2025-01-01":                 "operation_time_begin",
		records + "?operation_time_end=2025-01-01T00:00:00%2B08:00":  "operation_time_end",
		records + "?operation_type=OTHER":                            "operation_type",
		records + "?limit=0":                                         "limit",
		records + "?limit=101":                                       "limit",
		records + "?offset=-1":                                       "offset",
		records + "?offset=x":                                        "offset",
		records + "?page=2":                                          "page",
		records + "?trans_id=a&trans_id=b":                           "trans_id",
		records + "?trans_id=" + strings.Repeat("t", 129):            "trans_id",
		balances + "?customer_id=c":                                  "customer_id",
		balances + "?indirect_partner_id=" + strings.Repeat("r", 65): "indirect_partner_id",
	} {
		status, answer := r.do(http.MethodGet, pq, "")
		assertBadParam(t, status, answer, field)
	}
	for body, field := range map[string]string{
		`{"limit":0}`:                                        "limit",
		`{"offset":40000001}`:                                "offset",
		`{"associated_on_begin":"yesterday"}`:                "associated_on_begin",
		`{"account_name":"` + strings.Repeat("a", 65) + `"}`: "account_name",
		`{"page":1}`:                                         "body",
	} {
		status, answer := r.do(http.MethodPost, query, body)
		assertBadParam(t, status, answer, field)
	}
}

func TestFakeCountsAndPages(t *testing.T) {
	t.Parallel()
	r := newRaw(t)
	for _, id := range []string{"a", "b", "c"} {
		require.NoError(t, r.srv.SeedReseller(hwpartnertest.IndirectPartner{ID: id}))
	}
	status, body := r.do(http.MethodPost, query, `{"offset":1,"limit":1}`)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, json.Number("3"), body["count"])
	require.Len(t, body["indirect_partners"], 1)
	assert.Equal(t, "b", body["indirect_partners"].([]any)[0].(map[string]any)["indirect_partner_id"])

	status, body = r.do(http.MethodPost, query, `{"offset":5}`)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, json.Number("3"), body["count"])
	assert.Equal(t, []any{}, body["indirect_partners"])

	status, body = r.do(http.MethodGet, records, "")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, json.Number("0"), body["total_count"])
	assert.Equal(t, []any{}, body["records"])
}

func TestFakeBalancesAreJSONNumbers(t *testing.T) {
	t.Parallel()
	r := newRaw(t)
	r.seed()
	status, body := r.do(http.MethodGet, balances+"?indirect_partner_id=r1", "")
	require.Equal(t, http.StatusOK, status)
	acct := body["account_balances"].([]any)[0].(map[string]any)
	assert.Equal(t, json.Number("10.00"), acct["amount"])
	assert.Equal(t, json.Number("1"), acct["account_type"])
	assert.Equal(t, "CNY", acct["currency"])
	status, body = r.do(http.MethodGet, balances+"?indirect_partner_id=nobody", "")
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "CBC.99000037", body["error_code"])
}

func TestSeedReseller(t *testing.T) {
	t.Parallel()
	clock := time.Date(2025, 1, 2, 3, 4, 5, 600, time.UTC)
	srv := hwpartnertest.NewServer(t, hwpartnertest.WithClock(func() time.Time { return clock }))
	require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: "r1", Balance: hwpartnertest.MustParseAmount(t, "1.5")}))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "1.50"), srv.Balance("r1"))
	assert.Error(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: "r1"}), "duplicate")
	assert.Error(t, srv.SeedReseller(hwpartnertest.IndirectPartner{}), "no id")
	assert.Error(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: "r3", Balance: hwpartnertest.MustParseAmount(t, "-1")}))
	assert.Equal(t, hwpartnertest.Amount{}, srv.Balance("r3"))
}

func TestSetBalanceAndTotal(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "0.00"), srv.Balance("unknown"))
	require.NoError(t, srv.SetBalance(srv.DomainID(), hwpartnertest.MustParseAmount(t, "1000")))
	require.NoError(t, srv.SetBalance("r1", hwpartnertest.MustParseAmount(t, "0.01")))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "1000.00"), srv.Balance(srv.DomainID()))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "1000.01"), srv.TotalBalance())
	assert.Error(t, srv.SetBalance("", hwpartnertest.MustParseAmount(t, "1")))
	assert.Error(t, srv.SetBalance("r1", hwpartnertest.MustParseAmount(t, "-0.01")))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "0.01"), srv.Balance("r1"))
}

func TestSeedAdjustRecord(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	require.NoError(t, srv.SeedAdjustRecord(hwpartnertest.AdjustRecord{CustomerID: "c1", OperationType: "SOURCE_OPERATION_BEUNBIND",
		Amount: hwpartnertest.MustParseAmount(t, "5"), OperationTime: at}))
	recs := srv.AdjustRecords()
	require.Len(t, recs, 1)
	assert.Equal(t, srv.DomainID(), recs[0].DistributorID)
	assert.NotEmpty(t, recs[0].TransID)
	assert.Equal(t, hwpartnertest.Yuan(5), recs[0].Amount)
	assert.True(t, at.Equal(recs[0].OperationTime))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "0.00"), srv.TotalBalance(), "history moves no money")

	assert.Error(t, srv.SeedAdjustRecord(hwpartnertest.AdjustRecord{CustomerID: "c1", OperationType: "OTHER", Amount: hwpartnertest.MustParseAmount(t, "1")}))
	assert.Error(t, srv.SeedAdjustRecord(hwpartnertest.AdjustRecord{CustomerID: "c1", OperationType: "SOURCE_OPERATION_BEADJUST", Amount: hwpartnertest.MustParseAmount(t, "0")}))
	assert.Error(t, srv.SeedAdjustRecord(hwpartnertest.AdjustRecord{OperationType: "SOURCE_OPERATION_BEADJUST", Amount: hwpartnertest.MustParseAmount(t, "1")}))
	assert.Len(t, srv.AdjustRecords(), 1)
}

func TestSeedDemoIsDeterministic(t *testing.T) {
	t.Parallel()
	var answers []string
	for range 2 {
		r := newRaw(t)
		r.srv.SeedDemo()
		r.srv.SeedDemo() // twice is harmless
		status, body := r.do(http.MethodPost, query, `{}`)
		require.Equal(t, http.StatusOK, status)
		b, err := json.Marshal(body)
		require.NoError(t, err)
		answers = append(answers, string(b))
		assert.Equal(t, json.Number("3"), body["count"])
		assert.Equal(t, hwpartnertest.MustParseAmount(t, "100000.00"), r.srv.Balance(r.srv.DomainID()))
		// The resellers' 6200.50 and the demo customers' 470.00.
		assert.Equal(t, hwpartnertest.MustParseAmount(t, "106670.50"), r.srv.TotalBalance())
	}
	assert.Equal(t, answers[0], answers[1])
	assert.True(t, bytes.Contains([]byte(answers[0]), []byte(`"Acme Cloud Services"`)))
}

// A request whose body ends before its Content-Length is incomplete: the
// fake answers 400 and carries nothing out, even with a valid signature.
func TestFakeRefusesABodyShorterThanItsContentLength(t *testing.T) {
	t.Parallel()
	r := newRaw(t)
	r.seed()
	body := []byte(`{"indirect_partner_id":"r1","amount":"5.00"}`)
	req, err := http.NewRequest(http.MethodPost, r.srv.URL+adjust, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	creds, err := auth.NewAKSK(r.srv.AccessKey(), r.srv.SecretKey())
	require.NoError(t, err)
	require.NoError(t, creds.Authorize(t.Context(), req, body, time.Now()))

	conn, err := net.Dial("tcp", req.URL.Host)
	require.NoError(t, err)
	defer conn.Close()
	var head strings.Builder
	fmt.Fprintf(&head, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n", adjust, req.URL.Host, len(body))
	require.NoError(t, req.Header.Write(&head))
	head.WriteString("\r\n")
	_, err = io.WriteString(conn, head.String())
	require.NoError(t, err)
	_, err = conn.Write(body[:len(body)-10])
	require.NoError(t, err)
	require.NoError(t, conn.(*net.TCPConn).CloseWrite())

	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var answer map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&answer), "the refusal has a body")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "APIGW.0201", answer["error_code"])
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "10.00"), r.srv.Balance("r1"))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "100.00"), r.srv.Balance(r.srv.DomainID()))
	assert.Empty(t, r.srv.AdjustRecords())
	reqs := r.srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.StatusBadRequest, reqs[0].Status)
}
