package hwpartnertest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func TestBucketsAndReviewStateMachineRefuseMisuse(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	require.NoError(t, srv.CreateBucket("b", ""))
	assert.Error(t, srv.CreateBucket("b", ""), "exists")
	assert.Error(t, srv.CreateBucket("", ""))
	assert.Error(t, srv.CreateBucket("a/b", ""))
	assert.Empty(t, srv.ObjectKeys("b"))
	assert.Empty(t, srv.ObjectKeys("missing"))
	_, ok := srv.Object("missing", "k")
	assert.False(t, ok)

	srv.SeedRealNameCustomer("c1", "")
	assert.Error(t, srv.ApproveRealName("c1"), "nothing submitted")
	assert.Error(t, srv.RejectRealName("nobody", "x"))
	_, ok = srv.RealNameApplication("c1")
	assert.False(t, ok)
}

func TestFakeOBSRefusesAnonymousAndOtherMethods(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	require.NoError(t, srv.CreateBucket("b", ""))
	for _, tc := range []struct {
		method string
		status int
		code   string
	}{
		{http.MethodPut, http.StatusForbidden, "<Code>AccessDenied</Code>"},
		{http.MethodGet, http.StatusMethodNotAllowed, "<Code>MethodNotAllowed</Code>"},
	} {
		req, err := http.NewRequestWithContext(t.Context(), tc.method, srv.OBSEndpoint()+"/b/download/x.png", strings.NewReader("x"))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		var body strings.Builder
		_, _ = io.Copy(&body, resp.Body)
		resp.Body.Close()
		assert.Equal(t, tc.status, resp.StatusCode)
		assert.Contains(t, body.String(), tc.code)
		assert.NotEmpty(t, resp.Header.Get("x-obs-request-id"))
	}
	assert.Equal(t, 2, srv.RequestCount(hwpartnertest.OBSOperation))
	assert.Empty(t, srv.ObjectKeys("b"))
}

func TestSeedDemoSetsUpRealName(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	srv.SeedDemo()
	srv.SeedDemo() // idempotent
	assert.Empty(t, srv.ObjectKeys(hwpartnertest.DemoRealNameBucket))
	assert.Error(t, srv.CreateBucket(hwpartnertest.DemoRealNameBucket, ""), "the demo bucket exists")
	assert.Error(t, srv.ApproveRealName(hwpartnertest.DemoCustomerID), "demo customers start unauthenticated")
}

// The fake checks bank_account whole, as api.md §5.1 describes it.
func TestFakeChecksTheWholeBankAccount(t *testing.T) {
	t.Parallel()
	r := newRaw(t)
	require.NoError(t, r.srv.CreateBucket("b", ""))
	r.srv.ConfigureRealName(hwpartnertest.RealNameConfig{Enabled: true, Bucket: "b", XAccountType: "x"})
	r.srv.SeedRealNameCustomer("c1", "")
	body := func(account string) string {
		return `{"customer_id":"c1","identify_type":4,"verified_file_url":["c1/face.png"],"name":"Li Si",` +
			`"verified_number":"110101199001011234","xaccount_type":"x","bank_card_info":{"bank_account":"` + account +
			`","areacode":"0086","mobile":"13800000000","verification_code":"246810"}}`
	}
	for _, bad := range []string{"-6222", "6222 0200", "6222_0200"} {
		status, answer := r.do(http.MethodPost, "/v2/customers/realname-auths/individual", body(bad))
		assertBadParam(t, status, answer, "bank_card_info.bank_account")
	}
	_, ok := r.srv.RealNameApplication("c1")
	assert.False(t, ok, "nothing was recorded")
}
