package auth

import (
	"crypto/hmac"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// MaxClockSkew is how far X-Sdk-Date may be from the gateway's clock.
const MaxClockSkew = 15 * time.Minute

// VerifyError says why a signature was refused.
type VerifyError struct {
	// Reason is a short description, worded like the gateway's messages.
	Reason string
	// Expired is set when X-Sdk-Date is more than the allowed skew away
	// from the server's clock; SignatureTime and ServerTime are then set.
	Expired       bool
	SignatureTime time.Time
	ServerTime    time.Time
	// CanonicalRequest is what the verifier signed, when it got that far.
	CanonicalRequest string
}

func (e *VerifyError) Error() string { return "hwpartner/auth: " + e.Reason }

// Verify checks the SDK-HMAC-SHA256 signature of req as the API gateway
// does: it parses Authorization, checks X-Sdk-Date against now (at most
// maxSkew apart), re-derives the canonical request from what was received
// using the headers the client declared as signed, and compares signatures.
// secretFor returns the secret key of an access key. It returns the access
// key, or a *VerifyError.
func Verify(req *http.Request, body []byte, secretFor func(ak string) (string, bool), now time.Time, maxSkew time.Duration) (string, error) {
	return VerifyWith(req, body, func(ak string) (*Signer, bool) {
		sk, ok := secretFor(ak)
		if !ok {
			return nil, false
		}
		s, err := NewSigner(ak, sk)
		return s, err == nil
	}, now, maxSkew)
}

// VerifyWith is Verify with a signer per access key instead of a secret:
// a server that keeps its signers verifies without building one per
// request. signerFor must return a signer of that access key.
func VerifyWith(req *http.Request, body []byte, signerFor func(ak string) (*Signer, bool), now time.Time, maxSkew time.Duration) (string, error) {
	ak, signed, sig, err := parseAuthorization(req.Header.Get(HeaderAuthorization))
	if err != nil {
		return "", err
	}
	dateText := req.Header.Get(HeaderDate)
	at, perr := time.Parse(DateLayout, dateText)
	if perr != nil {
		return ak, &VerifyError{Reason: "verify aksk signature fail, X-Sdk-Date missing or malformed"}
	}
	if d := now.Sub(at); d > maxSkew || d < -maxSkew {
		return ak, &VerifyError{
			Reason:        fmt.Sprintf("calc aksk signature fail:signature expired, signature time:%s,server time:%s", at.Format(DateLayout), now.UTC().Format(DateLayout)),
			Expired:       true,
			SignatureTime: at,
			ServerTime:    now.UTC(),
		}
	}
	names := strings.Split(signed, ";")
	hasDate := false
	hs := make([]header, 0, len(names))
	for _, n := range names {
		if n != strings.ToLower(n) {
			return ak, &VerifyError{Reason: "verify aksk signature fail, signed header names must be lower case"}
		}
		hasDate = hasDate || n == "x-sdk-date"
		v := req.Header.Get(n)
		if n == "host" {
			v = req.Host
		} else if _, ok := req.Header[http.CanonicalHeaderKey(n)]; !ok {
			return ak, &VerifyError{Reason: "verify aksk signature fail, signed header " + n + " is missing"}
		}
		hs = append(hs, header{name: n, value: strings.TrimSpace(v)})
	}
	if !hasDate {
		return ak, &VerifyError{Reason: "verify aksk signature fail, x-sdk-date is not signed"}
	}
	s, ok := signerFor(ak)
	if !ok || s == nil || s.ak != ak {
		return ak, &VerifyError{Reason: "Get secretKey failed"}
	}
	sc := s.scratch.Get().(*scratch)
	defer s.scratch.Put(sc)
	payload, hasPayload := payloadHeader(req.Header)
	canon, err := appendCanonical(sc.canon[:0], req.Method, req.URL.Path, req.URL.RawQuery, hs, payload, hasPayload, body)
	if err != nil {
		return ak, &VerifyError{Reason: "verify aksk signature fail, malformed query string"}
	}
	sc.canon = canon[:0]
	_, want := sc.signature([]byte(dateText), canon)
	got, herr := hex.DecodeString(sig)
	if herr != nil || !hmac.Equal(want, got) {
		return ak, &VerifyError{Reason: "verify aksk signature fail", CanonicalRequest: string(canon)}
	}
	return ak, nil
}

func parseAuthorization(h string) (ak, signed, sig string, err error) {
	rest, ok := strings.CutPrefix(h, Algorithm+" ")
	if !ok {
		return "", "", "", &VerifyError{Reason: "verify aksk signature fail, Authorization is not " + Algorithm}
	}
	for field := range strings.SplitSeq(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(field), "=")
		switch k {
		case "Access":
			ak = v
		case "SignedHeaders":
			signed = v
		case "Signature":
			sig = v
		}
	}
	if ak == "" || signed == "" || sig == "" {
		return ak, "", "", &VerifyError{Reason: "verify aksk signature fail, Authorization lacks Access, SignedHeaders or Signature"}
	}
	return ak, signed, sig, nil
}
