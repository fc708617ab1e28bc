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

// Drop says when an injected fault closes the connection without an answer.
type Drop int

// Drops.
const (
	NoDrop Drop = iota
	// DropBeforeRead closes the connection before reading the request.
	DropBeforeRead
	// DropAfterRead reads the request, does not carry it out, and closes.
	DropAfterRead
	// DropAfterProcessing carries the request out (money moves) and then
	// closes without answering, like a server that failed mid-answer.
	DropAfterProcessing
)

// Fault is injected into the answers to one operation.
type Fault struct {
	// Status and Code answer with this error instead of carrying the
	// request out (Status 0 with a Code means 400). Message defaults to a
	// generic text.
	Status  int
	Code    string
	Message string
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter string
	// Latency delays the answer (or the drop).
	Latency time.Duration
	Drop    Drop
	// Times is how many requests the fault applies to; 0 means all until
	// ClearFaults.
	Times int
}

// Request is a request that reached the server.
type Request struct {
	// Operation is the Huawei operation name, "" for unknown routes.
	Operation string
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
	return func(s *Server) error { return s.addCredential(c) }
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
func WithErrorInjection(op string, status int, code string) Option {
	return func(s *Server) error {
		s.faults[op] = append(s.faults[op], &Fault{Status: status, Code: code})
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

	srv         *httptest.Server
	addr        string
	defaultCred Credential
	tokenTTL    time.Duration
	iamUsers    []iamUser
	routes      map[string]map[string]*route // path → method → route

	mu       sync.Mutex
	now      func() time.Time
	creds    map[string]*Credential // by access key
	tokens   map[string]issuedToken
	failures map[string]int       // consecutive auth failures per AK
	locked   map[string]time.Time // AK → locked until
	faults   map[string][]*Fault
	requests []Request
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
	s, err := Start(opts...)
	if err != nil {
		t.Fatalf("hwpartnertest: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts a server; Close stops it.
func Start(opts ...Option) (*Server, error) {
	s := &Server{
		defaultCred: Credential{
			AccessKey: DefaultAccessKey,
			SecretKey: DefaultSecretKey,
			Account:   Account{DomainID: DefaultDomainID, Name: DefaultAccountName, Kind: Distributor},
		},
		tokenTTL: auth.TokenLifetime,
		now:      time.Now,
		creds:    map[string]*Credential{},
		tokens:   map[string]issuedToken{},
		failures: map[string]int{},
		locked:   map[string]time.Time{},
		faults:   map[string][]*Fault{},
		routes:   map[string]map[string]*route{},
	}
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, err
		}
	}
	if err := s.addCredential(s.defaultCred); err != nil {
		return nil, err
	}
	s.registerRoutes()
	s.srv = httptest.NewUnstartedServer(s)
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0) // dropped connections are deliberate
	if s.addr != "" {
		l, err := net.Listen("tcp", s.addr)
		if err != nil {
			return nil, fmt.Errorf("hwpartnertest: %w", err)
		}
		s.srv.Listener.Close()
		s.srv.Listener = l
	}
	s.srv.Start()
	s.URL = s.srv.URL
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

func (s *Server) addCredential(c Credential) error {
	if c.AccessKey == "" && c.Token == "" {
		return errors.New("hwpartnertest: a credential needs an access key or a token")
	}
	if c.AccessKey != "" && c.SecretKey == "" {
		return errors.New("hwpartnertest: a credential with an access key needs a secret key")
	}
	if c.Account.Kind == 0 {
		return errors.New("hwpartnertest: a credential needs an account kind")
	}
	if c.AccessKey != "" {
		cp := c
		s.creds[c.AccessKey] = &cp
	}
	if c.Token != "" {
		s.tokens[c.Token] = issuedToken{account: c.Account}
	}
	return nil
}

// SetClock replaces the server clock.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	s.now = now
	s.mu.Unlock()
}

func (s *Server) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now()
}

// InjectFault applies f to the next requests for op (Times of them, or all).
func (s *Server) InjectFault(op string, f Fault) {
	s.mu.Lock()
	s.faults[op] = append(s.faults[op], &f)
	s.mu.Unlock()
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	s.faults = map[string][]*Fault{}
	s.mu.Unlock()
}

// Requests returns a copy of every request received, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	copy(out, s.requests)
	return out
}

// RequestCount counts requests for op ("" counts all).
func (s *Server) RequestCount(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if op == "" || r.Operation == op {
			n++
		}
	}
	return n
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	s.requests = nil
	s.mu.Unlock()
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
	op      string
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
	s.mu.Lock()
	s.seq++
	reqID := fmt.Sprintf("fake-%08d", s.seq)
	s.mu.Unlock()
	w.Header().Set("X-Request-Id", reqID)
	// The answer's Date is the fake's clock, as a gateway's is its own.
	w.Header().Set("Date", s.clock().UTC().Format(http.TimeFormat))

	rt, miss := s.lookup(r)
	rec := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), AccessKey: accessKeyOf(r)}
	if rt != nil {
		rec.Operation = rt.op
	}
	idx := s.record(rec)
	if rt == nil {
		s.write(w, idx, apiError(http.StatusNotFound, "APIGW.0101", miss))
		return
	}
	f := s.takeFault(rt.op)
	if f != nil && f.Latency > 0 {
		select {
		case <-time.After(f.Latency):
		case <-r.Context().Done():
			return
		}
	}
	if f != nil && f.Drop == DropBeforeRead {
		drop(w)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		// A body shorter than its Content-Length, or a broken chunk: the
		// request is incomplete, so nothing of it is carried out.
		s.write(w, idx, apiError(http.StatusBadRequest, "APIGW.0201", "The request body is incomplete."))
		return
	}
	s.mu.Lock()
	s.requests[idx].Body = body
	s.mu.Unlock()
	if len(body) > maxBody {
		s.write(w, idx, apiError(http.StatusRequestEntityTooLarge, "APIGW.0201", "Request entity too large."))
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
			s.write(w, idx, *fail)
			return
		}
	}
	if f != nil && (f.Status != 0 || f.Code != "") {
		s.write(w, idx, f.response())
		return
	}
	s.mu.Lock()
	resp := s.serve(rt, &call{s: s, account: acct, req: r, body: body, query: r.URL.Query()})
	s.mu.Unlock()
	if f != nil && f.Drop == DropAfterProcessing {
		drop(w)
		return
	}
	s.write(w, idx, resp)
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

func (f *Fault) response() response {
	status, msg := f.Status, f.Message
	if status == 0 {
		status = http.StatusBadRequest
	}
	if msg == "" {
		msg = "injected fault"
	}
	var r response
	if f.Code != "" {
		r = apiError(status, f.Code, msg)
	} else {
		r = response{status: status, body: map[string]string{"error_msg": msg}}
	}
	if f.RetryAfter != "" {
		r.header = http.Header{"Retry-After": {f.RetryAfter}}
	}
	return r
}

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

func (s *Server) record(r Request) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
	return len(s.requests) - 1
}

func (s *Server) takeFault(op string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs := s.faults[op]
	if len(fs) == 0 {
		return nil
	}
	f := fs[0]
	if f.Times > 0 {
		f.Times--
		if f.Times == 0 {
			s.faults[op] = fs[1:]
		}
	}
	cp := *f
	return &cp
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

func (s *Server) write(w http.ResponseWriter, idx int, r response) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	if r.status == http.StatusNoContent {
		w.WriteHeader(r.status)
		s.mu.Lock()
		s.requests[idx].Status = r.status
		s.mu.Unlock()
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	data, err := json.Marshal(r.body)
	if err != nil {
		r.status, data = http.StatusInternalServerError, []byte(`{"error_code":"CBC.0999","error_msg":"fake server could not encode its answer"}`)
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(data)
	s.mu.Lock()
	s.requests[idx].Status = r.status
	s.mu.Unlock()
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
	now := s.clock()
	fail := func(msg string) (Account, *response) {
		resp := apiError(http.StatusUnauthorized, "APIGW.0301", "Incorrect IAM authentication information: "+msg)
		return Account{}, &resp
	}
	if tok := r.Header.Get(auth.HeaderAuthToken); tok != "" {
		s.mu.Lock()
		it, ok := s.tokens[tok]
		s.mu.Unlock()
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
	s.mu.Lock()
	until, locked := s.locked[ak]
	cred := s.creds[ak]
	s.mu.Unlock()
	if locked && now.Before(until) {
		return fail("AK access failed to reach the limit,forbidden")
	}
	_, err := auth.Verify(r, body, func(string) (string, bool) {
		if cred == nil {
			return "", false
		}
		return cred.SecretKey, true
	}, now, auth.MaxClockSkew)
	if err == nil && cred.SecurityToken != "" && r.Header.Get(auth.HeaderSecurityToken) != cred.SecurityToken {
		err = errors.New("verify aksk signature fail, security token missing or wrong")
	}
	if err == nil && !signedHeader(r, "x-security-token") && cred.SecurityToken != "" {
		err = errors.New("verify aksk signature fail, security token not signed")
	}
	if err == nil {
		if d := r.Header.Get(auth.HeaderDomainID); d != "" && d != cred.Account.DomainID {
			err = errors.New("verify aksk signature fail, X-Domain-Id does not match the access key's account")
		}
	}
	if err != nil {
		s.mu.Lock()
		s.failures[ak]++
		if s.failures[ak] >= lockAfter {
			s.locked[ak] = now.Add(lockFor)
			s.failures[ak] = 0
		}
		s.mu.Unlock()
		msg := strings.TrimPrefix(err.Error(), "hwpartner/auth: ")
		var ve *auth.VerifyError
		if errors.As(err, &ve) && ve.CanonicalRequest != "" {
			// The gateway echoes its canonical request with "|" for newlines.
			msg += ", canonical request: " + strings.ReplaceAll(ve.CanonicalRequest, "\n", "|")
		}
		return fail(msg)
	}
	s.mu.Lock()
	s.failures[ak] = 0
	s.mu.Unlock()
	return cred.Account, nil
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
