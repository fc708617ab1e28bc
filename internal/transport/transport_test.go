package transport

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEncodeQuery(t *testing.T) {
	t.Parallel()
	type params struct {
		Name   string  `url:"account_name,omitempty"`
		Parent *string `url:"parent_quota_id,omitempty"`
		Unset  *string `url:"unset,omitempty"`
		Limit  int     `url:"limit,omitempty"`
		Offset int     `url:"offset,omitempty"`
	}
	empty := ""
	q, err := EncodeQuery(params{Name: "a b+c/é", Parent: &empty, Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, "account_name=a%20b%2Bc%2F%C3%A9&limit=10&parent_quota_id=", q)

	q, err = EncodeQuery(url.Values{"z": {"1"}, "a": {"x y"}})
	require.NoError(t, err)
	assert.Equal(t, "a=x%20y&z=1", q)

	_, err = EncodeQuery(42)
	assert.Error(t, err)
}

func TestJitterStaysInBounds(t *testing.T) {
	t.Parallel()
	for n := range 40 {
		for range 50 {
			d := jitter(100*time.Millisecond, 2*time.Second, n)
			want := min(100*time.Millisecond<<min(n, 30), 2*time.Second)
			if n >= 30 {
				want = 2 * time.Second
			}
			assert.GreaterOrEqual(t, d, want/2)
			assert.LessOrEqual(t, d, want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	resp := func(v string) *http.Response {
		return &http.Response{Header: http.Header{"Retry-After": {v}}}
	}
	d, ok := retryAfter(resp("3"))
	assert.True(t, ok)
	assert.Equal(t, 3*time.Second, d)
	d, ok = retryAfter(resp("100000"))
	assert.True(t, ok)
	assert.Equal(t, maxRetryAfter, d)
	d, ok = retryAfter(resp(time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)))
	assert.True(t, ok)
	assert.Equal(t, time.Duration(0), d)
	_, ok = retryAfter(resp("soon"))
	assert.False(t, ok)
	_, ok = retryAfter(nil)
	assert.False(t, ok)
}

func TestDefaultBaseVerifiesTLS(t *testing.T) {
	t.Parallel()
	b := DefaultBase()
	require.NotNil(t, b.TLSClientConfig)
	assert.False(t, b.TLSClientConfig.InsecureSkipVerify)
	assert.NotNil(t, b.Proxy)
}

// net/http reads the proxy variables once per process, so the proxy test
// runs in a child process with its own environment.
func TestDefaultBaseHonoursProxyEnvironment(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-test.run=^TestProxyChild$")
	cmd.Env = append(os.Environ(),
		"HWPARTNER_PROXY_CHILD=1",
		"HTTPS_PROXY=http://proxy.example:3128",
		"NO_PROXY=bss-intl.myhuaweicloud.com",
	)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "PASS")
}

func TestProxyChild(t *testing.T) {
	if os.Getenv("HWPARTNER_PROXY_CHILD") != "1" {
		t.Skip("runs only as the child of TestDefaultBaseHonoursProxyEnvironment")
	}
	b := DefaultBase()
	req, _ := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/x", nil)
	u, err := b.Proxy(req)
	require.NoError(t, err)
	require.NotNil(t, u)
	assert.Equal(t, "proxy.example:3128", u.Host)

	req, _ = http.NewRequest(http.MethodGet, "https://bss-intl.myhuaweicloud.com/v2/x", nil)
	u, err = b.Proxy(req)
	require.NoError(t, err)
	assert.Nil(t, u, "NO_PROXY is honoured")
}

// scanTopAgrees checks scanTop against encoding/json on body: on any valid
// object it walks, finds the same error_code and the same missing field.
func scanTopAgrees(t *testing.T, body []byte, fields []string) {
	t.Helper()
	code, missing, walked := scanTop(body, fields)
	var top map[string]json.RawMessage
	if !json.Valid(body) || json.Unmarshal(body, &top) != nil || top == nil {
		return
	}
	require.True(t, walked, "%q is an object", body)
	var want string
	_ = json.Unmarshal(top["error_code"], &want)
	assert.Equal(t, want, code, "%q", body)
	wantMissing := ""
	for _, f := range fields {
		if _, ok := top[f]; !ok {
			wantMissing = f
			break
		}
	}
	assert.Equal(t, wantMissing, missing, "%q", body)
}

func TestScanTop(t *testing.T) {
	t.Parallel()
	fields := []string{"count", "total"}
	for _, body := range []string{
		`{"count":1,"total":2}`,
		`{"error_code":"CBC.0000","count":[{"error_code":"x"}],"total":"}"}`,
		` { "error_code" : "APIGW.0308" , "error_msg" : "a \"quoted\" }" } `,
		`{"error_c\u006fde":"x\\y","count":null}`,
		`{"error_code":5,"count":{"total":1}}`,
		`{"error_code":"A","error_code":"B"}`,
		`{}`,
	} {
		scanTopAgrees(t, []byte(body), fields)
	}
	for _, body := range []string{``, `[]`, `{`, `{"count"`, `{"count":`, `{"count":1`, `{"count":"1}`, `{"count":1}x`, `"{}"`, `{"a\"}`} {
		_, _, walked := scanTop([]byte(body), fields)
		assert.False(t, walked, "%q", body)
	}
}

func FuzzScanTop(f *testing.F) {
	f.Add([]byte(`{"error_code":"CBC.0000","count":[{"a":"b\"}"}],"total":2}`))
	f.Add([]byte(`{"count":"\\\\","error_code":"x"}`))
	f.Fuzz(func(t *testing.T, body []byte) { scanTopAgrees(t, body, []string{"count", "total"}) })
}
