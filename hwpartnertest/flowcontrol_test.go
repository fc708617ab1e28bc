package hwpartnertest_test

import (
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/auth"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// settable is a server clock a test moves by hand.
type settable struct {
	mu sync.Mutex
	t  time.Time
}

func newSettable() *settable { return &settable{t: time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)} }

func (c *settable) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *settable) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// answer is one raw answer: status, headers and the JSON body.
type answer struct {
	status int
	header http.Header
	body   map[string]string
}

// flowServer starts a fake with a settable clock and sends signed
// requests to it from the given local address ("" for any).
func flowServer(t *testing.T, clock *settable, opts ...hwpartnertest.Option) (*hwpartnertest.Server, func(ak, sk, localIP, method, path, body string) answer) {
	t.Helper()
	srv := hwpartnertest.NewServer(t, append([]hwpartnertest.Option{hwpartnertest.WithClock(clock.now)}, opts...)...)
	require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: "r-1"}))
	require.NoError(t, srv.SetBalance(srv.DomainID(), hwpartnertest.Yuan(1000)))
	send := func(ak, sk, localIP, method, path, body string) answer {
		t.Helper()
		creds, err := auth.NewAKSK(ak, sk)
		require.NoError(t, err)
		d := &net.Dialer{}
		if localIP != "" {
			d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(localIP)}
		}
		tr := &http.Transport{DialContext: d.DialContext}
		defer tr.CloseIdleConnections()
		hc := &http.Client{Transport: &auth.Transport{Credentials: creds, Base: tr, Now: clock.now}}
		req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		out := answer{status: resp.StatusCode, header: resp.Header}
		var raw map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&raw))
		out.body = map[string]string{}
		for k, v := range raw {
			if s, ok := v.(string); ok {
				out.body[k] = s
			}
		}
		return out
	}
	return srv, send
}

const transferBody = `{"indirect_partner_id":"r-1","amount":"1.00"}`

func TestFlowControlRefusesOverTheQuotaBeforeAnyChange(t *testing.T) {
	t.Parallel()
	clock := newSettable()
	srv, send := flowServer(t, clock, hwpartnertest.WithFlowControl(hwpartnertest.FlowControl{
		Quotas: map[hwpartnertest.Op]int{hwpartnertest.OpUpdateIndirectPartnerAccount: 3}, FixedWindow: true,
	}))
	ak, sk := srv.AccessKey(), srv.SecretKey()
	for i := range 3 {
		a := send(ak, sk, "", http.MethodPost, adjust, transferBody)
		require.Equal(t, http.StatusOK, a.status, "request %d is within the quota", i+1)
	}
	before := len(srv.AdjustRecords())
	for range 2 {
		a := send(ak, sk, "", http.MethodPost, adjust, transferBody)
		assert.Equal(t, http.StatusTooManyRequests, a.status)
		assert.Equal(t, "APIGW.0308", a.body["error_code"])
		assert.Equal(t, "The throttling threshold has been reached: policy user over ratelimit,limit:3,time:1 second", a.body["error_msg"])
		assert.Equal(t, a.header.Get("X-Request-Id"), a.body["request_id"], "the gateway puts the request id in the body too")
		assert.NotEmpty(t, a.body["request_id"])
		assert.Empty(t, a.header.Get("Retry-After"), "no Retry-After unless asked for")
	}
	assert.Equal(t, hwpartnertest.Yuan(3), srv.Balance("r-1"), "refused requests move no money")
	assert.Equal(t, hwpartnertest.Yuan(997), srv.Balance(srv.DomainID()))
	assert.Len(t, srv.AdjustRecords(), before, "and write no record")
	assert.Equal(t, 2, srv.Throttled(hwpartnertest.OpUpdateIndirectPartnerAccount))
	assert.Equal(t, 2, srv.Throttled(""))

	a := send(ak, sk, "", http.MethodGet, "/v2/accounts/partner-accounts/balances", "")
	assert.Equal(t, http.StatusOK, a.status, "each API has its own quota")

	a = send(ak, sk, "", http.MethodPost, adjust, `{"indirect_partner_id":"r-1","amount":"-5"}`)
	assert.Equal(t, http.StatusTooManyRequests, a.status, "flow control comes before parameter checks")

	clock.add(time.Second)
	a = send(ak, sk, "", http.MethodPost, adjust, transferBody)
	assert.Equal(t, http.StatusOK, a.status, "the next second has its own window")
	assert.Equal(t, hwpartnertest.Yuan(4), srv.Balance("r-1"))
}

func TestFlowControlKeysByAccountAndOptionallySourceIP(t *testing.T) {
	t.Parallel()
	other := hwpartnertest.Credential{AccessKey: "OTHERAK", SecretKey: "other-sk",
		Account: hwpartnertest.Account{DomainID: "other-domain", Name: "other", Kind: hwpartnertest.Distributor}}
	for _, perIP := range []bool{false, true} {
		clock := newSettable()
		srv, send := flowServer(t, clock, hwpartnertest.WithCredential(other), hwpartnertest.WithFlowControl(hwpartnertest.FlowControl{
			Default: 1, FixedWindow: true, PerSourceIP: perIP,
		}))
		balances := "/v2/accounts/partner-accounts/balances"
		require.Equal(t, http.StatusOK, send(srv.AccessKey(), srv.SecretKey(), "127.0.0.1", http.MethodGet, balances, "").status)
		assert.Equal(t, http.StatusTooManyRequests, send(srv.AccessKey(), srv.SecretKey(), "127.0.0.1", http.MethodGet, balances, "").status)
		assert.Equal(t, http.StatusOK, send("OTHERAK", "other-sk", "127.0.0.1", http.MethodGet, balances, "").status,
			"another account has its own quota")
		fromOtherIP := send(srv.AccessKey(), srv.SecretKey(), "127.0.0.2", http.MethodGet, balances, "").status
		if perIP {
			assert.Equal(t, http.StatusOK, fromOtherIP, "another source IP has its own quota")
		} else {
			assert.Equal(t, http.StatusTooManyRequests, fromOtherIP, "the quota is the account's, from any IP")
		}
	}
}

func TestFlowControlAnswers(t *testing.T) {
	t.Parallel()
	for th, code := range map[hwpartnertest.Throttle]string{
		hwpartnertest.ThrottleGateway:       "APIGW.0308",
		hwpartnertest.ThrottleGatewayLegacy: "APIG.0308",
		hwpartnertest.ThrottleService:       "CBC.0250",
	} {
		clock := newSettable()
		srv, send := flowServer(t, clock, hwpartnertest.WithFlowControl(hwpartnertest.FlowControl{
			Default: 1, Throttle: th, RetryAfter: true,
		}))
		require.Equal(t, http.StatusOK, send(srv.AccessKey(), srv.SecretKey(), "", http.MethodPost, adjust, transferBody).status)
		a := send(srv.AccessKey(), srv.SecretKey(), "", http.MethodPost, adjust, transferBody)
		assert.Equal(t, http.StatusTooManyRequests, a.status, th)
		assert.Equal(t, code, a.body["error_code"], th)
		assert.Equal(t, "1", a.header.Get("Retry-After"), th)
		assert.NotEmpty(t, a.header.Get("X-Request-Id"), th)
		parsed, err := hwpartnertest.ParseThrottle(th.String())
		require.NoError(t, err)
		assert.Equal(t, th, parsed)
	}
	_, err := hwpartnertest.ParseThrottle("loud")
	assert.Error(t, err)
}

func TestFlowControlTokenBucketRefillsContinuously(t *testing.T) {
	t.Parallel()
	for _, countRefused := range []bool{false, true} {
		clock := newSettable()
		srv, send := flowServer(t, clock, hwpartnertest.WithFlowControl(hwpartnertest.FlowControl{
			Default: 2, CountRefused: countRefused,
		}))
		status := func() int {
			return send(srv.AccessKey(), srv.SecretKey(), "", http.MethodPost, adjust, transferBody).status
		}
		require.Equal(t, http.StatusOK, status(), "the bucket starts full")
		require.Equal(t, http.StatusOK, status())
		require.Equal(t, http.StatusTooManyRequests, status(), "the third within the same instant")
		clock.add(500 * time.Millisecond)
		if countRefused {
			assert.Equal(t, http.StatusTooManyRequests, status(), "the refused request used up what half a second refilled")
			clock.add(time.Second)
		}
		assert.Equal(t, http.StatusOK, status(), "half a second refills one request of 2/s")
		assert.Equal(t, http.StatusTooManyRequests, status())
	}
}

func TestFlowControlOffByDefaultAndSwitchable(t *testing.T) {
	t.Parallel()
	clock := newSettable()
	srv, send := flowServer(t, clock)
	for range 15 {
		require.Equal(t, http.StatusOK, send(srv.AccessKey(), srv.SecretKey(), "", http.MethodPost, adjust, transferBody).status)
	}
	require.NoError(t, srv.SetFlowControl(&hwpartnertest.FlowControl{}))
	for range hwpartnertest.DefaultQuota {
		require.Equal(t, http.StatusOK, send(srv.AccessKey(), srv.SecretKey(), "", http.MethodPost, adjust, transferBody).status)
	}
	assert.Equal(t, http.StatusTooManyRequests, send(srv.AccessKey(), srv.SecretKey(), "", http.MethodPost, adjust, transferBody).status,
		"the documented 10 per second")
	require.NoError(t, srv.SetFlowControl(nil))
	assert.Equal(t, http.StatusOK, send(srv.AccessKey(), srv.SecretKey(), "", http.MethodPost, adjust, transferBody).status)

	assert.Error(t, srv.SetFlowControl(&hwpartnertest.FlowControl{Quotas: map[hwpartnertest.Op]int{hwpartnertest.OpListPartnerBalances: 0}}))
	assert.Error(t, srv.SetFlowControl(&hwpartnertest.FlowControl{Default: -1}))
	_, err := hwpartnertest.Start(hwpartnertest.WithFlowControl(hwpartnertest.FlowControl{Throttle: 7}))
	assert.Error(t, err)
	assert.Equal(t, 5, hwpartnertest.DocumentedQuotas()["CheckUserIdentity"])
	assert.Equal(t, 20, hwpartnertest.DocumentedQuotas()["ListPartnerAccountChangeRecords"])
}

func TestThrottleNext(t *testing.T) {
	t.Parallel()
	clock := newSettable()
	srv, send := flowServer(t, clock)
	require.NoError(t, srv.ThrottleNext(hwpartnertest.OpUpdateIndirectPartnerAccount, 2))
	for range 2 {
		a := send(srv.AccessKey(), srv.SecretKey(), "", http.MethodPost, adjust, transferBody)
		assert.Equal(t, http.StatusTooManyRequests, a.status)
		assert.Equal(t, "APIGW.0308", a.body["error_code"])
	}
	assert.Equal(t, hwpartnertest.Yuan(0), srv.Balance("r-1"), "refused before anything changed")
	assert.Equal(t, http.StatusOK, send(srv.AccessKey(), srv.SecretKey(), "", http.MethodPost, adjust, transferBody).status)
	assert.Equal(t, hwpartnertest.Yuan(1), srv.Balance("r-1"))

	require.NoError(t, srv.ThrottleNextAfterApplying(hwpartnertest.OpUpdateIndirectPartnerAccount, 1))
	a := send(srv.AccessKey(), srv.SecretKey(), "", http.MethodPost, adjust, transferBody)
	assert.Equal(t, http.StatusTooManyRequests, a.status, "answered as throttled")
	assert.Equal(t, hwpartnertest.Yuan(2), srv.Balance("r-1"), "but carried out")
	assert.Equal(t, http.StatusOK, send(srv.AccessKey(), srv.SecretKey(), "", http.MethodPost, adjust, transferBody).status)
	assert.Equal(t, 3, srv.Throttled(hwpartnertest.OpUpdateIndirectPartnerAccount))

	other, err := hwpartnertest.Start()
	require.NoError(t, err)
	defer other.Close()
	assert.ErrorContains(t, other.ThrottleNext("UpdateIndirectPartnerAcount", 1), `did you mean "UpdateIndirectPartnerAccount"`)
	assert.Error(t, other.ThrottleNext(hwpartnertest.OpUpdateIndirectPartnerAccount, 0))
	assert.Error(t, other.SetFlowControl(&hwpartnertest.FlowControl{Quotas: map[hwpartnertest.Op]int{"NoSuchOp": 1}}))
}
