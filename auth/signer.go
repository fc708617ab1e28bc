package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// Names and formats of SDK-HMAC-SHA256.
const (
	Algorithm             = "SDK-HMAC-SHA256"
	HeaderDate            = "X-Sdk-Date"
	HeaderContentSHA256   = "X-Sdk-Content-Sha256"
	HeaderAuthorization   = "Authorization"
	HeaderDomainID        = "X-Domain-Id"
	HeaderSecurityToken   = "X-Security-Token"
	HeaderAuthToken       = "X-Auth-Token"
	DateLayout            = "20060102T150405Z"
	UnsignedPayload       = "UNSIGNED-PAYLOAD"
	emptyBodySHA256Hex    = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	authorizationAccess   = Algorithm + " Access="
	authorizationSigned   = ", SignedHeaders="
	authorizationSigValue = ", Signature="
)

// Signer signs requests with SDK-HMAC-SHA256. It is safe for concurrent
// use, and a copy signs and prints like the original.
type Signer struct {
	ak string
	sk []byte
	// *scratch: an HMAC state keyed with sk and buffers. Behind a pointer
	// so that a copied Signer shares it and the printing methods can
	// take a value.
	scratch *sync.Pool
}

// scratch is reused across signatures: the HMAC takes its buffers through
// an interface, so buffers of its own would escape to the heap every time.
type scratch struct {
	mac   hash.Hash
	canon []byte
	sts   [len(Algorithm) + 1 + len(DateLayout) + 1 + sha256.Size*2]byte
	sum   [sha256.Size]byte
}

// NewSigner returns a signer for the access key ak and secret key sk, used
// exactly as given.
func NewSigner(ak, sk string) (*Signer, error) {
	if ak == "" || sk == "" {
		return nil, errors.New("hwpartner/auth: access key and secret key are required")
	}
	if hasCtl(ak) {
		return nil, errors.New("hwpartner/auth: access key contains control characters")
	}
	key := []byte(sk)
	s := &Signer{ak: ak, sk: key, scratch: &sync.Pool{}}
	s.scratch.New = func() any {
		return &scratch{mac: hmac.New(sha256.New, key), canon: make([]byte, 0, 1024)}
	}
	return s, nil
}

func hasCtl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}

// AccessKey returns the access key id (not secret).
func (s *Signer) AccessKey() string { return s.ak }

// String shows the access key only: the signer holds the secret key. The
// printing methods have value receivers so that a copied Signer
// (fmt.Printf("%+v", *s)) prints the same way.
func (s Signer) String() string {
	return "auth.Signer{AccessKey: " + s.ak + ", SecretKey: " + redacted + "}"
}

// GoString is String.
func (s Signer) GoString() string { return s.String() }

// Format prints String for every verb, so no verb reaches the fields.
func (s Signer) Format(f fmt.State, _ rune) { fmt.Fprint(f, s.String()) }

// LogValue logs the access key only.
func (s Signer) LogValue() slog.Value { return slog.StringValue(s.String()) }

func (s *Signer) secretKey() string { return string(s.sk) }

// Signature holds every intermediate of a signature, to compare with what a
// gateway reports when it refuses one.
type Signature struct {
	CanonicalRequest string
	StringToSign     string
	SignedHeaders    string
	Signature        string
	Authorization    string
}

// Sign signs req at time t. body must be the exact bytes that will be sent
// (req.Body is not read). It sets X-Sdk-Date, Authorization and, for
// non-JSON content types, X-Sdk-Content-Sha256; every other header already
// on req (except Content-Type and names with "_") is signed, so add
// X-Domain-Id and X-Security-Token first.
func (s *Signer) Sign(req *http.Request, body []byte, t time.Time) error {
	return s.sign(req, body, t, nil)
}

// Explain signs req like Sign and returns the intermediates.
func (s *Signer) Explain(req *http.Request, body []byte, t time.Time) (*Signature, error) {
	var sig Signature
	if err := s.sign(req, body, t, &sig); err != nil {
		return nil, err
	}
	return &sig, nil
}

type header struct {
	name  string // as on the request; lower-cased when written
	value string // trimmed
}

func (s *Signer) sign(req *http.Request, body []byte, t time.Time, out *Signature) error {
	if req == nil || req.URL == nil {
		return errors.New("hwpartner/auth: nil request or URL")
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	// One allocation holds both header values: the date, then Authorization.
	vals := make([]string, 2)
	var dateBuf [len(DateLayout)]byte
	date := appendDate(dateBuf[:0], t)
	req.Header[HeaderDate] = vals[0:1:1]
	vals[0] = string(date)
	// The official signer looks these names up case-sensitively.
	if ct, ok := req.Header["Content-Type"]; ok && len(ct) > 0 &&
		!strings.Contains(ct[0], "application/json") && !strings.Contains(ct[0], "application/bson") {
		req.Header[HeaderContentSHA256] = []string{UnsignedPayload}
	}

	var hbuf [16]header
	hs := hbuf[:0]
	for name, vs := range req.Header {
		if len(vs) == 0 || !signable(name) {
			continue
		}
		hs = append(hs, header{name: name, value: strings.TrimSpace(vs[0])})
	}
	sortHeaders(hs)

	payload, hasPayload := payloadHeader(req.Header)
	sc := s.scratch.Get().(*scratch)
	defer s.scratch.Put(sc)
	canon, err := appendCanonical(sc.canon[:0], req.Method, req.URL.Path, req.URL.RawQuery, hs, payload, hasPayload, body)
	if err != nil {
		return err
	}
	sc.canon = canon[:0] // keep a grown buffer

	sts, sig := sc.signature(date, canon)

	var abuf [256]byte
	a := append(abuf[:0], authorizationAccess...)
	a = append(a, s.ak...)
	a = append(a, authorizationSigned...)
	signedStart := len(a)
	a = appendSignedHeaders(a, hs)
	signedEnd := len(a)
	a = append(a, authorizationSigValue...)
	sigStart := len(a)
	a = hex.AppendEncode(a, sig)
	authz := string(a)
	vals[1] = authz
	req.Header[HeaderAuthorization] = vals[1:2:2]

	if out != nil {
		out.CanonicalRequest = string(canon)
		out.StringToSign = string(sts)
		out.SignedHeaders = authz[signedStart:signedEnd]
		out.Signature = authz[sigStart:]
		out.Authorization = authz
	}
	return nil
}

// signature computes the string to sign and its HMAC in sc's buffers.
func (sc *scratch) signature(date, canon []byte) (sts, sig []byte) {
	sts = sc.sts[:]
	n := copy(sts, Algorithm+"\n")
	n += copy(sts[n:], date)
	sts[n] = '\n'
	n++
	sum := sha256.Sum256(canon)
	hex.Encode(sts[n:], sum[:])
	sc.mac.Reset()
	sc.mac.Write(sts)
	return sts, sc.mac.Sum(sc.sum[:0])
}

// appendDate formats t in UTC as yyyyMMddTHHmmssZ, without time.Format's
// layout parsing: signing runs on every attempt.
func appendDate(b []byte, t time.Time) []byte {
	t = t.UTC()
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	b = append2(append2(b, y/100), y%100)
	b = append2(append2(b, int(mo)), d)
	b = append(b, 'T')
	b = append2(append2(append2(b, h), mi), sec)
	return append(b, 'Z')
}

func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }

// signable applies signing.md §2.3: Content-Type and "_" names are never
// signed, nor is a previous Authorization.
func signable(name string) bool {
	if len(name) >= len("content-type") && strings.EqualFold(name[:len("content-type")], "content-type") {
		return false
	}
	if strings.IndexByte(name, '_') >= 0 {
		return false
	}
	return !strings.EqualFold(name, HeaderAuthorization)
}

// sortHeaders sorts by lower-cased name without allocating; the list is short.
func sortHeaders(hs []header) {
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && lessFold(hs[j].name, hs[j-1].name); j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
}

func lessFold(a, b string) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		ca, cb := lower(a[i]), lower(b[i])
		if ca != cb {
			return ca < cb
		}
	}
	return len(a) < len(b)
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		b = append(b, lower(s[i]))
	}
	return b
}

func appendSignedHeaders(b []byte, hs []header) []byte {
	for i, h := range hs {
		if i > 0 {
			b = append(b, ';')
		}
		b = appendLower(b, h.name)
	}
	return b
}

// payloadHeader returns X-Sdk-Content-Sha256 and whether it is present.
// The official signer looks the exact name up and takes any value
// verbatim, the empty one included (signing.md §2.5, §3).
func payloadHeader(h http.Header) (string, bool) {
	v, ok := h[HeaderContentSHA256]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// appendCanonical appends the canonical request of signing.md §2.5. A
// present payload (X-Sdk-Content-Sha256) replaces the body hash.
func appendCanonical(b []byte, method, path, rawQuery string, hs []header, payload string, hasPayload bool, body []byte) ([]byte, error) {
	b = append(b, method...)
	b = append(b, '\n')
	b = appendEscaped(b, path, true)
	if len(b) == 0 || b[len(b)-1] != '/' {
		b = append(b, '/')
	}
	b = append(b, '\n')
	var err error
	if b, err = appendCanonicalQuery(b, rawQuery); err != nil {
		return nil, err
	}
	b = append(b, '\n')
	for _, h := range hs {
		b = appendLower(b, h.name)
		b = append(b, ':')
		b = append(b, h.value...)
		b = append(b, '\n')
	}
	b = append(b, '\n')
	b = appendSignedHeaders(b, hs)
	b = append(b, '\n')
	switch {
	case hasPayload:
		b = append(b, payload...)
	case len(body) == 0:
		b = append(b, emptyBodySHA256Hex...)
	default:
		sum := sha256.Sum256(body)
		b = hex.AppendEncode(b, sum[:])
	}
	return b, nil
}

type pair struct{ k, v string }

// appendCanonicalQuery sorts the decoded parameters by key, then value, on
// their unencoded bytes and encodes each with the strict rule of §2.4.
func appendCanonicalQuery(b []byte, rawQuery string) ([]byte, error) {
	if rawQuery == "" {
		return b, nil
	}
	var pbuf [16]pair
	ps := pbuf[:0]
	for part := range strings.SplitSeq(rawQuery, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		var err error
		if k, err = url.QueryUnescape(k); err != nil {
			return nil, errors.New("hwpartner/auth: malformed query string")
		}
		if v, err = url.QueryUnescape(v); err != nil {
			return nil, errors.New("hwpartner/auth: malformed query string")
		}
		ps = append(ps, pair{k, v})
	}
	sort.Sort(byKeyValue(ps))
	for i, p := range ps {
		if i > 0 {
			b = append(b, '&')
		}
		b = appendEscaped(b, p.k, false)
		b = append(b, '=')
		b = appendEscaped(b, p.v, false)
	}
	return b, nil
}

// byKeyValue orders pairs by key, then value. sort.Sort is in every
// net/http program already; a generic sort of pairs adds 18 KB of its own.
type byKeyValue []pair

func (p byKeyValue) Len() int      { return len(p) }
func (p byKeyValue) Swap(i, j int) { p[i], p[j] = p[j], p[i] }
func (p byKeyValue) Less(i, j int) bool {
	if p[i].k != p[j].k {
		return p[i].k < p[j].k
	}
	return p[i].v < p[j].v
}

const upperHex = "0123456789ABCDEF"

// appendEscaped keeps A-Z a-z 0-9 - _ . ~ (and "/" in paths) and writes
// every other byte as %XX with upper-case hex.
func appendEscaped(b []byte, s string, keepSlash bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '~' || keepSlash && c == '/' {
			b = append(b, c)
			continue
		}
		b = append(b, '%', upperHex[c>>4], upperHex[c&15])
	}
	return b
}
