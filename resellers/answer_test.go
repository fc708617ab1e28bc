package resellers_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/resellers"
)

// fixedAnswer serves one fixed answer to every request.
type fixedAnswer struct{ body []byte }

func (a *fixedAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		r.Body.Close()
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(a.body)), ContentLength: int64(len(a.body)), Request: r}, nil
}

func answerClient(t testing.TB) (*hwpartner.Client, *fixedAnswer) {
	a := &fixedAnswer{}
	c, err := hwpartner.NewClient(hwpartner.WithAKSK("AK", "SK"), hwpartner.WithEndpoint("https://bss.example.test"),
		hwpartner.WithTransport(a), hwpartner.WithRetry(0, 0, 0))
	require.NoError(t, err)
	return c, a
}

// listAgrees checks that List reads body exactly as encoding/json reads
// it into the documented answer, whichever way the SDK decodes it.
func listAgrees(t *testing.T, c *hwpartner.Client, a *fixedAnswer, body string) {
	t.Helper()
	a.body = []byte(body)
	page, err := c.Resellers.List(t.Context(), nil)
	var want struct {
		Count    int                  `json:"count"`
		Partners []resellers.Reseller `json:"indirect_partners"`
	}
	var top map[string]json.RawMessage
	var code string
	usable := json.Unmarshal([]byte(body), &top) == nil && top != nil && top["count"] != nil &&
		json.Unmarshal([]byte(body), &want) == nil
	_ = json.Unmarshal(top["error_code"], &code)
	usable = usable && (code == "" || code == "CBC.0000")
	if !usable {
		assert.Error(t, err, "%q", body)
		return
	}
	if assert.NoError(t, err, "%q", body) {
		assert.Equal(t, want.Count, page.Total, "%q", body)
		assert.Equal(t, want.Partners, page.Items, "%q", body)
	}
}

func bigPage(n int) string {
	rs := make([]string, n)
	for i := range rs {
		rs[i] = fmt.Sprintf(`{"indirect_partner_id":"0977ffa9f20010790f0fc003f69%05d","name":"华为云经销商 %d","account_name":"reseller-%d",`+
			`"mobile_phone":"+86-138%08d","email":"ops%d@reseller.example","associated_on":"2024-03-01T08:00:00Z",`+
			`"account_manager_id":"li.na","account_manager_name":"Li Na"}`, i, i, i, i, i)
	}
	return `{"count":1000,"indirect_partners":[` + strings.Join(rs, ",") + `]}`
}

var answerSeeds = []string{
	bigPage(100),
	`{"count":0,"indirect_partners":[]}`,
	`{"count":0}`,
	`{"count":3,"indirect_partners":null}`,
	`{"indirect_partners":[{"indirect_partner_id":"r1","name":"A \"B\" \u00e9","associated_on":null,"email":null}],"count":1}`,
	`{"count":1,"indirect_partners":[{"indirect_partner_id":"r1","associated_on":"2024-03-01T16:00:00+08:00"}]}`,
	`{"count":1,"indirect_partners":[{"indirect_partner_id":"r1","Name":"case"}]}`,
	`{"count":1,"indirect_partners":[{"indirect_partner_id":"r1","new_field":{"x":[1,2]}}]}`,
	`{"count":1,"indirect_partners":[{"indirect_partner_id":"r1","name":"a"}],"indirect_partners":[{"indirect_partner_id":"r2"}]}`,
	`{"count":1,"indirect_partners":[null]}`,
	`{"count":1.0,"indirect_partners":[]}`,
	`{"count":1,"indirect_partners":[{"indirect_partner_id":"r1","associated_on":"soon"}]}`,
	`{"count":1,"indirect_partners":[{"indirect_partner_id":"r1"}]`,
	`{"count":1,"error_code":"CBC.0000","indirect_partners":[]}`,
	`{"count":1,"error_code":"CBC.1000","error_msg":"no"}`,
	`{"indirect_partners":[]}`,
}

func TestListDecodesLikeEncodingJSON(t *testing.T) {
	t.Parallel()
	c, a := answerClient(t)
	for _, body := range answerSeeds {
		listAgrees(t, c, a, body)
	}
}

func FuzzListAnswer(f *testing.F) {
	for _, s := range answerSeeds[1:] {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		c, a := answerClient(t)
		listAgrees(t, c, a, body)
	})
}
