package hwpartnertest

import (
	"bytes"
	"encoding/json"
	"sort"
	"time"

	"github.com/hwpartner/go-hwpartner/auth"
)

// The whole state of a server as JSON: accounts, resellers, customers,
// balances, records, quotas, policies, real-name setup, buckets, codes and
// the id counter.
// Faults, the request log and the clock are not state. Each domain adds
// its part to snapshot and to both conversions.
type snapshot struct {
	Version         int                `json:"version"`
	Seq             int                `json:"seq"`
	Credentials     []credentialJSON   `json:"credentials"`
	Resellers       []resellerJSON     `json:"resellers"`
	Balances        map[string]Amount  `json:"balances"`
	AdjustRecords   []adjustRecordJSON `json:"adjust_records"`
	Quotas          []quotaJSON        `json:"quotas"`
	VoucherRecords  []VoucherRecord    `json:"voucher_records"`
	Policies        []policyJSON       `json:"discount_policies"`
	RealNameConfigs []realNameCfgJSON  `json:"real_name_configs"`
	RealNameCusts   []rnCustomerJSON   `json:"real_name_customers"`
	Buckets         []bucketJSON       `json:"buckets"`
	Customers       customersJSON      `json:"customers"`
}

const snapshotVersion = 1

type accountJSON struct {
	DomainID string `json:"domain_id"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
}

type credentialJSON struct {
	AccessKey     string      `json:"access_key,omitempty"`
	SecretKey     string      `json:"secret_key,omitempty"`
	SecurityToken string      `json:"security_token,omitempty"`
	Token         string      `json:"token,omitempty"`
	Account       accountJSON `json:"account"`
}

type resellerJSON struct {
	ID                 string    `json:"id"`
	Name               string    `json:"name,omitempty"`
	AccountName        string    `json:"account_name,omitempty"`
	MobilePhone        string    `json:"mobile_phone,omitempty"`
	Email              string    `json:"email,omitempty"`
	AccountManagerID   string    `json:"account_manager_id,omitempty"`
	AccountManagerName string    `json:"account_manager_name,omitempty"`
	AssociatedOn       time.Time `json:"associated_on"`
	DistributorID      string    `json:"distributor_id"`
}

type adjustRecordJSON struct {
	DistributorID string    `json:"distributor_id"`
	TransID       string    `json:"trans_id"`
	CustomerID    string    `json:"customer_id"`
	CustomerName  string    `json:"customer_name,omitempty"`
	OperationType string    `json:"operation_type"`
	Amount        Amount    `json:"amount"`
	OperationTime time.Time `json:"operation_time"`
}

type quotaJSON struct {
	ID          string         `json:"id"`
	Owner       string         `json:"owner"`
	Distributor string         `json:"distributor,omitempty"`
	ParentID    string         `json:"parent_id,omitempty"`
	Type        int            `json:"type"`
	Status      int            `json:"status"`
	Value       Amount         `json:"value"`
	Balance     Amount         `json:"balance"`
	Created     time.Time      `json:"created"`
	Updated     time.Time      `json:"updated"`
	Effective   time.Time      `json:"effective"`
	Expires     time.Time      `json:"expires"`
	Limits      []VoucherLimit `json:"limits,omitempty"`
}

type policyJSON struct {
	ServiceTypeCode string `json:"service_type_code"`
	ServiceTypeName string `json:"service_type_name"`
	IncentivePolicy string `json:"incentive_policy"`
	AllowDiscount   string `json:"allow_discount"`
	From            string `json:"from,omitempty"`
	Until           string `json:"until,omitempty"`
}

type realNameCfgJSON struct {
	DomainID         string   `json:"domain_id"`
	Enabled          bool     `json:"enabled"`
	Bucket           string   `json:"bucket,omitempty"`
	XAccountType     string   `json:"xaccount_type,omitempty"`
	AutoApproveAfter Duration `json:"auto_approve_after,omitempty"`
}

type rnCustomerJSON struct {
	ID            string               `json:"id"`
	Partner       string               `json:"partner"`
	Authenticated string               `json:"authenticated,omitempty"`
	Application   *RealNameApplication `json:"application,omitempty"`
}

type bucketJSON struct {
	Name    string       `json:"name"`
	Owner   string       `json:"owner"`
	Objects []objectJSON `json:"objects"`
}

type objectJSON struct {
	Key         string `json:"key"`
	ContentType string `json:"content_type,omitempty"`
	Data        []byte `json:"data"`
}

// Duration is a time.Duration that reads and writes JSON as text such as
// "1.5s" (a number of nanoseconds is read too).
type Duration time.Duration

// MarshalJSON writes the duration as text.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads "1.5s" or nanoseconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var n int64
		if err := json.Unmarshal(b, &n); err != nil {
			return errorf("a duration is text such as \"1.5s\"")
		}
		*d = Duration(n)
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return errorf("duration %q: %v", s, err)
	}
	*d = Duration(v)
	return nil
}

func parseKind(s string) (AccountKind, error) {
	for _, k := range []AccountKind{Distributor, SolutionProvider, Reseller, NotPartner} {
		if k.String() == s || kindName(k) == s {
			return k, nil
		}
	}
	return 0, errorf("unknown account kind %q (distributor, solution_provider, reseller or not_partner)", s)
}

// kindName is the account kind as the JSON forms spell it.
func kindName(k AccountKind) string {
	switch k {
	case Distributor:
		return "distributor"
	case SolutionProvider:
		return "solution_provider"
	case Reseller:
		return "reseller"
	case NotPartner:
		return "not_partner"
	}
	return ""
}

// Snapshot returns the whole state as JSON, for Restore or a -state file
// of the standalone fake. It holds the accounts' secret keys.
func (s *Server) Snapshot() ([]byte, error) {
	return json.MarshalIndent(s.snapshot(), "", "  ")
}

func (s *Server) snapshot() snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snapshotLocked()
}

// Restore replaces the whole state with a snapshot. The snapshot is
// checked first: a bad one changes nothing. Faults, the request log and
// the clock stay as they are.
func (s *Server) Restore(data []byte) error {
	var snap snapshot
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(&snap); err != nil {
		return errorf("state: %v", err)
	}
	if snap.Version != snapshotVersion {
		return errorf("state: version %d, want %d", snap.Version, snapshotVersion)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.restoreLocked(&snap)
}

// WithState starts the server with a snapshot's state (Snapshot).
func WithState(data []byte) Option {
	return func(s *Server) error {
		s.initial = append([]byte(nil), data...)
		return nil
	}
}

// MarkSeed makes the current state the one Reset returns to. A server
// starts marked with its initial state (empty, or WithState's).
func (s *Server) MarkSeed() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seed = s.snapshotLocked()
}

// Reset returns to the state of the last MarkSeed, removes every fault
// and forgets the recorded requests: a clean start between tests that
// share one server.
func (s *Server) Reset() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	seed := s.seed
	if err := s.restoreLocked(&seed); err != nil {
		return err
	}
	s.faults = map[Op][]*Fault{}
	s.log.reset()
	return nil
}

func (s *Server) snapshotLocked() snapshot {
	snap := snapshot{Version: snapshotVersion, Seq: s.seq, Balances: map[string]Amount{}}
	for _, c := range s.credentialsLocked() {
		snap.Credentials = append(snap.Credentials, credentialJSON{
			AccessKey: c.AccessKey, SecretKey: c.SecretKey, SecurityToken: c.SecurityToken, Token: c.Token,
			Account: accountJSON{DomainID: c.Account.DomainID, Name: c.Account.Name, Kind: kindName(c.Account.Kind)},
		})
	}
	f := s.funds()
	for _, id := range f.order {
		r := f.resellers[id]
		snap.Resellers = append(snap.Resellers, resellerJSON{
			ID: r.ID, Name: r.Name, AccountName: r.AccountName, MobilePhone: r.MobilePhone, Email: r.Email,
			AccountManagerID: r.AccountManagerID, AccountManagerName: r.AccountManagerName,
			AssociatedOn: r.AssociatedOn, DistributorID: r.DistributorID,
		})
	}
	for id, b := range f.balances {
		snap.Balances[id] = Amount{b}
	}
	for _, r := range f.records {
		snap.AdjustRecords = append(snap.AdjustRecords, adjustRecordJSON{
			DistributorID: r.owner, TransID: r.transID, CustomerID: r.customerID, CustomerName: r.customerName,
			OperationType: r.opType, Amount: Amount{r.amount}, OperationTime: r.at,
		})
	}
	v := s.vouchers()
	for _, q := range v.order {
		snap.Quotas = append(snap.Quotas, quotaJSON{
			ID: q.id, Owner: q.owner, Distributor: q.distributor, ParentID: q.parent, Type: q.typ, Status: q.status,
			Value: Amount{q.value}, Balance: Amount{q.balance}, Created: q.created, Updated: q.updated,
			Effective: q.effective, Expires: q.expires, Limits: cloneLimits(q.limits),
		})
	}
	snap.VoucherRecords = s.voucherRecordsLocked()
	for _, p := range s.state.incentives.policies {
		snap.Policies = append(snap.Policies, policyJSON(p))
	}
	rn := &s.state.realName
	for _, id := range sortedKeys(rn.configs) {
		c := rn.configs[id]
		snap.RealNameConfigs = append(snap.RealNameConfigs, realNameCfgJSON{
			DomainID: c.DomainID, Enabled: c.Enabled, Bucket: c.Bucket, XAccountType: c.XAccountType,
			AutoApproveAfter: Duration(c.AutoApproveAfter),
		})
	}
	for _, id := range sortedKeys(rn.customers) {
		c := rn.customers[id]
		j := rnCustomerJSON{ID: id, Partner: c.partner, Authenticated: c.authenticated}
		if c.app != nil {
			a := *c.app
			a.Files = append([]string(nil), a.Files...)
			j.Application = &a
		}
		snap.RealNameCusts = append(snap.RealNameCusts, j)
	}
	for _, name := range sortedKeys(rn.buckets) {
		b := rn.buckets[name]
		bj := bucketJSON{Name: name, Owner: b.owner, Objects: []objectJSON{}}
		for _, key := range sortedKeys(b.objects) {
			o := b.objects[key]
			bj.Objects = append(bj.Objects, objectJSON{Key: key, ContentType: o.contentType, Data: o.data})
		}
		snap.Buckets = append(snap.Buckets, bj)
	}
	snap.Customers = s.customersSnapshotLocked()
	return snap
}

// restoreLocked builds the whole state from snap and swaps it in only
// when every part is valid.
func (s *Server) restoreLocked(snap *snapshot) error {
	creds := map[string]*Credential{}
	signers := map[string]*auth.Signer{}
	tokens := map[string]issuedToken{}
	for i, cj := range snap.Credentials {
		kind, err := parseKind(cj.Account.Kind)
		if err != nil {
			return errorf("state: credentials[%d]: %v", i, err)
		}
		c := Credential{AccessKey: cj.AccessKey, SecretKey: cj.SecretKey, SecurityToken: cj.SecurityToken, Token: cj.Token,
			Account: Account{DomainID: cj.Account.DomainID, Name: cj.Account.Name, Kind: kind}}
		if err := checkCredential(c); err != nil {
			return errorf("state: credentials[%d]: %v", i, err)
		}
		if c.AccessKey != "" {
			signer, err := auth.NewSigner(c.AccessKey, c.SecretKey)
			if err != nil {
				return errorf("state: credentials[%d]: %v", i, err)
			}
			creds[c.AccessKey], signers[c.AccessKey] = &c, signer
		}
		if c.Token != "" {
			tokens[c.Token] = issuedToken{account: c.Account}
		}
	}

	var st state
	st.funds = fundsState{resellers: map[string]*IndirectPartner{}, balances: map[string]cents{}, byOwner: map[string][]string{}}
	for i, r := range snap.Resellers {
		if r.ID == "" || r.DistributorID == "" {
			return errorf("state: resellers[%d] needs an id and a distributor id", i)
		}
		if st.funds.resellers[r.ID] != nil {
			return errorf("state: reseller %q twice", r.ID)
		}
		st.funds.resellers[r.ID] = &IndirectPartner{ID: r.ID, Name: r.Name, AccountName: r.AccountName,
			MobilePhone: r.MobilePhone, Email: r.Email, AccountManagerID: r.AccountManagerID,
			AccountManagerName: r.AccountManagerName, AssociatedOn: r.AssociatedOn.UTC(), DistributorID: r.DistributorID}
		st.funds.order = append(st.funds.order, r.ID)
		st.funds.byOwner[r.DistributorID] = append(st.funds.byOwner[r.DistributorID], r.ID)
	}
	for id, b := range snap.Balances {
		if b.c < 0 {
			return errorf("state: balance of %q is negative", id)
		}
		st.funds.balances[id] = b.c
	}
	for i, r := range snap.AdjustRecords {
		switch {
		case r.OperationType != opTypeTransfer && r.OperationType != opTypeReclaim && r.OperationType != opTypeUnbind:
			return errorf("state: adjust_records[%d]: unknown operation type %q", i, r.OperationType)
		case r.Amount.c <= 0 || r.TransID == "" || r.CustomerID == "":
			return errorf("state: adjust_records[%d] needs a trans id, a customer id and an amount above 0", i)
		}
		st.funds.records = append(st.funds.records, adjustRecord{owner: r.DistributorID, transID: r.TransID,
			customerID: r.CustomerID, customerName: r.CustomerName, opType: r.OperationType, amount: r.Amount.c,
			at: r.OperationTime.UTC()})
	}

	st.vouchers = vouchersState{quotas: map[string]*voucherQuota{}}
	for i, q := range snap.Quotas {
		switch {
		case q.ID == "" || q.Owner == "":
			return errorf("state: quotas[%d] needs an id and an owner", i)
		case st.vouchers.quotas[q.ID] != nil:
			return errorf("state: quota %q twice", q.ID)
		case q.Value.c <= 0 || q.Balance.c < 0:
			return errorf("state: quota %q needs a value above 0 and a balance of at least 0", q.ID)
		}
		vq := &voucherQuota{id: q.ID, owner: q.Owner, distributor: q.Distributor, parent: q.ParentID, typ: q.Type,
			status: q.Status, value: q.Value.c, balance: q.Balance.c, created: q.Created, updated: q.Updated,
			effective: q.Effective, expires: q.Expires, limits: cloneLimits(q.Limits)}
		st.vouchers.quotas[q.ID] = vq
		st.vouchers.order = append(st.vouchers.order, vq)
	}
	for i, q := range st.vouchers.order {
		if q.parent != "" && st.vouchers.quotas[q.parent] == nil {
			return errorf("state: quotas[%d]: parent %q is not in the state", i, q.parent)
		}
	}
	for i, r := range snap.VoucherRecords {
		if r.OperationType != voucherIssue && r.OperationType != voucherReclaim {
			return errorf("state: voucher_records[%d]: unknown operation type %q", i, r.OperationType)
		}
		st.vouchers.records = append(st.vouchers.records, &voucherRecord{id: r.ID, distributor: r.DistributorID,
			operator: r.Operator, opType: r.OperationType, result: r.Result, quotaID: r.QuotaID, parentID: r.ParentQuotaID,
			amount: r.Amount.c, at: r.OperationTime.UTC(),
			reseller: voucherParty{ID: r.ResellerID, AccountName: r.ResellerAccountName, Name: r.ResellerName},
			remark:   r.Remark})
	}

	for i, p := range snap.Policies {
		for _, m := range []string{p.From, p.Until} {
			if m != "" && !policyMonth.MatchString(m) {
				return errorf("state: discount_policies[%d]: month %q is not YYYY-MM", i, m)
			}
		}
		st.incentives.policies = append(st.incentives.policies, DiscountPolicy(p))
	}

	st.realName = realNameState{buckets: map[string]*bucket{}, configs: map[string]RealNameConfig{}, customers: map[string]*rnCustomer{}}
	for i, b := range snap.Buckets {
		if b.Name == "" || st.realName.buckets[b.Name] != nil {
			return errorf("state: buckets[%d] needs a new name", i)
		}
		nb := &bucket{owner: b.Owner, objects: map[string]object{}}
		for _, o := range b.Objects {
			nb.objects[o.Key] = object{data: o.Data, contentType: o.ContentType}
		}
		st.realName.buckets[b.Name] = nb
	}
	for i, c := range snap.RealNameConfigs {
		if c.DomainID == "" {
			return errorf("state: real_name_configs[%d] needs a domain id", i)
		}
		st.realName.configs[c.DomainID] = RealNameConfig{DomainID: c.DomainID, Enabled: c.Enabled, Bucket: c.Bucket,
			XAccountType: c.XAccountType, AutoApproveAfter: time.Duration(c.AutoApproveAfter)}
	}
	for i, c := range snap.RealNameCusts {
		if c.ID == "" || c.Partner == "" {
			return errorf("state: real_name_customers[%d] needs an id and a partner", i)
		}
		rc := &rnCustomer{partner: c.Partner, authenticated: c.Authenticated}
		if c.Application != nil {
			a := *c.Application
			a.Files = append([]string(nil), a.Files...)
			rc.app = &a
		}
		st.realName.customers[c.ID] = rc
	}
	if snap.Seq < 0 {
		return errorf("state: seq must not be negative")
	}
	customers, err := customersFromSnapshot(snap.Customers, s.state.customers.rules)
	if err != nil {
		return err
	}

	// Field by field: parts of the state that are configuration, not
	// data, stay.
	s.state.funds, s.state.vouchers, s.state.incentives = st.funds, st.vouchers, st.incentives
	s.state.realName, s.state.customers = st.realName, customers
	s.seq = snap.Seq
	s.creds, s.signers, s.tokens = creds, signers, tokens
	s.failures, s.locked = map[string]int{}, map[string]time.Time{}
	return nil
}

// credentialsLocked lists the credentials: access keys sorted, then
// token-only ones sorted.
func (s *Server) credentialsLocked() []Credential {
	var out []Credential
	for _, ak := range sortedKeys(s.creds) {
		out = append(out, *s.creds[ak])
	}
	for _, tok := range sortedKeys(s.tokens) {
		it := s.tokens[tok]
		if !it.expires.IsZero() || s.tokenOfKey(tok) {
			continue // issued by IAM, or part of a key's credential
		}
		out = append(out, Credential{Token: tok, Account: it.account})
	}
	return out
}

// tokenOfKey reports whether tok belongs to a credential with keys.
func (s *Server) tokenOfKey(tok string) bool {
	for _, c := range s.creds {
		if c.Token == tok {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
