package hwpartnertest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hwpartner/go-hwpartner/auth"
)

// Default credentials of the distributor account every server starts with.
const (
	DefaultAccessKey   = "HWPFAKEDISTRIBUTORAK"
	DefaultSecretKey   = "hwpartnertest-distributor-secret-key"
	DefaultDomainID    = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
	DefaultAccountName = "fake-distributor"
)

// maxBody is the gateway's body limit for AK/SK-signed requests.
const maxBody = 12 << 20

// AccountKind is the kind of partner account credentials belong to.
type AccountKind int

// Account kinds. Only distributors and solution providers have the Partner
// Center's Open APIs; each operation says which of the two may call it.
const (
	Distributor AccountKind = iota + 1
	SolutionProvider
	Reseller
	NotPartner
)

func (k AccountKind) String() string {
	switch k {
	case Distributor:
		return "distributor"
	case SolutionProvider:
		return "solution provider"
	case Reseller:
		return "reseller"
	case NotPartner:
		return "not a partner"
	}
	return "unknown"
}

// Account is a partner account that credentials act for.
type Account struct {
	DomainID string
	Name     string
	Kind     AccountKind
}

// Credential binds access keys, and optionally a security token (temporary
// keys) or an IAM token, to an account.
type Credential struct {
	AccessKey     string
	SecretKey     string
	SecurityToken string
	// Token, when set, is accepted as X-Auth-Token for Account.
	Token   string
	Account Account
}

// Request is a request that reached the server.
type Request struct {
	// Operation is the Huawei operation name, "" for unknown routes.
	Operation Op
	Method    string
	Path      string
	Query     url.Values
	Header    http.Header
	Body      []byte
	// AccessKey is the access key the request claimed, if signed.
	AccessKey string
	// Status is the HTTP status answered; 0 when the connection was dropped.
	Status int
}

// Option configures a Server.
type Option func(*Server) error

// WithAKSK replaces the default distributor's access keys.
func WithAKSK(ak, sk string) Option {
	return func(s *Server) error {
		if ak == "" || sk == "" {
			return errors.New("hwpartnertest: empty access key or secret key")
		}
		s.defaultCred.AccessKey, s.defaultCred.SecretKey = ak, sk
		return nil
	}
}

// WithDomainID sets the default distributor's account id.
func WithDomainID(id string) Option {
	return func(s *Server) error {
		if id == "" {
			return errors.New("hwpartnertest: empty domain id")
		}
		s.defaultCred.Account.DomainID = id
		return nil
	}
}

// WithToken accepts token as X-Auth-Token for the default distributor.
func WithToken(token string) Option {
	return func(s *Server) error {
		s.defaultCred.Token = token
		return nil
	}
}

// WithCredential adds credentials for another account.
func WithCredential(c Credential) Option {
	return func(s *Server) error {
		if err := checkCredential(c); err != nil {
			return err
		}
		s.extraCreds = append(s.extraCreds, c)
		return nil
	}
}

// WithIAMUser lets POST /v3/auth/tokens issue tokens for the default
// distributor to this IAM user.
func WithIAMUser(userName, password, accountName string) Option {
	return func(s *Server) error {
		s.iamUsers = append(s.iamUsers, iamUser{name: userName, password: password, account: accountName})
		return nil
	}
}

// WithTokenTTL sets the lifetime of issued tokens (24 h by default).
func WithTokenTTL(d time.Duration) Option {
	return func(s *Server) error {
		s.tokenTTL = d
		return nil
	}
}

// WithClock sets the server clock (time.Now by default).
func WithClock(now func() time.Time) Option {
	return func(s *Server) error {
		s.now = now
		return nil
	}
}

// WithErrorInjection answers every request to op with an error.
func WithErrorInjection(op Op, status int, code string) Option {
	return func(s *Server) error {
		s.injections = append(s.injections, injection{op, Fault{Status: status, Code: code}})
		return nil
	}
}

// injection is a fault given as an option, installed once the routes
// (and so the operation names) are known.
type injection struct {
	op Op
	f  Fault
}

// WithRequireDomainID refuses AK/SK requests without a signed
// X-Domain-Id, as the gateway may for a global service such as BSS.
// Without it the header is checked only when sent.
func WithRequireDomainID() Option {
	return func(s *Server) error {
		s.requireDomainID = true
		return nil
	}
}

// WithAddr listens on addr (host:port) instead of a random loopback port.
func WithAddr(addr string) Option {
	return func(s *Server) error {
		s.addr = addr
		return nil
	}
}

// Server is the fake. Its state lives in memory behind one mutex.
type Server struct {
	// URL is the base URL, http://127.0.0.1:PORT.
	URL string

	srv             *httptest.Server
	obs             *httptest.Server
	addr            string
	defaultCred     Credential
	tokenTTL        time.Duration
	iamUsers        []iamUser
	injections      []injection
	extraCreds      []Credential // WithCredential's, added after WithState
	initial         []byte       // WithState's snapshot
	adminToken      string
	control         *http.ServeMux
	controlIndex    []string
	listenAddr      string
	requireDomainID bool
	// Set before serving, read-only after: no lock needed.
	routes map[string]map[string]*route // path → method → route
	ops    map[Op]bool
	tb     testing.TB // the test of NewServer, to report misuse

	mu       sync.Mutex
	now      func() time.Time
	creds    map[string]*Credential  // by access key
	signers  map[string]*auth.Signer // by access key, for verifying
	tokens   map[string]issuedToken
	failures map[string]int       // consecutive auth failures per known AK
	locked   map[string]time.Time // AK → locked until
	faults   map[Op][]*Fault
	log      requestLog
	seed     snapshot // what Reset returns to
	seq      int
	issued   int // tokens issued by IAM
	state    state
}

type iamUser struct{ name, password, account string }

type issuedToken struct {
	account Account
	expires time.Time // zero: never
}

// state is the domain data; each domain adds its part.
type state struct {
	vouchers   vouchersState
	incentives incentivesState
	funds      fundsState
	realName   realNameState
	customers  customersState
}

// NewServer starts a server and closes it when t ends. It fails t if the
// options are wrong.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := start(t, opts)
	if err != nil {
		t.Fatalf("%v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts a server; Close stops it.
func Start(opts ...Option) (*Server, error) { return start(nil, opts) }

func start(tb testing.TB, opts []Option) (*Server, error) {
	s := &Server{
		tb: tb,
		defaultCred: Credential{
			AccessKey: DefaultAccessKey,
			SecretKey: DefaultSecretKey,
			Account:   Account{DomainID: DefaultDomainID, Name: DefaultAccountName, Kind: Distributor},
		},
		tokenTTL: auth.TokenLifetime,
		now:      time.Now,
		creds:    map[string]*Credential{},
		signers:  map[string]*auth.Signer{},
		tokens:   map[string]issuedToken{},
		failures: map[string]int{},
		locked:   map[string]time.Time{},
		faults:   map[Op][]*Fault{},
		routes:   map[string]map[string]*route{},
		ops:      map[Op]bool{OBSOperation: true},
		log:      requestLog{limit: DefaultRequestLog},
	}
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, err
		}
	}
	s.registerRoutes()
	if s.initial != nil {
		if err := s.Restore(s.initial); err != nil {
			return nil, err
		}
	}
	// The options' credentials win over a snapshot's.
	for _, c := range append([]Credential{s.defaultCred}, s.extraCreds...) {
		if err := s.addCredential(c); err != nil {
			return nil, err
		}
	}
	s.seed = s.snapshotLocked()
	for _, in := range s.injections {
		if err := s.checkOp(in.op); err != nil {
			return nil, err
		}
		if err := in.f.check(); err != nil {
			return nil, err
		}
		f := in.f
		s.faults[in.op] = append(s.faults[in.op], &f)
	}
	s.srv = httptest.NewUnstartedServer(s)
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0) // dropped connections are deliberate
	if s.addr != "" {
		l, err := net.Listen("tcp", s.addr)
		if err != nil {
			return nil, errorf("%w", err)
		}
		s.srv.Listener.Close()
		s.srv.Listener = l
	}
	s.control = s.controlRoutes()
	s.srv.Start()
	s.URL = s.srv.URL
	s.listenAddr = s.srv.Listener.Addr().String()
	s.startOBS()
	return s, nil
}

// Close stops the server.
func (s *Server) Close() {
	s.srv.Close()
	s.closeOBS()
}

// AccessKey, SecretKey and DomainID are the default distributor's.
func (s *Server) AccessKey() string { return s.defaultCred.AccessKey }

// SecretKey is the default distributor's secret key.
func (s *Server) SecretKey() string { return s.defaultCred.SecretKey }

// DomainID is the default distributor's account id.
func (s *Server) DomainID() string { return s.defaultCred.Account.DomainID }

// AddCredential adds credentials for an account.
func (s *Server) AddCredential(c Credential) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addCredential(c)
}

func checkCredential(c Credential) error {
	switch {
	case c.AccessKey == "" && c.Token == "":
		return errors.New("hwpartnertest: a credential needs an access key or a token")
	case c.AccessKey != "" && c.SecretKey == "":
		return errors.New("hwpartnertest: a credential with an access key needs a secret key")
	case c.Account.Kind < Distributor || c.Account.Kind > NotPartner:
		return errors.New("hwpartnertest: a credential needs an account kind")
	}
	return nil
}

func (s *Server) addCredential(c Credential) error {
	if err := checkCredential(c); err != nil {
		return err
	}
	if c.AccessKey != "" {
		signer, err := auth.NewSigner(c.AccessKey, c.SecretKey)
		if err != nil {
			return errorf("%w", err)
		}
		cp := c
		s.creds[c.AccessKey] = &cp
		s.signers[c.AccessKey] = signer
	}
	if c.Token != "" {
		s.tokens[c.Token] = issuedToken{account: c.Account}
	}
	return nil
}

// SetClock replaces the server clock.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// Requests returns the requests received since the last ResetRequests,
// oldest first: the newest DefaultRequestLog of them (see
// WithRequestLog). Requests to the fake OBS endpoint come without their
// bodies.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.entries()
}

// RequestCount counts the requests for op since the last ResetRequests
// ("" counts all), however many the log keeps. An operation the server
// does not serve is misuse: it fails the test of NewServer and counts -1,
// so no expected count matches it.
func (s *Server) RequestCount(op Op) int {
	if s.tb != nil {
		s.tb.Helper()
	}
	if op != "" {
		if err := s.checkOp(op); err != nil {
			_ = s.misuse(err)
			return -1
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if op == "" {
		return s.log.total
	}
	return s.log.counts[op]
}

// ResetRequests forgets the recorded requests and their counts. Requests
// in flight finish normally; the ones that arrived before the reset are
// not recorded again.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log.reset()
}

// TokensIssued counts the tokens IAM issued.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

// nextID returns a deterministic id; callers hold s.mu.
func (s *Server) nextID(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%012d", prefix, s.seq)
}

// route is one operation: who may call it and what it does. handle runs
// with s.mu held.
type route struct {
	op      Op
	method  string
	path    string
	allowed []AccountKind // nil: any authenticated caller
	noAuth  bool
	handle  func(c *call) response
}

// call is one authenticated request as a handler sees it.
type call struct {
	s       *Server
	account Account
	req     *http.Request
	body    []byte
	query   url.Values
}

type response struct {
	status int
	body   any
	header http.Header
}

func ok(body any) response { return response{status: http.StatusOK, body: body} }

func apiError(status int, code, msg string) response {
	return response{status: status, body: map[string]string{"error_code": code, "error_msg": msg}}
}

// badParam is CBC.0100 naming the field, as the API reports bad input.
func badParam(field, problem string) response {
	return apiError(http.StatusBadRequest, "CBC.0100", fmt.Sprintf("invalid parameter: %s %s", field, problem))
}

// decode reads the JSON body strictly: an unknown field is a client bug.
func (c *call) decode(v any) *response {
	d := json.NewDecoder(bytes.NewReader(c.body))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		r := badParam("body", "is not valid: "+err.Error())
		return &r
	}
	return nil
}

func (s *Server) handle(r *route) {
	s.ops[r.op] = true
	if s.routes[r.path] == nil {
		s.routes[r.path] = map[string]*route{}
	}
	s.routes[r.path][r.method] = r
}

func (s *Server) registerRoutes() {
	s.handle(&route{op: "KeystoneCreateUserTokenByPassword", method: http.MethodPost, path: "/v3/auth/tokens", noAuth: true, handle: s.createToken})
	s.registerVouchers()
	s.registerIncentives()
	s.registerFunds()
	s.registerRealName()
	s.registerCustomers()
}

// ServeHTTP implements the gateway: routing, recording, faults,
// authentication, account kinds, then the operation.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, ControlPrefix) || r.URL.Path+"/" == ControlPrefix {
		s.serveControl(w, r)
		return
	}
	rt, miss := s.lookup(r)
	var op Op
	if rt != nil {
		op = rt.op
	}
	query := r.URL.Query()
	e, reqID, now := s.newEntry(op, r, r.Header.Clone(), query)
	w.Header()["X-Request-Id"] = []string{reqID}
	// The answer's Date is the fake's clock, as a gateway's is its own.
	w.Header()["Date"] = []string{now.UTC().Format(http.TimeFormat)}
	if rt == nil {
		s.write(w, e, apiError(http.StatusNotFound, "APIGW.0101", miss))
		return
	}
	f := s.takeFault(rt.op)
	if !f.wait(r) {
		return
	}
	if f != nil && f.Drop == DropBeforeRead {
		drop(w)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		// A body shorter than its Content-Length, or a broken chunk: the
		// request is incomplete, so nothing of it is carried out.
		s.write(w, e, apiError(http.StatusBadRequest, "APIGW.0201", "The request body is incomplete."))
		return
	}
	s.setBody(e, body)
	if len(body) > maxBody {
		s.write(w, e, apiError(http.StatusRequestEntityTooLarge, "APIGW.0201", "Request entity too large."))
		return
	}
	if f != nil && f.Drop == DropAfterRead {
		drop(w)
		return
	}
	var acct Account
	if !rt.noAuth {
		var fail *response
		if acct, fail = s.authenticate(r, body); fail != nil {
			s.write(w, e, *fail)
			return
		}
	}
	if f != nil && f.answers() {
		s.write(w, e, f.response())
		return
	}
	resp := s.serveLocked(rt, &call{s: s, account: acct, req: r, body: body, query: query})
	if f != nil && f.Drop == DropAfterProcessing {
		drop(w)
		return
	}
	s.write(w, e, resp)
}

// serveLocked runs the operation with s.mu held. A handler that panics
// (a bug in the fake) answers 500 and fails the test, and the lock is
// released either way.
func (s *Server) serveLocked(rt *route, c *call) (resp response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			if s.tb != nil {
				s.tb.Errorf("hwpartnertest: %s panicked: %v", rt.op, p)
			}
			resp = apiError(http.StatusInternalServerError, "CBC.0999", "The fake server failed on this request.")
		}
	}()
	return s.serve(rt, c)
}

func (s *Server) serve(rt *route, c *call) response {
	if rt.allowed != nil && !allowedKind(rt.allowed, c.account.Kind) {
		return refuseKind(c.account.Kind)
	}
	return rt.handle(c)
}

func allowedKind(kinds []AccountKind, k AccountKind) bool {
	for _, a := range kinds {
		if a == k {
			return true
		}
	}
	return false
}

// refuseKind answers the way the API refuses the wrong kind of account:
// a non-partner gets CBC.5001 with HTTP 200 (as documented); resellers,
// which have no Open APIs, and solution providers on distributor-only
// operations get 403 CBC.0155.
func refuseKind(k AccountKind) response {
	if k == NotPartner {
		return apiError(http.StatusOK, "CBC.5001", "The caller is not a partner.")
	}
	return apiError(http.StatusForbidden, "CBC.0155", "The request is not allowed: these credentials have no permission for this API.")
}

// Operations open to distributors only, and to solution providers too.
var (
	distributorOnly = []AccountKind{Distributor}
	partners        = []AccountKind{Distributor, SolutionProvider}
)

func (s *Server) lookup(r *http.Request) (*route, string) {
	byMethod, ok := s.routes[r.URL.Path]
	if !ok {
		return nil, "The API does not exist or has not been published in the environment."
	}
	rt, ok := byMethod[r.Method]
	if !ok {
		return nil, "The API does not exist."
	}
	return rt, ""
}

func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			if tc, ok := conn.(*net.TCPConn); ok {
				_ = tc.SetLinger(0) // a reset, not a clean close
			}
			conn.Close()
			return
		}
	}
	// Unreachable: the fake serves HTTP/1.1 only, where hijacking works.
}

func (s *Server) write(w http.ResponseWriter, e *logEntry, r response) {
	h := w.Header()
	for k, v := range r.header {
		h[k] = v
	}
	if r.status == http.StatusNoContent {
		w.WriteHeader(r.status)
		s.setStatus(e, r.status)
		return
	}
	h["Content-Type"] = []string{"application/json;charset=UTF-8"}
	data, err := json.Marshal(r.body)
	if err != nil {
		r.status, data = http.StatusInternalServerError, []byte(`{"error_code":"CBC.0999","error_msg":"fake server could not encode its answer"}`)
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(data)
	s.setStatus(e, r.status)
}

func accessKeyOf(r *http.Request) string {
	h := r.Header.Get(auth.HeaderAuthorization)
	if _, rest, ok := strings.Cut(h, "Access="); ok {
		ak, _, _ := strings.Cut(rest, ",")
		return ak
	}
	return ""
}

const (
	lockAfter = 5
	lockFor   = 5 * time.Minute
)

// authenticate checks a token or a signature as the gateway does.
func (s *Server) authenticate(r *http.Request, body []byte) (Account, *response) {
	fail := func(msg string) (Account, *response) {
		resp := apiError(http.StatusUnauthorized, "APIGW.0301", "Incorrect IAM authentication information: "+msg)
		return Account{}, &resp
	}
	if tok := r.Header.Get(auth.HeaderAuthToken); tok != "" {
		it, ok, now := s.token(tok)
		switch {
		case !ok:
			return fail("decrypt token fail")
		case !it.expires.IsZero() && !now.Before(it.expires):
			return fail("token expires, expires_at: " + it.expires.UTC().Format(time.RFC3339))
		}
		return it.account, nil
	}
	if r.Header.Get(auth.HeaderAuthorization) == "" {
		return fail("x-auth-token not found")
	}
	ak := accessKeyOf(r)
	k := s.key(ak)
	if k.locked {
		return fail("AK access failed to reach the limit,forbidden")
	}
	_, err := auth.VerifyWith(r, body, func(string) (*auth.Signer, bool) { return k.signer, k.signer != nil }, k.now, auth.MaxClockSkew)
	if err == nil {
		err = s.checkCredentialHeaders(r, k.cred)
	}
	s.noteAuth(ak, k.cred != nil, err == nil, k.now)
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "hwpartner/auth: ")
		var ve *auth.VerifyError
		if errors.As(err, &ve) && ve.CanonicalRequest != "" {
			// The gateway echoes its canonical request with "|" for newlines.
			msg += ", canonical request: " + strings.ReplaceAll(ve.CanonicalRequest, "\n", "|")
		}
		return fail(msg)
	}
	return k.cred.Account, nil
}

// checkCredentialHeaders checks the headers that go with a valid
// signature: the security token of temporary keys (and none with
// permanent keys), and X-Domain-Id.
func (s *Server) checkCredentialHeaders(r *http.Request, cred *Credential) error {
	tok, hasTok := r.Header[auth.HeaderSecurityToken]
	switch {
	case cred.SecurityToken == "" && hasTok:
		return errors.New("verify aksk signature fail, a security token was sent with permanent access keys")
	case cred.SecurityToken != "" && (len(tok) != 1 || tok[0] != cred.SecurityToken):
		return errors.New("verify aksk signature fail, security token missing or wrong")
	case cred.SecurityToken != "" && !signedHeader(r, "x-security-token"):
		return errors.New("verify aksk signature fail, security token not signed")
	}
	d, hasDomain := r.Header[auth.HeaderDomainID]
	switch {
	case hasDomain && (len(d) != 1 || d[0] != cred.Account.DomainID):
		return errors.New("verify aksk signature fail, X-Domain-Id does not match the access key's account")
	case s.requireDomainID && !hasDomain:
		return errors.New("verify aksk signature fail, X-Domain-Id is missing: a global service needs the account id")
	case s.requireDomainID && !signedHeader(r, "x-domain-id"):
		return errors.New("verify aksk signature fail, X-Domain-Id not signed")
	}
	return nil
}

// keyInfo is what authenticate needs to know of an access key, read
// under one lock.
type keyInfo struct {
	now    time.Time
	cred   *Credential
	signer *auth.Signer
	locked bool
}

func (s *Server) key(ak string) keyInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	until, locked := s.locked[ak]
	return keyInfo{now: now, cred: s.creds[ak], signer: s.signers[ak], locked: locked && now.Before(until)}
}

func (s *Server) token(tok string) (issuedToken, bool, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.tokens[tok]
	return it, ok, s.now()
}

// noteAuth counts consecutive failures of a known access key and locks it
// after lockAfter of them. Unknown keys are not tracked: they have
// nothing to lock, and tracking them would grow without bound.
func (s *Server) noteAuth(ak string, known, ok bool, now time.Time) {
	if !known {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ok {
		delete(s.failures, ak)
		return
	}
	s.failures[ak]++
	if s.failures[ak] >= lockAfter {
		s.locked[ak] = now.Add(lockFor)
		delete(s.failures, ak)
	}
}

func signedHeader(r *http.Request, name string) bool {
	_, rest, _ := strings.Cut(r.Header.Get(auth.HeaderAuthorization), "SignedHeaders=")
	list, _, _ := strings.Cut(rest, ",")
	for _, n := range strings.Split(list, ";") {
		if n == name {
			return true
		}
	}
	return false
}

// createToken is IAM's POST /v3/auth/tokens with the password method.
func (s *Server) createToken(c *call) response {
	var req struct {
		Auth struct {
			Identity struct {
				Methods  []string `json:"methods"`
				Password struct {
					User struct {
						Name     string `json:"name"`
						Password string `json:"password"`
						Domain   struct {
							Name string `json:"name"`
						} `json:"domain"`
					} `json:"user"`
				} `json:"password"`
			} `json:"identity"`
			Scope struct {
				Domain *struct {
					Name string `json:"name"`
				} `json:"domain"`
				Project *struct {
					Name string `json:"name"`
				} `json:"project"`
			} `json:"scope"`
		} `json:"auth"`
	}
	iamErr := func(status int, msg string) response {
		return response{status: status, body: map[string]any{"error": map[string]any{"code": status, "message": msg, "title": http.StatusText(status)}}}
	}
	if err := json.Unmarshal(c.body, &req); err != nil {
		return iamErr(http.StatusBadRequest, "The request body is not valid JSON.")
	}
	id := req.Auth.Identity
	if len(id.Methods) != 1 || id.Methods[0] != "password" {
		return iamErr(http.StatusBadRequest, "Only the password method is supported.")
	}
	u := id.Password.User
	valid := false
	for _, iu := range s.iamUsers {
		if iu.name == u.Name && iu.password == u.Password && iu.account == u.Domain.Name {
			valid = true
		}
	}
	if !valid {
		return iamErr(http.StatusUnauthorized, "The username or password is wrong.")
	}
	if req.Auth.Scope.Domain == nil || req.Auth.Scope.Domain.Name != u.Domain.Name {
		return iamErr(http.StatusBadRequest, "BSS needs a token scoped to the account (domain).")
	}
	now := s.now()
	tok := "fake-iam-token-" + s.nextID("")
	exp := now.Add(s.tokenTTL)
	for t, it := range s.tokens { // expired tokens would pile up in a long run
		if !it.expires.IsZero() && now.Sub(it.expires) > 24*time.Hour {
			delete(s.tokens, t)
		}
	}
	s.tokens[tok] = issuedToken{account: s.defaultCred.Account, expires: exp}
	s.issued++
	return response{
		status: http.StatusCreated,
		header: http.Header{"X-Subject-Token": {tok}},
		body: map[string]any{"token": map[string]any{
			"methods":    []string{"password"},
			"issued_at":  now.UTC().Format("2006-01-02T15:04:05.000000Z"),
			"expires_at": exp.UTC().Format("2006-01-02T15:04:05.000000Z"),
			"user":       map[string]any{"name": u.Name, "domain": map[string]string{"name": u.Domain.Name, "id": s.defaultCred.Account.DomainID}},
		}},
	}
}

// SeedDemo fills the server with demo data for examples and manual tests:
// resellers with balances, voucher quotas, a real-name bucket, and
// customers of each association type, some of them resellers'. It is
// deterministic.
func (s *Server) SeedDemo() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seedFundsDemo()
	s.seedVouchersDemo()
	s.seedIncentivesDemo()
	s.seedRealNameDemo()
	s.seedCustomersDemo()
}
