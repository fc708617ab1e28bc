package hwpartnertest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"
)

// Voucher quotas. Quotas belong to a partner account (a distributor's own)
// or to a reseller (issued from a distributor's quota, with its parent's
// id). All money is in cents; the handlers run with s.mu held.
//
// Where the API's documentation is silent the fake assumes: time windows
// include both ends; lists come oldest first; only normal cash-voucher
// quotas can be issued from, and only normal reseller quotas reclaimed; an
// issued quota inherits its parent's type, validity and limits (stored,
// never enforced); a reclaim takes a quota's whole balance back, so the
// reclaim answer's quota_balance (documented as the quota's balance after
// the reclaim) is 0.00, and the amount returned to the parent is in the
// reclaim record ("11"); ListQuotaCoupons, which documents statuses 0, 3,
// 4 and 5 only, shows a reclaimed reseller quota as invalid (3), while
// ListIssuedCouponQuotas shows it as reclaimed (6); refused items are
// recorded too (result "-1"); a reseller listed twice in one issue gets
// two quotas, and a quota listed twice in one reclaim is refused the
// second time (already reclaimed).
// Resellers are known to the voucher operations through SeedReseller.

// voucherParty names a reseller in answers: its id, and for the caller's
// own resellers its account name and name.
type voucherParty struct {
	ID, AccountName, Name string
}

// partyOf looks a reseller up in the reseller registry (SeedReseller).
// Another distributor's reseller keeps its names hidden.
func (s *Server) partyOf(distributor, id string) (voucherParty, bool) {
	r := s.funds().resellerOf(distributor, id)
	if r == nil {
		return voucherParty{ID: id}, false
	}
	return voucherParty{ID: id, AccountName: r.AccountName, Name: r.Name}, true
}

// VoucherQuota is a voucher quota, as seeded or inspected.
type VoucherQuota struct {
	// ID is generated when empty.
	ID string `json:"id,omitempty"`
	// Owner is the account id of the partner holding the quota ("" when
	// seeding: the default distributor), or the reseller id of an issued
	// quota.
	Owner string `json:"owner,omitempty"`
	// ParentID is set on quotas issued to resellers only.
	ParentID string `json:"parent_id,omitempty"`
	// Type: 0 cash-voucher quota, 1 cash-coupon quota.
	Type int `json:"type"`
	// Status: 0 normal, 3 invalid, 4 under adjustment, 5 frozen,
	// 6 reclaimed. A normal quota past its expiry reads as 3.
	Status int `json:"status"`
	// Value is what the quota was created with, greater than 0. Seeding
	// with a zero Balance starts it at Value; spend it with SpendQuota.
	Value   Amount `json:"value"`
	Balance Amount `json:"balance,omitzero"`
	// Zero times when seeding: now, Created, and a year after Effective.
	Created   time.Time      `json:"created,omitzero"`
	Effective time.Time      `json:"effective,omitzero"`
	Expires   time.Time      `json:"expires,omitzero"`
	Limits    []VoucherLimit `json:"limits,omitempty"`
}

// VoucherLimit restricts what vouchers from a quota may pay for.
type VoucherLimit struct {
	Key    string              `json:"key"`
	Values []VoucherLimitValue `json:"values"`
}

// VoucherLimitValue is one value of a VoucherLimit.
type VoucherLimitValue struct {
	Value1 string `json:"value1"`
	Value2 string `json:"value2,omitempty"`
}

// Quota statuses and record fields of the API.
const (
	voucherNormal    = 0
	voucherInvalid   = 3
	voucherFrozen    = 5
	voucherReclaimed = 6
	voucherIssue     = "10"
	voucherReclaim   = "11"
	voucherOK        = "0"
	voucherFailed    = "-1"
	voucherTime      = "2006-01-02T15:04:05Z"
	voucherMaxID     = 64
)

// Per-item errors, as the API reports them inside error_details.
const (
	voucherBadQuota  = "CBC.99000012"
	voucherNotYours  = "CBC.99000037"
	voucherNoBalance = "CBC.99005003"
)

func voucherMessage(code string) string {
	switch code {
	case voucherBadQuota:
		return "The quota does not exist or its status is incorrect."
	case voucherNotYours:
		return "You have no permission to operate this reseller."
	}
	return "The quota balance is insufficient."
}

func voucherFail(id, code string) voucherFailure {
	return voucherFailure{ID: id, Code: code, Message: voucherMessage(code)}
}

type vouchersState struct {
	quotas  map[string]*voucherQuota
	order   []*voucherQuota // by creation
	records []*voucherRecord
}

type voucherQuota struct {
	id          string
	owner       string
	distributor string // of issued quotas: who issued it
	parent      string
	typ, status int
	value       cents
	balance     cents
	created     time.Time
	updated     time.Time
	effective   time.Time
	expires     time.Time
	limits      []VoucherLimit
}

// state is the status the API reports: normal quotas expire.
func (q *voucherQuota) state(now time.Time) int {
	if q.status == voucherNormal && !now.Before(q.expires) {
		return voucherInvalid
	}
	return q.status
}

// couponState is the status ListQuotaCoupons reports. That operation
// documents 0, 3, 4 and 5 only, so a reclaimed reseller quota reads as
// invalid there; ListIssuedCouponQuotas still reports it as 6.
func (q *voucherQuota) couponState(now time.Time) int {
	if st := q.state(now); st != voucherReclaimed {
		return st
	}
	return voucherInvalid
}

type voucherRecord struct {
	id, distributor, operator string
	opType, result            string
	quotaID, parentID         string
	amount                    cents
	at                        time.Time
	reseller                  voucherParty
	remark                    string
}

func (s *Server) vouchers() *vouchersState {
	v := &s.state.vouchers
	if v.quotas == nil {
		v.quotas = map[string]*voucherQuota{}
	}
	return v
}

func (s *Server) registerVouchers() {
	s.handle(&route{op: "ListQuotaCoupons", method: http.MethodPost, path: "/v2/partners/coupon-quotas/query", allowed: partners, handle: s.listQuotaCoupons})
	s.handle(&route{op: "UpdateCouponQuotas", method: http.MethodPost, path: "/v2/partners/coupon-quotas/indirect-partner-adjust", allowed: distributorOnly, handle: s.updateCouponQuotas})
	s.handle(&route{op: "ReclaimCouponQuotas", method: http.MethodPost, path: "/v2/partners/coupon-quotas/indirect-partner-reclaim", allowed: distributorOnly, handle: s.reclaimCouponQuotas})
	s.handle(&route{op: "ListIssuedCouponQuotas", method: http.MethodGet, path: "/v2/partners/issued-coupon-quotas", allowed: distributorOnly, handle: s.listIssuedCouponQuotas})
	s.handle(&route{op: "ListCouponQuotasRecords", method: http.MethodGet, path: "/v2/partners/coupon-quotas/records", allowed: distributorOnly, handle: s.listCouponQuotasRecords})
}

// SeedQuota adds a partner's own voucher quota and returns its id. Quotas
// issued to resellers come from UpdateCouponQuotas only.
func (s *Server) SeedQuota(q VoucherQuota) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seedQuota(q)
}

func (s *Server) seedQuota(q VoucherQuota) (string, error) {
	v := s.vouchers()
	if q.ParentID != "" {
		return "", errors.New("hwpartnertest: issue quotas to resellers through the API, not SeedQuota")
	}
	if q.ID == "" {
		q.ID = s.nextID("")
	}
	if _, dup := v.quotas[q.ID]; dup {
		return "", fmt.Errorf("hwpartnertest: quota %s already exists", q.ID)
	}
	if q.Owner == "" {
		q.Owner = s.defaultCred.Account.DomainID
	}
	value, balance := q.Value.c, q.Balance.c
	if value <= 0 {
		return "", errorf("quota value %s must be greater than 0", q.Value)
	}
	if balance < 0 {
		return "", errorf("quota balance %s must not be negative", q.Balance)
	}
	if balance == 0 {
		balance = value
	}
	if q.Created.IsZero() {
		q.Created = s.now()
	}
	if q.Effective.IsZero() {
		q.Effective = q.Created
	}
	if q.Expires.IsZero() {
		q.Expires = q.Effective.AddDate(1, 0, 0)
	}
	vq := &voucherQuota{
		id: q.ID, owner: q.Owner, typ: q.Type, status: q.Status,
		value: value, balance: balance,
		created: q.Created, updated: q.Created, effective: q.Effective, expires: q.Expires,
		limits: cloneLimits(q.Limits),
	}
	v.quotas[q.ID] = vq
	v.order = append(v.order, vq)
	return q.ID, nil
}

// Quota returns a quota by id, as the API would report it now.
func (s *Server) Quota(id string) (VoucherQuota, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, ok := s.vouchers().quotas[id]
	if !ok {
		return VoucherQuota{}, false
	}
	return s.quotaLocked(q), true
}

func (s *Server) quotaLocked(q *voucherQuota) VoucherQuota {
	return VoucherQuota{
		ID: q.id, Owner: q.owner, ParentID: q.parent, Type: q.typ, Status: q.state(s.now()),
		Value: Amount{q.value}, Balance: Amount{q.balance},
		Created: q.created, Effective: q.effective, Expires: q.expires, Limits: cloneLimits(q.limits),
	}
}

// cloneLimits keeps the fake's state apart from its callers' slices.
func cloneLimits(ls []VoucherLimit) []VoucherLimit {
	if ls == nil {
		return nil
	}
	out := make([]VoucherLimit, len(ls))
	for i, l := range ls {
		out[i] = VoucherLimit{Key: l.Key, Values: append([]VoucherLimitValue(nil), l.Values...)}
	}
	return out
}

// FreezeQuota sets a quota's status to frozen (5): it can no longer be
// issued from or reclaimed.
func (s *Server) FreezeQuota(id string) error {
	return s.changeQuota(id, func(q *voucherQuota, _ time.Time) error {
		q.status = voucherFrozen
		return nil
	})
}

// ExpireQuota makes a quota expire now: it reads as invalid (3).
func (s *Server) ExpireQuota(id string) error {
	return s.changeQuota(id, func(q *voucherQuota, now time.Time) error {
		q.expires = now
		return nil
	})
}

// SpendQuota lowers a quota's balance by amount, as a reseller issuing
// vouchers to its customers would.
func (s *Server) SpendQuota(id string, amount Amount) error {
	c := amount.c
	if c <= 0 {
		return errorf("amount %s must be greater than 0", amount)
	}
	return s.changeQuota(id, func(q *voucherQuota, _ time.Time) error {
		if c > q.balance {
			return fmt.Errorf("hwpartnertest: quota %s has only %s left", id, q.balance)
		}
		q.balance -= c
		return nil
	})
}

func (s *Server) changeQuota(id string, f func(*voucherQuota, time.Time) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, ok := s.vouchers().quotas[id]
	if !ok {
		return fmt.Errorf("hwpartnertest: no quota %s", id)
	}
	now := s.now()
	if err := f(q, now); err != nil {
		return err
	}
	q.updated = now
	return nil
}

// Wire shapes of the answers.

type voucherQuotaWire struct {
	QuotaID        string             `json:"quota_id"`
	QuotaType      int                `json:"quota_type"`
	CreateTime     string             `json:"create_time"`
	LastUpdateTime string             `json:"last_update_time"`
	QuotaValue     json.Number        `json:"quota_value"`
	QuotaStatus    int                `json:"quota_status"`
	Balance        json.Number        `json:"balance"`
	MeasureID      int                `json:"measure_id"`
	Currency       string             `json:"currency"`
	EffectiveTime  string             `json:"effective_time"`
	ExpireTime     string             `json:"expire_time"`
	LimitInfos     []voucherLimitWire `json:"limit_infos"`
}

type voucherLimitWire struct {
	LimitKey    string                  `json:"limit_key"`
	LimitValues []voucherLimitValueWire `json:"limit_values"`
}

type voucherLimitValueWire struct {
	Value1 string `json:"value1"`
	Value2 string `json:"value2"`
}

type voucherIssuedWire struct {
	voucherQuotaWire
	IndirectPartnerID          string `json:"indirect_partner_id"`
	IndirectPartnerAccountName string `json:"indirect_partner_account_name"`
	IndirectPartnerName        string `json:"indirect_partner_name"`
	ParentQuotaID              string `json:"parent_quota_id"`
}

type voucherRecordWire struct {
	ID                         string      `json:"id"`
	Operator                   string      `json:"operator"`
	OperationType              string      `json:"operation_type"`
	QuotaID                    string      `json:"quota_id"`
	ParentQuotaID              string      `json:"parent_quota_id"`
	Amount                     json.Number `json:"amount"`
	OperationTime              string      `json:"operation_time"`
	Result                     string      `json:"result"`
	IndirectPartnerAccountName string      `json:"indirect_partner_account_name"`
	IndirectPartnerID          string      `json:"indirect_partner_id"`
	IndirectPartnerName        string      `json:"indirect_partner_name"`
	Remark                     string      `json:"remark"`
}

type voucherFailure struct {
	ID      string `json:"id"`
	Code    string `json:"error_code"`
	Message string `json:"error_msg"`
}

type voucherIssued struct {
	ID      string `json:"id"`
	QuotaID string `json:"quota_id"`
}

type voucherReclaimedItem struct {
	QuotaID      string      `json:"quota_id"`
	QuotaBalance json.Number `json:"quota_balance"`
}

type voucherBatchAnswer[S any] struct {
	ErrorDetails     []voucherFailure `json:"error_details"`
	SimpleQuotaInfos []S              `json:"simple_quota_infos"`
}

func (q *voucherQuota) wire(now time.Time) voucherQuotaWire {
	limits := make([]voucherLimitWire, 0, len(q.limits))
	for _, l := range q.limits {
		vals := make([]voucherLimitValueWire, 0, len(l.Values))
		for _, v := range l.Values {
			vals = append(vals, voucherLimitValueWire(v))
		}
		limits = append(limits, voucherLimitWire{LimitKey: l.Key, LimitValues: vals})
	}
	return voucherQuotaWire{
		QuotaID: q.id, QuotaType: q.typ, QuotaStatus: q.state(now),
		CreateTime: q.created.UTC().Format(voucherTime), LastUpdateTime: q.updated.UTC().Format(voucherTime),
		EffectiveTime: q.effective.UTC().Format(voucherTime), ExpireTime: q.expires.UTC().Format(voucherTime),
		QuotaValue: q.value.jsonNumber(), Balance: q.balance.jsonNumber(),
		MeasureID: 1, Currency: "CNY", LimitInfos: limits,
	}
}

// listQuotaCoupons is POST /v2/partners/coupon-quotas/query.
func (s *Server) listQuotaCoupons(c *call) response {
	var req struct {
		QuotaIDs           []string        `json:"quota_ids"`
		QuotaStatusList    []int           `json:"quota_status_list"`
		QuotaType          json.RawMessage `json:"quota_type"`
		CreateTimeBegin    *string         `json:"create_time_begin"`
		CreateTimeEnd      *string         `json:"create_time_end"`
		EffectiveTimeBegin *string         `json:"effective_time_begin"`
		EffectiveTimeEnd   *string         `json:"effective_time_end"`
		ExpireTimeBegin    *string         `json:"expire_time_begin"`
		ExpireTimeEnd      *string         `json:"expire_time_end"`
		Offset             json.RawMessage `json:"offset"`
		Limit              json.RawMessage `json:"limit"`
		IndirectPartnerID  *string         `json:"indirect_partner_id"`
	}
	if bad := c.decode(&req); bad != nil {
		return *bad
	}
	if len(req.QuotaIDs) > 50 {
		return badParam("quota_ids", "must have at most 50 items")
	}
	if len(req.QuotaStatusList) > 5 {
		return badParam("quota_status_list", "must have at most 5 items")
	}
	statuses := map[int]bool{}
	for _, st := range req.QuotaStatusList {
		if st != 0 && st != 3 && st != 4 && st != 5 {
			return badParam("quota_status_list", "must hold 0, 3, 4 or 5")
		}
		statuses[st] = true
	}
	typ, bad := voucherQuotaType(req.QuotaType)
	if bad != nil {
		return *bad
	}
	var windows [3]voucherWindow
	for i, w := range []struct {
		name       string
		begin, end *string
	}{
		{"create_time", req.CreateTimeBegin, req.CreateTimeEnd},
		{"effective_time", req.EffectiveTimeBegin, req.EffectiveTimeEnd},
		{"expire_time", req.ExpireTimeBegin, req.ExpireTimeEnd},
	} {
		if windows[i], bad = voucherWindowOf(w.name, w.begin, w.end); bad != nil {
			return *bad
		}
	}
	offset, limit, bad := voucherBodyPaging(req.Offset, req.Limit)
	if bad != nil {
		return *bad
	}
	if req.IndirectPartnerID != nil && utf8.RuneCountInString(*req.IndirectPartnerID) > voucherMaxID {
		return badParam("indirect_partner_id", "must have at most 64 characters")
	}
	owner := c.account.DomainID
	if req.IndirectPartnerID != nil && *req.IndirectPartnerID != "" {
		if _, mine := s.partyOf(c.account.DomainID, *req.IndirectPartnerID); !mine {
			return apiError(http.StatusBadRequest, voucherNotYours, voucherMessage(voucherNotYours))
		}
		owner = *req.IndirectPartnerID
	}
	ids := map[string]bool{}
	for _, id := range req.QuotaIDs {
		ids[id] = true
	}
	now := s.now()
	var match []voucherQuotaWire
	for _, q := range s.vouchers().order {
		if q.owner != owner || q.typ != typ ||
			(len(ids) > 0 && !ids[q.id]) ||
			(len(statuses) > 0 && !statuses[q.couponState(now)]) ||
			!windows[0].has(q.created) || !windows[1].has(q.effective) || !windows[2].has(q.expires) {
			continue
		}
		w := q.wire(now)
		w.QuotaStatus = q.couponState(now)
		match = append(match, w)
	}
	return ok(map[string]any{"total_count": len(match), "quotas": voucherPage(match, offset, limit)})
}

// voucherQuotaType reads quota_type: absent, null or "" mean 0.
func voucherQuotaType(raw json.RawMessage) (int, *response) {
	switch string(raw) {
	case "", "null", `""`:
		return 0, nil
	case "0":
		return 0, nil
	case "1":
		return 1, nil
	}
	r := badParam("quota_type", "must be 0 or 1")
	return 0, &r
}

// voucherWindow is an inclusive time window; zero ends are open.
type voucherWindow struct{ begin, end time.Time }

func (w voucherWindow) has(t time.Time) bool {
	return (w.begin.IsZero() || !t.Before(w.begin)) && (w.end.IsZero() || !t.After(w.end))
}

func voucherWindowOf(name string, begin, end *string) (voucherWindow, *response) {
	var w voucherWindow
	var bad *response
	if w.begin, bad = voucherParseTime(name+"_begin", begin); bad != nil {
		return w, bad
	}
	w.end, bad = voucherParseTime(name+"_end", end)
	return w, bad
}

// voucherParseTime reads an optional time filter: absent or null is no
// filter, "" is refused.
func voucherParseTime(field string, v *string) (time.Time, *response) {
	if v == nil {
		return time.Time{}, nil
	}
	t, err := time.Parse(voucherTime, *v)
	if err != nil || len(*v) > 20 {
		r := badParam(field, "must be a UTC time like 2019-05-06T08:05:01Z")
		return time.Time{}, &r
	}
	return t, nil
}

// voucherBodyPaging reads offset and limit from a JSON body: absent means
// the default; a null or "" limit is refused.
func voucherBodyPaging(offset, limit json.RawMessage) (int, int, *response) {
	o, l := 0, 10
	if len(offset) > 0 && string(offset) != "null" {
		if json.Unmarshal(offset, &o) != nil {
			r := badParam("offset", "must be an integer")
			return 0, 0, &r
		}
	}
	if len(limit) > 0 {
		if json.Unmarshal(limit, &l) != nil || string(limit) == "null" {
			r := badParam("limit", "must be an integer")
			return 0, 0, &r
		}
	}
	return voucherCheckPaging(o, l)
}

// voucherQueryPaging reads offset and limit from a query string.
func voucherQueryPaging(q url.Values) (int, int, *response) {
	o, l := 0, 10
	for _, p := range []struct {
		name string
		v    *int
	}{{"offset", &o}, {"limit", &l}} {
		if !q.Has(p.name) {
			continue
		}
		n, err := strconv.Atoi(q.Get(p.name))
		if err != nil {
			r := badParam(p.name, "must be an integer")
			return 0, 0, &r
		}
		*p.v = n
	}
	return voucherCheckPaging(o, l)
}

func voucherCheckPaging(offset, limit int) (int, int, *response) {
	if offset < 0 {
		r := badParam("offset", "must be at least 0")
		return 0, 0, &r
	}
	if limit < 1 || limit > 100 {
		r := badParam("limit", "must be between 1 and 100")
		return 0, 0, &r
	}
	return offset, limit, nil
}

// voucherPage cuts one page out of items; never nil, so "[]" is sent.
func voucherPage[T any](items []T, offset, limit int) []T {
	if offset >= len(items) {
		return []T{}
	}
	return items[offset:min(len(items), offset+limit)]
}

// voucherIDs checks a list of ids in a request body.
func voucherIDs(field string, ids []string, minN, maxN int) *response {
	if len(ids) < minN || len(ids) > maxN {
		r := badParam(field, fmt.Sprintf("must have between %d and %d items", minN, maxN))
		return &r
	}
	for _, id := range ids {
		if id == "" || utf8.RuneCountInString(id) > voucherMaxID {
			r := badParam(field, fmt.Sprintf("items must have 1 to %d characters", voucherMaxID))
			return &r
		}
	}
	return nil
}

// updateCouponQuotas is POST /v2/partners/coupon-quotas/indirect-partner-adjust:
// quota_amount from quota_id to each reseller, item by item.
func (s *Server) updateCouponQuotas(c *call) response {
	var req struct {
		QuotaID            string          `json:"quota_id"`
		IndirectPartnerIDs []string        `json:"indirect_partner_ids"`
		QuotaAmount        json.RawMessage `json:"quota_amount"`
	}
	if bad := c.decode(&req); bad != nil {
		return *bad
	}
	if req.QuotaID == "" || utf8.RuneCountInString(req.QuotaID) > voucherMaxID {
		return badParam("quota_id", "must have 1 to 64 characters")
	}
	if bad := voucherIDs("indirect_partner_ids", req.IndirectPartnerIDs, 1, 100); bad != nil {
		return *bad
	}
	amount, err := parseRequestAmount(req.QuotaAmount)
	if err != nil {
		return badParam("quota_amount", err.Error())
	}
	v, now, me := s.vouchers(), s.now(), c.account.DomainID
	parent := v.quotas[req.QuotaID]
	parentOK := parent != nil && parent.parent == "" && parent.owner == me &&
		parent.state(now) == voucherNormal && parent.typ == 0
	ans := voucherBatchAnswer[voucherIssued]{ErrorDetails: []voucherFailure{}, SimpleQuotaInfos: []voucherIssued{}}
	for _, rid := range req.IndirectPartnerIDs {
		r, mine := s.partyOf(me, rid)
		rec := &voucherRecord{
			id: s.nextID("QR"), distributor: me, operator: c.account.Name, opType: voucherIssue,
			parentID: req.QuotaID, amount: amount, at: now, reseller: r, result: voucherFailed,
		}
		v.records = append(v.records, rec)
		fail := ""
		switch {
		case !parentOK:
			fail = voucherBadQuota
		case !mine:
			fail = voucherNotYours
		case parent.balance < amount:
			fail = voucherNoBalance
		}
		if fail != "" {
			ans.ErrorDetails = append(ans.ErrorDetails, voucherFail(rid, fail))
			continue
		}
		parent.balance -= amount
		parent.updated = now
		child := &voucherQuota{
			id: s.nextID(""), owner: rid, distributor: me, parent: parent.id, typ: parent.typ,
			value: amount, balance: amount, created: now, updated: now,
			effective: parent.effective, expires: parent.expires, limits: parent.limits,
		}
		v.quotas[child.id] = child
		v.order = append(v.order, child)
		rec.quotaID, rec.result = child.id, voucherOK
		ans.SimpleQuotaInfos = append(ans.SimpleQuotaInfos, voucherIssued{ID: rid, QuotaID: child.id})
	}
	return ok(ans)
}

// reclaimCouponQuotas is POST /v2/partners/coupon-quotas/indirect-partner-reclaim:
// each reseller quota's balance goes back to its parent, quota by quota;
// the answer reports each quota's balance after the reclaim.
func (s *Server) reclaimCouponQuotas(c *call) response {
	var req struct {
		QuotaIDs []string `json:"quota_ids"`
		Remark   *string  `json:"remark"`
	}
	if bad := c.decode(&req); bad != nil {
		return *bad
	}
	if bad := voucherIDs("quota_ids", req.QuotaIDs, 1, 10); bad != nil {
		return *bad
	}
	remark := ""
	if req.Remark != nil {
		if utf8.RuneCountInString(*req.Remark) > 256 {
			return badParam("remark", "must have at most 256 characters")
		}
		remark = *req.Remark
	}
	v, now, me := s.vouchers(), s.now(), c.account.DomainID
	ans := voucherBatchAnswer[voucherReclaimedItem]{ErrorDetails: []voucherFailure{}, SimpleQuotaInfos: []voucherReclaimedItem{}}
	for _, id := range req.QuotaIDs {
		rec := &voucherRecord{
			id: s.nextID("QR"), distributor: me, operator: c.account.Name, opType: voucherReclaim,
			quotaID: id, at: now, remark: remark, result: voucherFailed,
		}
		v.records = append(v.records, rec)
		q := v.quotas[id]
		if q == nil || q.parent == "" || q.distributor != me {
			ans.ErrorDetails = append(ans.ErrorDetails, voucherFail(id, voucherBadQuota))
			continue
		}
		rec.reseller, _ = s.partyOf(me, q.owner)
		rec.parentID, rec.amount = q.parent, q.balance
		if q.state(now) != voucherNormal {
			ans.ErrorDetails = append(ans.ErrorDetails, voucherFail(id, voucherBadQuota))
			continue
		}
		parent := v.quotas[q.parent]
		parent.balance += q.balance
		parent.updated = now
		q.balance, q.status, q.updated = 0, voucherReclaimed, now
		rec.result = voucherOK
		// quota_balance is the balance after the reclaim; the amount
		// returned stays in the record.
		ans.SimpleQuotaInfos = append(ans.SimpleQuotaInfos, voucherReclaimedItem{QuotaID: id, QuotaBalance: q.balance.jsonNumber()})
	}
	return ok(ans)
}

// voucherQuery checks a GET query: known keys only, ids within 64
// characters.
func voucherQuery(q url.Values, ids []string, others ...string) *response {
	known := map[string]bool{"offset": true, "limit": true}
	for _, k := range append(ids, others...) {
		known[k] = true
	}
	for k := range q {
		if !known[k] {
			r := badParam(k, "is not a parameter of this operation")
			return &r
		}
	}
	for _, k := range ids {
		if utf8.RuneCountInString(q.Get(k)) > voucherMaxID {
			r := badParam(k, "must have at most 64 characters")
			return &r
		}
	}
	return nil
}

// listIssuedCouponQuotas is GET /v2/partners/issued-coupon-quotas.
func (s *Server) listIssuedCouponQuotas(c *call) response {
	q := c.query
	if bad := voucherQuery(q, []string{"quota_id", "indirect_partner_id", "parent_quota_id"}); bad != nil {
		return *bad
	}
	offset, limit, bad := voucherQueryPaging(q)
	if bad != nil {
		return *bad
	}
	v, now := s.vouchers(), s.now()
	var match []voucherIssuedWire
	for _, x := range v.order {
		if x.parent == "" || x.distributor != c.account.DomainID ||
			(q.Get("quota_id") != "" && x.id != q.Get("quota_id")) ||
			(q.Get("indirect_partner_id") != "" && x.owner != q.Get("indirect_partner_id")) ||
			// Present, even empty, parent_quota_id is a filter.
			(q.Has("parent_quota_id") && x.parent != q.Get("parent_quota_id")) {
			continue
		}
		r, _ := s.partyOf(x.distributor, x.owner)
		match = append(match, voucherIssuedWire{
			voucherQuotaWire: x.wire(now), ParentQuotaID: x.parent,
			IndirectPartnerID: x.owner, IndirectPartnerAccountName: r.AccountName, IndirectPartnerName: r.Name,
		})
	}
	return ok(map[string]any{"total_count": len(match), "quotas": voucherPage(match, offset, limit)})
}

// listCouponQuotasRecords is GET /v2/partners/coupon-quotas/records.
func (s *Server) listCouponQuotasRecords(c *call) response {
	q := c.query
	if bad := voucherQuery(q, []string{"indirect_partner_id", "quota_id", "parent_quota_id"},
		"operation_type", "operation_time_begin", "operation_time_end"); bad != nil {
		return *bad
	}
	if len(q.Get("operation_type")) > 8 {
		return badParam("operation_type", "must have at most 8 characters")
	}
	var window voucherWindow
	for _, b := range []struct {
		field string
		t     *time.Time
	}{{"operation_time_begin", &window.begin}, {"operation_time_end", &window.end}} {
		if !q.Has(b.field) {
			continue
		}
		v := q.Get(b.field)
		var bad *response
		if *b.t, bad = voucherParseTime(b.field, &v); bad != nil {
			return *bad
		}
	}
	offset, limit, bad := voucherQueryPaging(q)
	if bad != nil {
		return *bad
	}
	// Any other operation_type, empty included, is no filter.
	opType := q.Get("operation_type")
	if opType != voucherIssue && opType != voucherReclaim {
		opType = ""
	}
	var match []voucherRecordWire
	for _, r := range s.vouchers().records {
		if r.distributor != c.account.DomainID ||
			(q.Get("indirect_partner_id") != "" && r.reseller.ID != q.Get("indirect_partner_id")) ||
			(q.Get("quota_id") != "" && r.quotaID != q.Get("quota_id")) ||
			(q.Has("parent_quota_id") && r.parentID != q.Get("parent_quota_id")) ||
			(opType != "" && r.opType != opType) || !window.has(r.at) {
			continue
		}
		match = append(match, voucherRecordWire{
			ID: r.id, Operator: r.operator, OperationType: r.opType, QuotaID: r.quotaID, ParentQuotaID: r.parentID,
			Amount: r.amount.jsonNumber(), OperationTime: r.at.UTC().Format(voucherTime), Result: r.result,
			IndirectPartnerAccountName: r.reseller.AccountName, IndirectPartnerID: r.reseller.ID,
			IndirectPartnerName: r.reseller.Name, Remark: r.remark,
		})
	}
	return ok(map[string]any{"total_count": len(match), "records": voucherPage(match, offset, limit)})
}

// VoucherRecord is an issue or reclaim of a quota as the server recorded
// it, one per item of the request, refused items too.
type VoucherRecord struct {
	ID            string `json:"id"`
	DistributorID string `json:"distributor_id"`
	Operator      string `json:"operator"`
	// OperationType is "10" (issue) or "11" (reclaim); Result "0" done,
	// "-1" refused.
	OperationType       string    `json:"operation_type"`
	Result              string    `json:"result"`
	QuotaID             string    `json:"quota_id"`
	ParentQuotaID       string    `json:"parent_quota_id"`
	Amount              Amount    `json:"amount"`
	OperationTime       time.Time `json:"operation_time"`
	ResellerID          string    `json:"reseller_id"`
	ResellerAccountName string    `json:"reseller_account_name,omitempty"`
	ResellerName        string    `json:"reseller_name,omitempty"`
	Remark              string    `json:"remark,omitempty"`
}

// VoucherRecords returns every issue and reclaim record, oldest first.
func (s *Server) VoucherRecords() []VoucherRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.voucherRecordsLocked()
}

func (s *Server) voucherRecordsLocked() []VoucherRecord {
	recs := s.vouchers().records
	out := make([]VoucherRecord, len(recs))
	for i, r := range recs {
		out[i] = VoucherRecord{ID: r.id, DistributorID: r.distributor, Operator: r.operator, OperationType: r.opType,
			Result: r.result, QuotaID: r.quotaID, ParentQuotaID: r.parentID, Amount: Amount{r.amount},
			OperationTime: r.at, ResellerID: r.reseller.ID, ResellerAccountName: r.reseller.AccountName,
			ResellerName: r.reseller.Name, Remark: r.remark}
	}
	return out
}

// Quotas returns every quota, in the order they were created, as the API
// would report them now.
func (s *Server) Quotas() []VoucherQuota {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []VoucherQuota
	for _, q := range s.vouchers().order {
		out = append(out, s.quotaLocked(q))
	}
	return out
}

// DemoVoucherQuotaID is the demo distributor's normal cash-voucher quota
// (10,000.00 yuan). The demo resellers are DemoReseller1..3, and
// DemoForeignResellerID belongs to another distributor.
const DemoVoucherQuotaID = "2025010100000001"

// seedVouchersDemo adds the demo quotas; s.mu is held. The resellers come
// from seedFundsDemo.
func (s *Server) seedVouchersDemo() {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	far := time.Date(2099, 12, 31, 15, 59, 59, 0, time.UTC)
	ecs := []VoucherLimit{{Key: "cloudServiceType", Values: []VoucherLimitValue{{Value1: "hws.service.type.ec2", Value2: "Elastic Cloud Server"}}}}
	for _, q := range []VoucherQuota{
		{ID: DemoVoucherQuotaID, Value: Yuan(10000), Created: start, Expires: far},
		{ID: "2025010100000002", Value: Yuan(5000), Balance: AmountFromCents(1200_50), Status: voucherFrozen, Created: start, Expires: far},
		{ID: "2025010100000003", Value: Yuan(800), Created: start, Expires: time.Date(2025, 6, 30, 15, 59, 59, 0, time.UTC)},
		{ID: "2025010100000004", Type: 1, Value: Yuan(2000), Created: start, Expires: far, Limits: ecs},
	} {
		_, _ = s.seedQuota(q)
	}
}
