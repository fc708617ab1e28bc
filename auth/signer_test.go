package auth_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/auth"
)

type vector struct {
	Name     string            `json:"name"`
	Method   string            `json:"method"`
	URL      string            `json:"url"`
	Path     string            `json:"path"`
	Query    [][2]string       `json:"query"`
	Headers  map[string]string `json:"headers"`
	Body     string            `json:"body"`
	AK       string            `json:"ak"`
	SK       string            `json:"sk"`
	Date     string            `json:"date"`
	Expected struct {
		CanonicalRequest string            `json:"canonical_request"`
		StringToSign     string            `json:"string_to_sign"`
		SignedHeaders    string            `json:"signed_headers"`
		Signature        string            `json:"signature"`
		Authorization    string            `json:"authorization"`
		AddedHeaders     map[string]string `json:"added_headers"`
	} `json:"expected"`
}

func loadVectors(t testing.TB) []vector {
	t.Helper()
	raw, err := os.ReadFile("../testdata/signing/vectors.json")
	require.NoError(t, err)
	var f struct {
		Vectors []vector `json:"vectors"`
	}
	require.NoError(t, json.Unmarshal(raw, &f))
	return f.Vectors
}

// vectorRequest builds the request the vector describes, headers spelled as
// the vector spells them.
func vectorRequest(t testing.TB, v vector) (*http.Request, time.Time) {
	t.Helper()
	req, err := http.NewRequest(v.Method, v.URL, bytes.NewReader([]byte(v.Body)))
	require.NoError(t, err)
	for k, val := range v.Headers {
		req.Header[k] = []string{val}
	}
	at, err := time.Parse(auth.DateLayout, v.Date)
	require.NoError(t, err)
	return req, at
}

func TestSignerVectors(t *testing.T) {
	t.Parallel()
	vectors := loadVectors(t)
	require.Len(t, vectors, 39)
	for _, v := range vectors {
		t.Run(v.Name, func(t *testing.T) {
			t.Parallel()
			req, at := vectorRequest(t, v)
			// The wire form must decode to the signer's inputs.
			require.Equal(t, v.Path, req.URL.Path)
			q, err := url.ParseQuery(req.URL.RawQuery)
			require.NoError(t, err)
			want := url.Values{}
			for _, kv := range v.Query {
				want.Add(kv[0], kv[1])
			}
			for k := range want {
				assert.ElementsMatch(t, want[k], q[k], k)
			}
			before := slices.Sorted(func(yield func(string) bool) {
				for k := range req.Header {
					if !yield(k) {
						return
					}
				}
			})

			s, err := auth.NewSigner(v.AK, v.SK)
			require.NoError(t, err)
			sig, err := s.Explain(req, []byte(v.Body), at)
			require.NoError(t, err)
			assert.Equal(t, v.Expected.CanonicalRequest, sig.CanonicalRequest)
			assert.Equal(t, v.Expected.StringToSign, sig.StringToSign)
			assert.Equal(t, v.Expected.SignedHeaders, sig.SignedHeaders)
			assert.Equal(t, v.Expected.Signature, sig.Signature)
			assert.Equal(t, v.Expected.Authorization, sig.Authorization)

			for name, val := range v.Expected.AddedHeaders {
				assert.Equal(t, []string{val}, req.Header[name], name)
			}
			var added []string
			for k := range req.Header {
				if !slices.Contains(before, k) {
					added = append(added, k)
				}
			}
			var wantAdded []string
			for k := range v.Expected.AddedHeaders {
				wantAdded = append(wantAdded, k)
			}
			assert.ElementsMatch(t, wantAdded, added)

			// Sign (the fast path) gives the same header.
			req2, _ := vectorRequest(t, v)
			require.NoError(t, s.Sign(req2, []byte(v.Body), at))
			assert.Equal(t, v.Expected.Authorization, req2.Header.Get("Authorization"))
		})
	}
}

// emptyPayloadVector is explicit_unsigned_payload_header with the caller's
// X-Sdk-Content-Sha256 set to "": the official signer takes a present
// header verbatim, so the payload hash is the empty string and the header
// is signed with its empty value (signing.md §2.5, §3). The signature is
// derived from that canonical request with the formula of §2.6.
func emptyPayloadVector(t *testing.T) (vector, string) {
	t.Helper()
	var v vector
	for _, c := range loadVectors(t) {
		if c.Name == "explicit_unsigned_payload_header" {
			v = c
		}
	}
	require.Equal(t, "UNSIGNED-PAYLOAD", v.Headers["X-Sdk-Content-Sha256"])
	v.Headers["X-Sdk-Content-Sha256"] = ""
	canon := strings.Replace(v.Expected.CanonicalRequest, "x-sdk-content-sha256:UNSIGNED-PAYLOAD\n", "x-sdk-content-sha256:\n", 1)
	canon, ok := strings.CutSuffix(canon, "\nUNSIGNED-PAYLOAD")
	require.True(t, ok)
	canon += "\n"
	sum := sha256.Sum256([]byte(canon))
	mac := hmac.New(sha256.New, []byte(v.SK))
	mac.Write([]byte("SDK-HMAC-SHA256\n" + v.Date + "\n" + hex.EncodeToString(sum[:])))
	sig := hex.EncodeToString(mac.Sum(nil))
	v.Expected.CanonicalRequest = canon
	v.Expected.Signature = sig
	v.Expected.Authorization = "SDK-HMAC-SHA256 Access=" + v.AK + ", SignedHeaders=" + v.Expected.SignedHeaders + ", Signature=" + sig
	return v, sig
}

func TestSignerTakesAnEmptyPayloadHeaderVerbatim(t *testing.T) {
	t.Parallel()
	v, sig := emptyPayloadVector(t)
	req, at := vectorRequest(t, v)
	s, err := auth.NewSigner(v.AK, v.SK)
	require.NoError(t, err)
	got, err := s.Explain(req, []byte(v.Body), at)
	require.NoError(t, err)
	assert.Equal(t, v.Expected.CanonicalRequest, got.CanonicalRequest)
	assert.True(t, strings.HasSuffix(got.CanonicalRequest, "x-sdk-content-sha256;x-sdk-date\n"), "the payload hash is the empty value")
	assert.Equal(t, sig, got.Signature)

	req2, _ := vectorRequest(t, v)
	require.NoError(t, s.Sign(req2, []byte(v.Body), at))
	assert.Equal(t, v.Expected.Authorization, req2.Header.Get("Authorization"))
	assert.Equal(t, []string{""}, req2.Header["X-Sdk-Content-Sha256"], "the caller's header is kept")

	// The verifier, which the fake server uses, agrees.
	_, err = auth.Verify(req2, []byte(v.Body), func(string) (string, bool) { return v.SK, true }, at, auth.MaxClockSkew)
	require.NoError(t, err)
	// And, as with UNSIGNED-PAYLOAD, the body is then not covered.
	_, err = auth.Verify(req2, []byte(`{"limit":99}`), func(string) (string, bool) { return v.SK, true }, at, auth.MaxClockSkew)
	assert.NoError(t, err)
}
