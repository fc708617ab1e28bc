package hwpartnertest

import (
	"bytes"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"time"
)

// maxObject bounds what the fake OBS keeps of one object; real OBS takes
// up to 5 GB in one PUT.
const maxObject = 64 << 20

// obsSkew is how far a request's Date may be from the server clock.
const obsSkew = 15 * time.Minute

type bucket struct {
	owner   string // account (domain) id
	objects map[string]object
}

type object struct {
	data        []byte
	contentType string
}

// startOBS serves the OBS endpoint next to the gateway: OBS is another
// host with another protocol (path-style PUT Object, signature V2).
func (s *Server) startOBS() {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(s.serveOBS))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	s.obs = srv
}

func (s *Server) closeOBS() {
	if s.obs != nil {
		s.obs.Close()
	}
}

// OBSEndpoint is the base URL of the fake OBS endpoint
// (http://127.0.0.1:PORT). Buckets are addressed path-style.
func (s *Server) OBSEndpoint() string { return s.obs.URL }

// CreateBucket creates an empty bucket owned by the account domainID (""
// is the default distributor). Only that account's keys may write to it.
func (s *Server) CreateBucket(name, domainID string) error {
	if name == "" || strings.Contains(name, "/") {
		return errors.New("hwpartnertest: a bucket name must be non-empty and without /")
	}
	if domainID == "" {
		domainID = s.DomainID()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.state.realName.buckets[name]; ok {
		return fmt.Errorf("hwpartnertest: bucket %s exists", name)
	}
	s.state.realName.buckets[name] = &bucket{owner: domainID, objects: map[string]object{}}
	return nil
}

// Object returns a copy of an object's content.
func (s *Server) Object(bucketName, key string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.state.realName.buckets[bucketName]
	if b == nil {
		return nil, false
	}
	o, ok := b.objects[key]
	return bytes.Clone(o.data), ok
}

// ObjectKeys lists a bucket's keys, sorted.
func (s *Server) ObjectKeys(bucketName string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var keys []string
	if b := s.state.realName.buckets[bucketName]; b != nil {
		for k := range b.objects {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

type obsError struct {
	XMLName   xml.Name `xml:"Error"`
	Code      string   `xml:"Code"`
	Message   string   `xml:"Message"`
	RequestID string   `xml:"RequestId"`
}

// serveOBS is PUT Object, path-style: PUT /bucket/key.
func (s *Server) serveOBS(w http.ResponseWriter, r *http.Request) {
	_, ak, _ := obsAuthorization(r)
	e, reqID := s.newOBSEntry(r, ak)
	w.Header()["X-Amz-Request-Id"] = []string{reqID}
	w.Header()["X-Obs-Request-Id"] = []string{reqID}
	fail := func(status int, code, msg string) {
		s.writeOBS(w, e, status, obsError{Code: code, Message: msg, RequestID: reqID})
	}
	f := s.takeFault(OBSOperation)
	if !f.wait(r) {
		return
	}
	if f != nil && f.Drop == DropBeforeRead {
		drop(w)
		return
	}
	bucketName, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if r.Method != http.MethodPut || key == "" {
		fail(http.StatusMethodNotAllowed, "MethodNotAllowed", "The fake OBS serves PUT Object only.")
		return
	}
	if problem := s.checkOBSAuth(r, bucketName); problem != nil {
		fail(problem.status, problem.code, problem.msg)
		return
	}
	if f != nil && f.answers() {
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		msg := f.Message
		if msg == "" {
			msg = "injected fault"
		}
		fail(max(f.Status, http.StatusBadRequest), f.Code, msg)
		return
	}
	// An upload cut short (client abort, short body) fails to read and
	// stores nothing, as OBS does.
	data, err := io.ReadAll(io.LimitReader(r.Body, maxObject+1))
	if err != nil {
		return
	}
	if len(data) > maxObject {
		fail(http.StatusBadRequest, "EntityTooLarge", "The fake OBS keeps objects up to 64 MB.")
		return
	}
	if f != nil && f.Drop == DropAfterRead {
		drop(w)
		return
	}
	s.putObject(bucketName, key, data, r.Header.Get("Content-Type"))
	if f != nil && f.Drop == DropAfterProcessing {
		drop(w)
		return
	}
	sum := md5.Sum(data)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:])+`"`)
	s.writeOBS(w, e, http.StatusOK, nil)
}

func (s *Server) newOBSEntry(r *http.Request, ak string) (*logEntry, string) {
	e := &logEntry{req: Request{Operation: OBSOperation, Method: r.Method, Path: r.URL.Path,
		Query: r.URL.Query(), Header: r.Header.Clone(), AccessKey: ak}}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	s.log.add(e)
	return e, requestID("fake-obs-", s.seq)
}

func (s *Server) putObject(bucketName, key string, data []byte, contentType string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.state.realName.buckets[bucketName]; b != nil {
		b.objects[key] = object{data: data, contentType: contentType}
	}
}

func (s *Server) obsKey(ak, bucketName string) (*Credential, time.Time, *bucket) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.creds[ak], s.now(), s.state.realName.buckets[bucketName]
}

type obsProblem struct {
	status    int
	code, msg string
}

// checkOBSAuth verifies the V2 signature (AWS or OBS scheme), the date and
// that the keys' account owns the bucket.
func (s *Server) checkOBSAuth(r *http.Request, bucketName string) *obsProblem {
	denied := func(code, msg string) *obsProblem {
		return &obsProblem{status: http.StatusForbidden, code: code, msg: msg}
	}
	scheme, ak, sig := obsAuthorization(r)
	if scheme == "" {
		return denied("AccessDenied", "Anonymous writes are not allowed.")
	}
	cred, now, b := s.obsKey(ak, bucketName)
	if cred == nil {
		return denied("InvalidAccessKeyId", "The access key does not exist.")
	}
	prefix := "x-amz-"
	if scheme == "OBS" {
		prefix = "x-obs-"
	}
	date := r.Header.Get(prefix + "date")
	if date == "" {
		date = r.Header.Get("Date")
	}
	t, err := http.ParseTime(date)
	if err != nil || t.Sub(now).Abs() > obsSkew {
		return denied("RequestTimeTooSkewed", "The difference between the request time and the server's time is too large.")
	}
	mac := hmac.New(sha1.New, []byte(cred.SecretKey))
	mac.Write([]byte(obsStringToSign(r, prefix)))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return denied("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.")
	}
	if cred.SecurityToken != "" && r.Header.Get(prefix+"security-token") != cred.SecurityToken {
		return denied("InvalidToken", "The security token is missing or wrong.")
	}
	if b == nil {
		return &obsProblem{status: http.StatusNotFound, code: "NoSuchBucket", msg: "The specified bucket does not exist."}
	}
	if b.owner != cred.Account.DomainID {
		return denied("AccessDenied", "Access Denied")
	}
	return nil
}

// obsAuthorization splits "AWS ak:signature" or "OBS ak:signature".
func obsAuthorization(r *http.Request) (scheme, ak, sig string) {
	scheme, rest, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || (scheme != "AWS" && scheme != "OBS") {
		return "", "", ""
	}
	ak, sig, _ = strings.Cut(rest, ":")
	return scheme, ak, sig
}

// obsStringToSign is signature V2's: method, Content-MD5, Content-Type,
// Date (empty when the prefixed date header is sent), the prefixed
// headers sorted, and the resource exactly as requested.
func obsStringToSign(r *http.Request, prefix string) string {
	date := r.Header.Get("Date")
	if r.Header.Get(prefix+"date") != "" {
		date = ""
	}
	var extra []string
	for k, vs := range r.Header {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, prefix) {
			extra = append(extra, lk+":"+strings.Join(vs, ","))
		}
	}
	sort.Strings(extra)
	resource, _, _ := strings.Cut(r.RequestURI, "?")
	lines := append([]string{r.Method, r.Header.Get("Content-MD5"), r.Header.Get("Content-Type"), date}, extra...)
	return strings.Join(append(lines, resource), "\n")
}

func (s *Server) writeOBS(w http.ResponseWriter, e *logEntry, status int, body any) {
	if body != nil {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, xml.Header)
		_ = xml.NewEncoder(w).Encode(body)
	} else {
		w.WriteHeader(status)
	}
	s.setStatus(e, status)
}
