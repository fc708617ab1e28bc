package hwpartnertest

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// ControlPrefix is where the control API lives on the server's own
// address: JSON in and out, for tests in any language to seed, inspect,
// inject faults and reset (see the package doc). Paths under it are never
// API paths, and requests to it are not recorded.
const ControlPrefix = "/_fake/"

// maxControlBody bounds a control request (a whole state included).
const maxControlBody = 256 << 20

// WithAdminToken guards the control API: every control request must send
// "Authorization: Bearer token". Without it the control API answers
// only requests from a loopback address to a server listening on one.
func WithAdminToken(token string) Option {
	return func(s *Server) error {
		if token == "" || strings.ContainsAny(token, " \r\n") {
			return errorf("the admin token must be non-empty, without spaces or line breaks")
		}
		s.adminToken = token
		return nil
	}
}

// controlError is the body of every refused control request.
type controlError struct {
	Error string `json:"error"`
}

type ctlHandler func(r *http.Request) (int, any)

func (s *Server) controlRoutes() *http.ServeMux {
	m := http.NewServeMux()
	h := func(pattern string, f ctlHandler) {
		method, path, _ := strings.Cut(pattern, " ")
		full := method + " " + strings.TrimSuffix(ControlPrefix, "/") + path
		s.controlIndex = append(s.controlIndex, strings.TrimSuffix(full, "{$}"))
		m.HandleFunc(full, func(w http.ResponseWriter, r *http.Request) {
			status, body := f(r)
			writeControl(w, status, body)
		})
	}
	h("GET /{$}", s.ctlIndex)
	h("GET /config", func(*http.Request) (int, any) { return http.StatusOK, s.ClientConfig() })
	h("GET /operations", func(*http.Request) (int, any) { return http.StatusOK, s.Ops() })
	h("POST /credentials", s.ctlAddCredential)

	h("GET /resellers", s.ctlResellers)
	h("POST /resellers", s.ctlSeedResellers)
	h("GET /balances", s.ctlBalances)
	h("GET /balances/{id}", func(r *http.Request) (int, any) {
		return http.StatusOK, map[string]any{"id": r.PathValue("id"), "amount": s.Balance(r.PathValue("id"))}
	})
	h("PUT /balances/{id}", s.ctlSetBalance)
	h("POST /adjust-records", s.ctlSeedAdjustRecord)
	h("GET /books", s.ctlBooks)

	h("GET /quotas", func(*http.Request) (int, any) { return http.StatusOK, nonNil(s.Quotas()) })
	h("POST /quotas", s.ctlSeedQuota)
	h("GET /quotas/{id}", s.ctlQuota)
	h("POST /quotas/{id}/freeze", func(r *http.Request) (int, any) { return done(s.FreezeQuota(r.PathValue("id"))) })
	h("POST /quotas/{id}/expire", func(r *http.Request) (int, any) { return done(s.ExpireQuota(r.PathValue("id"))) })
	h("POST /quotas/{id}/spend", s.ctlSpendQuota)

	h("GET /discount-policies", s.ctlPolicies)
	h("POST /discount-policies", s.ctlSeedPolicies)

	h("PUT /real-name/config", s.ctlRealNameConfig)
	h("POST /real-name/customers", s.ctlSeedRealNameCustomer)
	h("GET /real-name/customers/{id}", s.ctlRealNameCustomer)
	h("POST /real-name/customers/{id}/approve", func(r *http.Request) (int, any) {
		return done(s.ApproveRealName(r.PathValue("id")))
	})
	h("POST /real-name/customers/{id}/reject", s.ctlRejectRealName)
	h("POST /buckets", s.ctlCreateBucket)
	h("GET /buckets/{name}/objects", func(r *http.Request) (int, any) {
		return http.StatusOK, nonNil(s.ObjectKeys(r.PathValue("name")))
	})

	s.customerControlRoutes(h)

	h("GET /faults", s.ctlFaults)
	h("POST /faults", s.ctlInjectFault)
	h("DELETE /faults", func(*http.Request) (int, any) { s.ClearFaults(); return done(nil) })
	h("GET /requests", s.ctlRequests)
	h("GET /requests/count", s.ctlRequestCount)
	h("DELETE /requests", func(*http.Request) (int, any) { s.ResetRequests(); return done(nil) })

	h("GET /clock", func(*http.Request) (int, any) { return http.StatusOK, map[string]time.Time{"now": s.Now()} })
	h("PUT /clock", s.ctlSetClock)
	h("POST /seed-demo", func(*http.Request) (int, any) { s.SeedDemo(); return done(nil) })
	h("POST /mark-seed", func(*http.Request) (int, any) { s.MarkSeed(); return done(nil) })
	h("POST /reset", func(*http.Request) (int, any) { return done(s.Reset()) })
	h("GET /state", s.ctlState)
	h("PUT /state", s.ctlLoadState)

	m.HandleFunc(ControlPrefix, func(w http.ResponseWriter, r *http.Request) {
		writeControl(w, http.StatusNotFound, controlError{"no such control endpoint: " + r.Method + " " + r.URL.Path + "; GET " + ControlPrefix + " lists them"})
	})
	return m
}

// serveControl authorises a control request and runs it.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	if msg := s.controlRefusal(r); msg != "" {
		writeControl(w, http.StatusForbidden, controlError{msg})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxControlBody)
	s.control.ServeHTTP(w, r)
}

func (s *Server) controlRefusal(r *http.Request) string {
	if s.adminToken != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(s.adminToken)) != 1 {
			return "the control API needs the admin token: Authorization: Bearer <token>"
		}
		return ""
	}
	if !isLoopback(r.RemoteAddr) || !isLoopback(s.listenAddr) {
		return "the control API answers loopback clients of a server on a loopback address only; start the server with an admin token to use it from elsewhere"
	}
	return ""
}

func isLoopback(hostPort string) bool {
	host, _, err := net.SplitHostPort(hostPort)
	if err != nil {
		host = hostPort
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func writeControl(w http.ResponseWriter, status int, body any) {
	data, err := json.MarshalIndent(body, "", "  ")
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"error":"the answer could not be encoded"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(data, '\n'))
}

// done answers a control call that returns nothing but an error.
func done(err error) (int, any) {
	if err != nil {
		return http.StatusBadRequest, controlError{strings.TrimPrefix(err.Error(), "hwpartnertest: ")}
	}
	return http.StatusOK, map[string]bool{"ok": true}
}

func bad(format string, args ...any) (int, any) {
	return done(errorf(format, args...))
}

// readControl decodes a control request body strictly.
func readControl(r *http.Request, v any) error {
	d := json.NewDecoder(r.Body)
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errorf("the request needs a JSON body")
		}
		return errorf("bad JSON body: %v", err)
	}
	if d.More() {
		return errorf("the body holds more than one JSON value")
	}
	return nil
}

// oneOrMany decodes an object or an array of objects.
func oneOrMany[T any](r *http.Request) ([]T, error) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, errorf("reading the body: %v", err)
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] != '[' {
		raw = append(append([]byte{'['}, raw...), ']')
	}
	var out []T
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&out); err != nil {
		return nil, errorf("bad JSON body: %v", err)
	}
	return out, nil
}

func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

func (s *Server) ctlIndex(*http.Request) (int, any) {
	return http.StatusOK, map[string]any{"control_api": s.controlIndex, "operations": s.Ops()}
}

func (s *Server) ctlAddCredential(r *http.Request) (int, any) {
	var cj credentialJSON
	if err := readControl(r, &cj); err != nil {
		return done(err)
	}
	kind, err := parseKind(cj.Account.Kind)
	if err != nil {
		return done(err)
	}
	return done(s.AddCredential(Credential{AccessKey: cj.AccessKey, SecretKey: cj.SecretKey, SecurityToken: cj.SecurityToken,
		Token: cj.Token, Account: Account{DomainID: cj.Account.DomainID, Name: cj.Account.Name, Kind: kind}}))
}

func (s *Server) ctlResellers(*http.Request) (int, any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.funds()
	out := []IndirectPartner{}
	for _, id := range f.order {
		r := *f.resellers[id]
		r.Balance = Amount{f.balances[id]}
		out = append(out, r)
	}
	return http.StatusOK, out
}

func (s *Server) ctlSeedResellers(r *http.Request) (int, any) {
	rs, err := oneOrMany[IndirectPartner](r)
	if err != nil {
		return done(err)
	}
	for _, p := range rs {
		if err := s.SeedReseller(p); err != nil {
			return done(err)
		}
	}
	return done(nil)
}

func (s *Server) ctlBalances(*http.Request) (int, any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]Amount{}
	for id, b := range s.funds().balances {
		out[id] = Amount{b}
	}
	return http.StatusOK, out
}

func (s *Server) ctlSetBalance(r *http.Request) (int, any) {
	var req struct {
		Amount *Amount `json:"amount"`
	}
	if err := readControl(r, &req); err != nil {
		return done(err)
	}
	if req.Amount == nil {
		return bad("the body needs an amount")
	}
	return done(s.SetBalance(r.PathValue("id"), *req.Amount))
}

func (s *Server) ctlSeedAdjustRecord(r *http.Request) (int, any) {
	recs, err := oneOrMany[AdjustRecord](r)
	if err != nil {
		return done(err)
	}
	for _, rec := range recs {
		if err := s.SeedAdjustRecord(rec); err != nil {
			return done(err)
		}
	}
	return done(nil)
}

// ctlBooks is the ledger at a glance, read at one instant: every balance,
// their total (which money moves never change), and every record.
func (s *Server) ctlBooks(*http.Request) (int, any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.funds()
	balances := map[string]Amount{}
	var total cents
	for id, b := range f.balances {
		balances[id] = Amount{b}
		total += b
	}
	records := []AdjustRecord{}
	for _, r := range f.records {
		records = append(records, AdjustRecord{DistributorID: r.owner, TransID: r.transID, CustomerID: r.customerID,
			CustomerName: r.customerName, OperationType: r.opType, Amount: Amount{r.amount}, OperationTime: r.at})
	}
	return http.StatusOK, map[string]any{
		"total_balance":   Amount{total},
		"balances":        balances,
		"adjust_records":  records,
		"voucher_records": nonNil(s.voucherRecordsLocked()),
	}
}

func (s *Server) ctlSeedQuota(r *http.Request) (int, any) {
	qs, err := oneOrMany[VoucherQuota](r)
	if err != nil {
		return done(err)
	}
	ids := []string{}
	for _, q := range qs {
		id, err := s.SeedQuota(q)
		if err != nil {
			return done(err)
		}
		ids = append(ids, id)
	}
	return http.StatusOK, map[string][]string{"ids": ids}
}

func (s *Server) ctlQuota(r *http.Request) (int, any) {
	q, ok := s.Quota(r.PathValue("id"))
	if !ok {
		return http.StatusNotFound, controlError{"no quota " + r.PathValue("id")}
	}
	return http.StatusOK, q
}

func (s *Server) ctlSpendQuota(r *http.Request) (int, any) {
	var req struct {
		Amount Amount `json:"amount"`
	}
	if err := readControl(r, &req); err != nil {
		return done(err)
	}
	return done(s.SpendQuota(r.PathValue("id"), req.Amount))
}

func (s *Server) ctlPolicies(*http.Request) (int, any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []policyJSON{}
	for _, p := range s.state.incentives.policies {
		out = append(out, policyJSON(p))
	}
	return http.StatusOK, out
}

func (s *Server) ctlSeedPolicies(r *http.Request) (int, any) {
	ps, err := oneOrMany[policyJSON](r)
	if err != nil {
		return done(err)
	}
	var seed []DiscountPolicy
	for _, p := range ps {
		seed = append(seed, DiscountPolicy(p))
	}
	return done(s.SeedDiscountPolicies(seed...))
}

func (s *Server) ctlRealNameConfig(r *http.Request) (int, any) {
	var c realNameCfgJSON
	if err := readControl(r, &c); err != nil {
		return done(err)
	}
	s.ConfigureRealName(RealNameConfig{DomainID: c.DomainID, Enabled: c.Enabled, Bucket: c.Bucket,
		XAccountType: c.XAccountType, AutoApproveAfter: time.Duration(c.AutoApproveAfter)})
	return done(nil)
}

func (s *Server) ctlSeedRealNameCustomer(r *http.Request) (int, any) {
	var req struct {
		CustomerID string `json:"customer_id"`
		DomainID   string `json:"domain_id"`
	}
	if err := readControl(r, &req); err != nil {
		return done(err)
	}
	if req.CustomerID == "" {
		return bad("the body needs a customer_id")
	}
	s.SeedRealNameCustomer(req.CustomerID, req.DomainID)
	return done(nil)
}

func (s *Server) ctlRealNameCustomer(r *http.Request) (int, any) {
	id := r.PathValue("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.state.realName.customers[id]
	if c == nil {
		return http.StatusNotFound, controlError{"no real-name customer " + id}
	}
	s.autoReview(c)
	out := rnCustomerJSON{ID: id, Partner: c.partner, Authenticated: c.authenticated}
	if c.app != nil {
		a := *c.app
		out.Application = &a
	}
	return http.StatusOK, out
}

func (s *Server) ctlRejectRealName(r *http.Request) (int, any) {
	var req struct {
		Opinion string `json:"opinion"`
	}
	if err := readControl(r, &req); err != nil {
		return done(err)
	}
	return done(s.RejectRealName(r.PathValue("id"), req.Opinion))
}

func (s *Server) ctlCreateBucket(r *http.Request) (int, any) {
	var req struct {
		Name     string `json:"name"`
		DomainID string `json:"domain_id"`
	}
	if err := readControl(r, &req); err != nil {
		return done(err)
	}
	return done(s.CreateBucket(req.Name, req.DomainID))
}

// faultJSON is a fault as the control API reads and writes it.
type faultJSON struct {
	Operation  Op       `json:"operation"`
	Status     int      `json:"status,omitempty"`
	Code       string   `json:"code,omitempty"`
	Message    string   `json:"message,omitempty"`
	RetryAfter string   `json:"retry_after,omitempty"`
	Latency    Duration `json:"latency,omitempty"`
	// Drop is before_read, after_read or after_processing.
	Drop  string `json:"drop,omitempty"`
	After int    `json:"after,omitempty"`
	Times int    `json:"times,omitempty"`
}

func parseDrop(s string) (Drop, error) {
	for _, d := range []Drop{NoDrop, DropBeforeRead, DropAfterRead, DropAfterProcessing} {
		if d.String() == s {
			return d, nil
		}
	}
	if s == "" {
		return NoDrop, nil
	}
	return 0, errorf("unknown drop %q (before_read, after_read or after_processing)", s)
}

func (s *Server) ctlInjectFault(r *http.Request) (int, any) {
	fs, err := oneOrMany[faultJSON](r)
	if err != nil {
		return done(err)
	}
	for _, fj := range fs {
		drop, err := parseDrop(fj.Drop)
		if err != nil {
			return done(err)
		}
		f := Fault{Status: fj.Status, Code: fj.Code, Message: fj.Message, RetryAfter: fj.RetryAfter,
			Latency: time.Duration(fj.Latency), Drop: drop, After: fj.After, Times: fj.Times}
		if err := s.checkOp(fj.Operation); err != nil {
			return done(err)
		}
		if err := f.check(); err != nil {
			return done(err)
		}
		s.addFault(fj.Operation, f)
	}
	return done(nil)
}

func (s *Server) ctlFaults(*http.Request) (int, any) {
	out := []faultJSON{}
	for _, op := range s.Ops() {
		for _, f := range s.Faults(op) {
			drop := ""
			if f.Drop != NoDrop {
				drop = f.Drop.String()
			}
			out = append(out, faultJSON{Operation: op, Status: f.Status, Code: f.Code, Message: f.Message,
				RetryAfter: f.RetryAfter, Latency: Duration(f.Latency), Drop: drop, After: f.After, Times: f.Times})
		}
	}
	return http.StatusOK, out
}

// requestJSON is a recorded request; a body that is not UTF-8 text comes
// as body_base64.
type requestJSON struct {
	Operation  Op                  `json:"operation"`
	Method     string              `json:"method"`
	Path       string              `json:"path"`
	Query      map[string][]string `json:"query"`
	Header     map[string][]string `json:"header"`
	Body       string              `json:"body"`
	BodyBase64 []byte              `json:"body_base64,omitempty"`
	AccessKey  string              `json:"access_key,omitempty"`
	Status     int                 `json:"status"`
}

func (s *Server) ctlOperation(r *http.Request) (Op, error) {
	op := Op(r.URL.Query().Get("operation"))
	if op == "" {
		return "", nil
	}
	return op, s.checkOp(op)
}

func (s *Server) ctlRequests(r *http.Request) (int, any) {
	op, err := s.ctlOperation(r)
	if err != nil {
		return done(err)
	}
	out := []requestJSON{}
	for _, q := range s.Requests() {
		if op != "" && q.Operation != op {
			continue
		}
		j := requestJSON{Operation: q.Operation, Method: q.Method, Path: q.Path, Query: q.Query, Header: q.Header,
			AccessKey: q.AccessKey, Status: q.Status}
		if utf8.Valid(q.Body) {
			j.Body = string(q.Body)
		} else {
			j.BodyBase64 = q.Body
		}
		out = append(out, j)
	}
	return http.StatusOK, out
}

func (s *Server) ctlRequestCount(r *http.Request) (int, any) {
	op, err := s.ctlOperation(r)
	if err != nil {
		return done(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.log.total
	if op != "" {
		n = s.log.counts[op]
	}
	return http.StatusOK, map[string]int{"count": n}
}

// Now is the server clock's time.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now()
}

// ctlSetClock sets the clock: {"offset": "-10m"} from real time, {"time":
// "2025-06-01T08:00:00Z"} fixed, or {} for real time.
func (s *Server) ctlSetClock(r *http.Request) (int, any) {
	var req struct {
		Offset *Duration  `json:"offset"`
		Time   *time.Time `json:"time"`
	}
	if err := readControl(r, &req); err != nil {
		return done(err)
	}
	switch {
	case req.Offset != nil && req.Time != nil:
		return bad("give an offset or a time, not both")
	case req.Time != nil:
		at := *req.Time
		s.SetClock(func() time.Time { return at })
	case req.Offset != nil:
		off := time.Duration(*req.Offset)
		s.SetClock(func() time.Time { return time.Now().Add(off) })
	default:
		s.SetClock(time.Now)
	}
	return http.StatusOK, map[string]time.Time{"now": s.Now()}
}

func (s *Server) ctlState(*http.Request) (int, any) {
	data, err := s.Snapshot()
	if err != nil {
		return done(err)
	}
	return http.StatusOK, json.RawMessage(data)
}

func (s *Server) ctlLoadState(r *http.Request) (int, any) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return done(errorf("reading the body: %v", err))
	}
	return done(s.Restore(data))
}
