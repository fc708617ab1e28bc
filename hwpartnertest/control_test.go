package hwpartnertest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// ctl calls the control API over HTTP, as a program in another language
// would, and decodes the answer into out when given.
func ctl(t *testing.T, srv *hwpartnertest.Server, method, path, body string, out any) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+"/_fake"+path, strings.NewReader(body))
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	if out != nil {
		require.NoError(t, json.Unmarshal(raw, out), string(raw))
	}
	return resp.StatusCode
}

type books struct {
	Total         string            `json:"total_balance"`
	Balances      map[string]string `json:"balances"`
	AdjustRecords []struct {
		TransID    string `json:"trans_id"`
		CustomerID string `json:"customer_id"`
		Amount     string `json:"amount"`
	} `json:"adjust_records"`
}

func TestControlAPISeedCallInspectReset(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)

	// Seed, and make that the state to reset to.
	require.Equal(t, 200, ctl(t, srv, "POST", "/resellers", `[{"id":"r1","name":"Acme","balance":"100.00"},{"id":"r2","name":"Bluesky"}]`, nil))
	require.Equal(t, 200, ctl(t, srv, "PUT", "/balances/"+srv.DomainID(), `{"amount":"1000.00"}`, nil))
	require.Equal(t, 200, ctl(t, srv, "POST", "/mark-seed", "", nil))

	// The second transfer is carried out and its answer lost.
	require.Equal(t, 200, ctl(t, srv, "POST", "/faults", `{"operation":"UpdateIndirectPartnerAccount","drop":"after_processing","after":1,"times":1}`, nil))
	var cfg hwpartnertest.ClientConfig
	require.Equal(t, 200, ctl(t, srv, "GET", "/config", "", &cfg))
	c, err := hwpartner.NewClient(hwpartner.WithConfig(cfg))
	require.NoError(t, err)
	for range 2 {
		_, err = c.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: "r1", Amount: hwpartner.AmountFromCents(1550)})
	}
	assert.True(t, hwpartner.IsOutcomeUnknown(err), "%v", err)

	var b books
	require.Equal(t, 200, ctl(t, srv, "GET", "/books", "", &b))
	assert.Equal(t, "1100.00", b.Total, "money moved, none created")
	assert.Equal(t, "131.00", b.Balances["r1"], "both transfers were carried out")
	assert.Equal(t, "969.00", b.Balances[srv.DomainID()])
	require.Len(t, b.AdjustRecords, 2)
	assert.Equal(t, "15.50", b.AdjustRecords[1].Amount)

	var reqs []struct {
		Operation string `json:"operation"`
		Body      string `json:"body"`
		Status    int    `json:"status"`
	}
	require.Equal(t, 200, ctl(t, srv, "GET", "/requests?operation=UpdateIndirectPartnerAccount", "", &reqs))
	require.Len(t, reqs, 2)
	assert.JSONEq(t, `{"indirect_partner_id":"r1","amount":"15.50"}`, reqs[0].Body)
	assert.Equal(t, 200, reqs[0].Status)
	assert.Equal(t, 0, reqs[1].Status, "the dropped answer has no status")
	var count struct{ Count int }
	require.Equal(t, 200, ctl(t, srv, "GET", "/requests/count", "", &count))
	assert.Equal(t, 2, count.Count)

	// A typo is refused, with the name it probably meant.
	var cerr struct{ Error string }
	assert.Equal(t, 400, ctl(t, srv, "POST", "/faults", `{"operation":"UpdateIndirectPartnerAcount","status":503}`, &cerr))
	assert.Contains(t, cerr.Error, `did you mean "UpdateIndirectPartnerAccount"`)
	assert.Equal(t, 400, ctl(t, srv, "GET", "/requests/count?operation=Nope", "", nil))

	// Reset: the seed is back, faults and requests are gone.
	require.NoError(t, srv.InjectFault(hwpartnertest.OpListPartnerBalances, hwpartnertest.Fault{Status: 503}))
	require.Equal(t, 200, ctl(t, srv, "POST", "/reset", "", nil))
	require.Equal(t, 200, ctl(t, srv, "GET", "/books", "", &b))
	assert.Equal(t, "1100.00", b.Total)
	assert.Equal(t, "100.00", b.Balances["r1"])
	assert.Empty(t, b.AdjustRecords)
	assert.Empty(t, srv.Faults(hwpartnertest.OpListPartnerBalances))
	assert.Equal(t, 0, srv.RequestCount(""))
	_, err = c.Funds.OwnBalance(t.Context())
	assert.NoError(t, err, "no fault left")

	var list []hwpartnertest.IndirectPartner
	require.Equal(t, 200, ctl(t, srv, "GET", "/resellers", "", &list))
	require.Len(t, list, 2)
	assert.Equal(t, hwpartnertest.Yuan(100), list[0].Balance)
	assert.Equal(t, "Bluesky", list[1].Name)
}

func TestControlAPIQuotasRealNameAndClock(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	var ids struct{ IDs []string }
	require.Equal(t, 200, ctl(t, srv, "POST", "/quotas", `{"value":"500.00","expires":"2099-01-01T00:00:00Z"}`, &ids))
	require.Len(t, ids.IDs, 1)
	require.Equal(t, 200, ctl(t, srv, "POST", "/quotas/"+ids.IDs[0]+"/spend", `{"amount":"0.25"}`, nil))
	var q hwpartnertest.VoucherQuota
	require.Equal(t, 200, ctl(t, srv, "GET", "/quotas/"+ids.IDs[0], "", &q))
	assert.Equal(t, hwpartnertest.AmountFromCents(499_75), q.Balance)
	assert.Equal(t, 400, ctl(t, srv, "POST", "/quotas/"+ids.IDs[0]+"/spend", `{"amount":"0.001"}`, nil), "not a cent amount")
	assert.Equal(t, 404, ctl(t, srv, "GET", "/quotas/nope", "", nil))

	require.Equal(t, 200, ctl(t, srv, "POST", "/buckets", `{"name":"b1"}`, nil))
	require.Equal(t, 200, ctl(t, srv, "PUT", "/real-name/config", `{"enabled":true,"bucket":"b1","xaccount_type":"x"}`, nil))
	require.Equal(t, 200, ctl(t, srv, "POST", "/real-name/customers", `{"customer_id":"cust-1"}`, nil))
	var cust struct {
		Partner     string
		Application *hwpartnertest.RealNameApplication
	}
	require.Equal(t, 200, ctl(t, srv, "GET", "/real-name/customers/cust-1", "", &cust))
	assert.Equal(t, srv.DomainID(), cust.Partner)
	assert.Nil(t, cust.Application)
	assert.Equal(t, 400, ctl(t, srv, "POST", "/real-name/customers/cust-1/approve", "", nil), "nothing under review")

	var clock struct{ Now string }
	require.Equal(t, 200, ctl(t, srv, "PUT", "/clock", `{"time":"2030-05-06T07:08:09Z"}`, &clock))
	assert.Equal(t, "2030-05-06T07:08:09Z", clock.Now)
	assert.Equal(t, "2030-05-06T07:08:09Z", srv.Now().UTC().Format("2006-01-02T15:04:05Z"))

	assert.Equal(t, 404, ctl(t, srv, "GET", "/no-such-thing", "", nil))
	var index struct {
		ControlAPI []string `json:"control_api"`
	}
	require.Equal(t, 200, ctl(t, srv, "GET", "/", "", &index))
	assert.Contains(t, index.ControlAPI, "POST /_fake/faults")
}

func TestControlAPIStateRoundTrips(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	srv.SeedDemo()
	c := client(t, srv)
	_, err := c.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: hwpartnertest.DemoReseller2, Amount: hwpartner.AmountFromCents(1)})
	require.NoError(t, err)
	issueDemo(t, c, "10.00")

	var state json.RawMessage
	require.Equal(t, 200, ctl(t, srv, "GET", "/state", "", &state))
	again := hwpartnertest.NewServer(t, hwpartnertest.WithState(state))
	snap1, err := srv.Snapshot()
	require.NoError(t, err)
	snap2, err := again.Snapshot()
	require.NoError(t, err)
	assert.JSONEq(t, string(snap1), string(snap2))
	assert.Equal(t, srv.Balance(hwpartnertest.DemoReseller2), again.Balance(hwpartnertest.DemoReseller2))
	assertSameJSON(t, srv.VoucherRecords(), again.VoucherRecords())
	assertSameJSON(t, srv.AdjustRecords(), again.AdjustRecords())

	// The same ids come next on both.
	_, err = client(t, again).Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: hwpartnertest.DemoReseller2, Amount: hwpartner.AmountFromCents(1)})
	require.NoError(t, err)
	_, err = c.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: hwpartnertest.DemoReseller2, Amount: hwpartner.AmountFromCents(1)})
	require.NoError(t, err)
	assert.Equal(t, srv.AdjustRecords()[1].TransID, again.AdjustRecords()[1].TransID)

	// A bad state changes nothing.
	before, _ := again.Snapshot()
	assert.Equal(t, 400, ctl(t, again, "PUT", "/state", `{"version":1,"balances":{"r":"-1.00"}}`, nil))
	assert.Equal(t, 400, ctl(t, again, "PUT", "/state", `{"version":9}`, nil))
	assert.Equal(t, 400, ctl(t, again, "PUT", "/state", `{"version":1,"unknown":1}`, nil))
	after, _ := again.Snapshot()
	assert.JSONEq(t, string(before), string(after))

	_, err = hwpartnertest.Start(hwpartnertest.WithState([]byte(`{"version":1,"quotas":[{"id":"q","owner":"o","value":"1","parent_id":"missing"}]}`)))
	assert.ErrorContains(t, err, "parent")
}

func TestControlAPIIsLocalOrGuarded(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	// A client from another host.
	remote := httptest.NewRequest(http.MethodGet, "/_fake/config", nil)
	remote.RemoteAddr = "192.0.2.10:40000"
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, remote)
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Contains(t, w.Body.String(), "loopback")
	assert.Equal(t, 0, srv.RequestCount(""), "control requests are not API requests")

	guarded := hwpartnertest.NewServer(t, hwpartnertest.WithAdminToken("s3cret"))
	assert.Equal(t, http.StatusForbidden, ctl(t, guarded, "GET", "/config", "", nil), "a token is required even locally")
	for _, auth := range []string{"Bearer s3cret", "Bearer wrong"} {
		req := httptest.NewRequest(http.MethodGet, "/_fake/config", nil)
		req.RemoteAddr = "192.0.2.10:40000"
		req.Header.Set("Authorization", auth)
		w := httptest.NewRecorder()
		guarded.ServeHTTP(w, req)
		if auth == "Bearer s3cret" {
			assert.Equal(t, http.StatusOK, w.Code)
		} else {
			assert.Equal(t, http.StatusForbidden, w.Code)
		}
	}
	_, err := hwpartnertest.Start(hwpartnertest.WithAdminToken("two words"))
	assert.Error(t, err)
}

func assertSameJSON(t *testing.T, want, got any) {
	t.Helper()
	w, err := json.Marshal(want)
	require.NoError(t, err)
	g, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, string(w), string(g))
}

func TestControlAPICustomersAndCodes(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	var ids struct{ IDs []string }
	require.Equal(t, 200, ctl(t, srv, "POST", "/customers", `{"id":"c1","account_name":"zhao","balance":"12.50"}`, &ids))
	assert.Equal(t, []string{"c1"}, ids.IDs)
	var list []struct {
		ID         string
		Balance    string
		Allocation bool
		Associated bool
	}
	require.Equal(t, 200, ctl(t, srv, "GET", "/customers", "", &list))
	require.Len(t, list, 1)
	assert.Equal(t, "12.50", list[0].Balance)
	assert.True(t, list[0].Allocation && list[0].Associated)
	assert.Equal(t, hwpartnertest.AmountFromCents(1250), srv.CustomerBalance("c1"))

	c := client(t, srv)
	_, err := c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{MobilePhone: "13800000009"})
	require.NoError(t, err)
	var code struct{ Code string }
	require.Equal(t, 200, ctl(t, srv, "GET", "/verification-codes/13800000009", "", &code))
	want, ok := srv.VerificationCode("13800000009")
	require.True(t, ok)
	assert.Equal(t, want, code.Code)
	var sent []hwpartnertest.SentCode
	require.Equal(t, 200, ctl(t, srv, "GET", "/verification-codes", "", &sent))
	require.Len(t, sent, 1)
	assert.Equal(t, 404, ctl(t, srv, "GET", "/verification-codes/13900000000", "", nil))

	require.Equal(t, 200, ctl(t, srv, "PUT", "/customer-rules", `{"direct_customers":true,"association_delay":"1m"}`, nil))
	require.Equal(t, 200, ctl(t, srv, "PUT", "/designated-amounts/"+srv.DomainID(), `{"amount":"5.00"}`, nil))

	// Customers, codes and the ledger survive a snapshot.
	state, err := srv.Snapshot()
	require.NoError(t, err)
	again := hwpartnertest.NewServer(t, hwpartnertest.WithState(state))
	code2, ok := again.VerificationCode("13800000009")
	require.True(t, ok)
	assert.Equal(t, want, code2)
	assert.Equal(t, srv.CustomerBalance("c1"), again.CustomerBalance("c1"))
	snap2, err := again.Snapshot()
	require.NoError(t, err)
	assert.JSONEq(t, string(state), string(snap2))
}
