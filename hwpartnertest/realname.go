package hwpartnertest

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Demo real-name setup created by SeedDemo for the default distributor.
const (
	DemoRealNameBucket = "demo-realname"
	DemoXAccountType   = "demo_platform"
	DemoCustomerID     = "demo-customer-0001"
	// DemoReviewDelay is how long the demo's reviewer takes to approve.
	DemoReviewDelay = time.Second
)

// maxAttachment is Huawei's per-file limit ("10M").
const maxAttachment = 10 << 20

// RealNameConfig is a partner's real-name setup in the Partner Center.
type RealNameConfig struct {
	// DomainID is the partner's account id; "" is the default distributor.
	DomainID string
	// Enabled is the switch "实名认证附件上传" (Support > Open APIs >
	// Configure). Off, every submission answers CBC.99005030.
	Enabled bool
	// Bucket is the OBS bucket Huawei reads attachments from. It must
	// exist (CreateBucket) and belong to the partner, else the bucket
	// authorisation fails (CBC.99005030).
	Bucket string
	// XAccountType is the sales-platform id the partner was assigned.
	XAccountType string
	// AutoApproveAfter, when positive, approves an application under
	// review once that much server time has passed since it was submitted.
	AutoApproveAfter time.Duration
}

// RealNameStatus is the review state of a customer's application.
type RealNameStatus int

// Review states.
const (
	RealNameNone        RealNameStatus = iota // nothing submitted
	RealNameUnderReview                       // review_result 0
	RealNameRejected                          // review_result 1
	RealNameApproved                          // review_result 2
)

// RealNameApplication is what the fake keeps of a customer's latest
// application. It keeps no personal data (names, numbers, bank cards).
type RealNameApplication struct {
	CustomerID string `json:"customer_id"`
	// Kind is "individual", "enterprise" or "change".
	Kind         string `json:"kind"`
	IdentifyType int    `json:"identify_type"`
	// VerifiedType (individuals) or CertificateType (enterprises), -1 when absent.
	VerifiedType    int            `json:"verified_type"`
	CertificateType int            `json:"certificate_type"`
	Files           []string       `json:"files"`
	Status          RealNameStatus `json:"status"`
	Opinion         string         `json:"opinion,omitempty"`
	Submitted       time.Time      `json:"submitted"`
}

type realNameState struct {
	buckets   map[string]*bucket
	configs   map[string]RealNameConfig // by partner domain id
	customers map[string]*rnCustomer
}

// rnCustomer is a customer's real-name state; who owns the customer is
// the customers' state.
type rnCustomer struct {
	// partner is the partner whose real-name setup applies: the last one
	// that submitted for the customer.
	partner string
	// authenticated is "", "individual" or "enterprise": the last approved kind.
	authenticated string
	app           *RealNameApplication
}

// ConfigureRealName sets a partner's real-name setup.
func (s *Server) ConfigureRealName(cfg RealNameConfig) {
	if cfg.DomainID == "" {
		cfg.DomainID = s.DomainID()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.realName.configs[cfg.DomainID] = cfg
}

// SeedRealNameCustomer adds a partner-funded customer of the partner
// domainID ("" is the default distributor) with no real-name
// authentication, as SeedCustomer does; an existing customer is kept.
func (s *Server) SeedRealNameCustomer(customerID, domainID string) {
	if domainID == "" {
		domainID = s.DomainID()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.customers.byID[customerID] == nil {
		_, _ = s.seedCustomer(Customer{ID: customerID, Owner: domainID})
	}
	s.state.realName.customers[customerID] = &rnCustomer{partner: domainID}
}

// RealNameApplication returns the customer's latest application.
func (s *Server) RealNameApplication(customerID string) (RealNameApplication, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.state.realName.customers[customerID]
	if c == nil || c.app == nil {
		return RealNameApplication{}, false
	}
	a := *c.app
	a.Files = append([]string(nil), a.Files...)
	return a, true
}

// ApproveRealName approves the customer's application under review.
func (s *Server) ApproveRealName(customerID string) error {
	return s.review(customerID, RealNameApproved, "")
}

// RejectRealName rejects the customer's application under review with
// the reviewer's opinion.
func (s *Server) RejectRealName(customerID, opinion string) error {
	return s.review(customerID, RealNameRejected, opinion)
}

func (s *Server) review(customerID string, to RealNameStatus, opinion string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.state.realName.customers[customerID]
	if c == nil || c.app == nil || c.app.Status != RealNameUnderReview {
		return errors.New("hwpartnertest: no application under review for this customer")
	}
	settle(c, to, opinion)
	return nil
}

// settle ends a review; callers hold s.mu.
func settle(c *rnCustomer, to RealNameStatus, opinion string) {
	c.app.Status, c.app.Opinion = to, opinion
	if to == RealNameApproved {
		c.authenticated = "individual"
		if c.app.Kind != "individual" {
			c.authenticated = "enterprise"
		}
	}
}

func (s *Server) registerRealName() {
	s.state.realName = realNameState{
		buckets:   map[string]*bucket{},
		configs:   map[string]RealNameConfig{},
		customers: map[string]*rnCustomer{},
	}
	const base = "/v2/customers/realname-auths"
	s.handle(&route{op: "CreatePersonalRealnameAuth", method: http.MethodPost, path: base + "/individual", allowed: partners, handle: s.rnIndividual})
	s.handle(&route{op: "CreateEnterpriseRealnameAuthentication", method: http.MethodPost, path: base + "/enterprise", allowed: partners, handle: s.rnEnterprise})
	s.handle(&route{op: "ChangeEnterpriseRealnameAuthentication", method: http.MethodPut, path: base + "/enterprise", allowed: partners, handle: s.rnChange})
	s.handle(&route{op: "ShowRealnameAuthenticationReviewResult", method: http.MethodGet, path: base + "/result", allowed: partners, handle: s.rnResult})
}

// seedRealNameDemo runs with s.mu held.
func (s *Server) seedRealNameDemo() {
	id := s.defaultCred.Account.DomainID
	rn := &s.state.realName
	if rn.buckets[DemoRealNameBucket] == nil {
		rn.buckets[DemoRealNameBucket] = &bucket{owner: id, objects: map[string]object{}}
	}
	rn.configs[id] = RealNameConfig{DomainID: id, Enabled: true, Bucket: DemoRealNameBucket,
		XAccountType: DemoXAccountType, AutoApproveAfter: DemoReviewDelay}
}

type rnBankCard struct {
	BankAccount      string `json:"bank_account"`
	AreaCode         string `json:"areacode"`
	Mobile           string `json:"mobile"`
	VerificationCode string `json:"verification_code"`
}

type rnIndividualReq struct {
	CustomerID      string      `json:"customer_id"`
	IdentifyType    *int        `json:"identify_type"`
	VerifiedType    *int        `json:"verified_type"`
	VerifiedFileURL []string    `json:"verified_file_url"`
	Name            string      `json:"name"`
	VerifiedNumber  string      `json:"verified_number"`
	ChangeType      *int        `json:"change_type"`
	XAccountType    string      `json:"xaccount_type"`
	BankCardInfo    *rnBankCard `json:"bank_card_info"`
}

type rnPerson struct {
	LegelName     string `json:"legel_name"`
	LegelIDNumber string `json:"legel_id_number"`
	CertifierRole string `json:"certifier_role"`
}

type rnEnterpriseReq struct {
	CustomerID       string    `json:"customer_id"`
	IdentifyType     *int      `json:"identify_type"`
	CertificateType  *int      `json:"certificate_type"`
	VerifiedFileURL  []string  `json:"verified_file_url"`
	CorpName         string    `json:"corp_name"`
	VerifiedNumber   string    `json:"verified_number"`
	RegCountry       *string   `json:"reg_country"`
	RegAddress       *string   `json:"reg_address"`
	XAccountType     string    `json:"xaccount_type"`
	EnterprisePerson *rnPerson `json:"enterprise_person"`
	ChangeType       *int      `json:"change_type"`
}

// rnRequired checks a mandatory string without echoing it: the values
// are personal data.
func rnRequired(field, v string, max int) *response {
	if v == "" {
		r := badParam(field, "is required")
		return &r
	}
	if max > 0 && utf8.RuneCountInString(v) > max {
		r := badParam(field, fmt.Sprintf("must be at most %d characters", max))
		return &r
	}
	return nil
}

// bankAccountOK: an alphanumeric first, then alphanumerics and "-"
// (api.md §5.1).
func bankAccountOK(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		if !alnum && (i == 0 || c != '-') {
			return false
		}
	}
	return true
}

func firstProblem(rs ...*response) *response {
	for _, r := range rs {
		if r != nil {
			return r
		}
	}
	return nil
}

// Files each personal certificate needs (verified_type → counts).
var verifiedTypeFiles = map[int][]int{
	0: {3}, 3: {2, 3}, 5: {3}, 6: {3}, 9: {3}, 10: {3},
}

func (s *Server) rnIndividual(c *call) response {
	var req rnIndividualReq
	if r := c.decode(&req); r != nil {
		return *r
	}
	if r := firstProblem(
		rnRequired("customer_id", req.CustomerID, 64),
		rnRequired("name", req.Name, 255),
		rnRequired("verified_number", req.VerifiedNumber, 32),
		rnRequired("xaccount_type", req.XAccountType, 64),
	); r != nil {
		return *r
	}
	if req.ChangeType != nil && *req.ChangeType != -1 {
		return badParam("change_type", "must be -1")
	}
	var counts []int
	switch {
	case req.IdentifyType == nil:
		return badParam("identify_type", "is required")
	case *req.IdentifyType == 0:
		if req.VerifiedType == nil {
			return badParam("verified_type", "is required when identify_type is 0")
		}
		var ok bool
		if counts, ok = verifiedTypeFiles[*req.VerifiedType]; !ok {
			return badParam("verified_type", "is not a certificate type")
		}
	case *req.IdentifyType == 4:
		b := req.BankCardInfo
		if b == nil {
			return badParam("bank_card_info", "is required when identify_type is 4")
		}
		if r := firstProblem(
			rnRequired("bank_card_info.bank_account", b.BankAccount, 0),
			rnRequired("bank_card_info.areacode", b.AreaCode, 0),
			rnRequired("bank_card_info.mobile", b.Mobile, 0),
			rnRequired("bank_card_info.verification_code", b.VerificationCode, 0),
		); r != nil {
			return *r
		}
		if s.state.customers.rules.International {
			return badParam("identify_type", "must be 0 on this site")
		}
		if !bankAccountOK(b.BankAccount) {
			return badParam("bank_card_info.bank_account", "must start with a letter or digit and hold only letters, digits and '-'")
		}
		counts = []int{1}
	default:
		return badParam("identify_type", "must be 0 or 4")
	}
	app := &RealNameApplication{Kind: "individual", IdentifyType: *req.IdentifyType, VerifiedType: -1, CertificateType: -1}
	if *req.IdentifyType == 0 {
		app.VerifiedType = *req.VerifiedType
	}
	return s.rnSubmit(c, req.CustomerID, req.XAccountType, req.VerifiedFileURL, counts, app, req.BankCardInfo)
}

func (s *Server) rnEnterprise(c *call) response { return s.rnEnterpriseOrChange(c, false) }
func (s *Server) rnChange(c *call) response     { return s.rnEnterpriseOrChange(c, true) }

func (s *Server) rnEnterpriseOrChange(c *call, change bool) response {
	var req rnEnterpriseReq
	if r := c.decode(&req); r != nil {
		return *r
	}
	if r := firstProblem(
		rnRequired("customer_id", req.CustomerID, 64),
		rnRequired("corp_name", req.CorpName, 255),
		rnRequired("verified_number", req.VerifiedNumber, 0),
		rnRequired("xaccount_type", req.XAccountType, 64),
	); r != nil {
		return *r
	}
	switch {
	case req.IdentifyType == nil || *req.IdentifyType != 1:
		return badParam("identify_type", "must be 1")
	case !strings.ContainsFunc(req.CorpName, unicode.IsLetter):
		return badParam("corp_name", "must not consist only of digits, special characters or spaces")
	case req.CertificateType != nil && !oneOf(*req.CertificateType, 0, 1, 2, 3, 4, 99):
		return badParam("certificate_type", "is not an organisation certificate type")
	case req.RegCountry != nil && !(change && *req.RegCountry == "") && !isAlpha2(*req.RegCountry):
		return badParam("reg_country", "must be an ISO 3166 alpha-2 code")
	case change && (req.ChangeType == nil || *req.ChangeType != 1):
		return badParam("change_type", "must be 1")
	case !change && req.ChangeType != nil:
		return badParam("change_type", "is not a field of this API")
	}
	counts := []int{1}
	if p := req.EnterprisePerson; p != nil {
		if r := firstProblem(rnRequired("enterprise_person.legel_name", p.LegelName, 0),
			rnRequired("enterprise_person.legel_id_number", p.LegelIDNumber, 0)); r != nil {
			return *r
		}
		counts = []int{1, 3}
	}
	app := &RealNameApplication{Kind: "enterprise", IdentifyType: 1, VerifiedType: -1, CertificateType: -1}
	if change {
		app.Kind = "change"
	}
	if req.CertificateType != nil {
		app.CertificateType = *req.CertificateType
	}
	return s.rnSubmit(c, req.CustomerID, req.XAccountType, req.VerifiedFileURL, counts, app, nil)
}

func oneOf(v int, set ...int) bool {
	for _, x := range set {
		if v == x {
			return true
		}
	}
	return false
}

func isAlpha2(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// rnSubmit applies the checks every submission shares, in the order the
// service would meet them, and records the application.
func (s *Server) rnSubmit(c *call, customerID, xaccount string, files []string, counts []int, app *RealNameApplication, card *rnBankCard) response {
	rn := &s.state.realName
	if len(files) < 1 || len(files) > 4 || !oneOf(len(files), counts...) {
		return badParam("verified_file_url", "has the wrong number of files for this certificate type")
	}
	cfg, configured := rn.configs[c.account.DomainID]
	b := rn.buckets[cfg.Bucket]
	if !configured || !cfg.Enabled || b == nil || b.owner != c.account.DomainID {
		return apiError(http.StatusBadRequest, "CBC.99005030",
			"The real-name attachment upload function is not enabled, or the OBS bucket authorization failed.")
	}
	if xaccount != cfg.XAccountType {
		return badParam("xaccount_type", "is not the partner's sales platform identifier")
	}
	if s.realNameCustomer(c, customerID) == nil {
		return notSubCustomer()
	}
	cust := rn.customers[customerID]
	if cust == nil {
		cust = &rnCustomer{}
		rn.customers[customerID] = cust
	}
	s.autoReview(cust)
	cust.partner = c.account.DomainID
	switch {
	case cust.app != nil && cust.app.Status == RealNameUnderReview:
		return apiError(http.StatusBadRequest, "CBC.99007188", "The customer has been authenticated or is under review.")
	case app.Kind == "change" && cust.authenticated != "individual":
		return apiError(http.StatusBadRequest, "CBC.99007004", "Business pre-check failed: only an individually authenticated customer can change to an enterprise.")
	case app.Kind != "change" && cust.authenticated != "":
		return apiError(http.StatusBadRequest, "CBC.99007188", "The customer has been authenticated or is under review.")
	}
	for i, f := range files {
		if r := checkAttachment(b, i, f); r != nil {
			return *r
		}
	}
	if card != nil {
		// The code SendVerificationMessageCode sent (scene 18) to the
		// card's phone for this customer.
		key := codeKey{scene: 18, receiver: card.Mobile, customer: customerID}
		if code := s.checkCode(key, card.VerificationCode, "CBC.99000027", "CBC.99007202", "CBC.99007202"); code != "" {
			return apiError(http.StatusBadRequest, code, codeMessages[code])
		}
	}
	app.CustomerID = customerID
	app.Files = append([]string(nil), files...)
	app.Submitted = s.now()
	app.Status = RealNameUnderReview
	cust.app = app
	isReview := 1
	if app.IdentifyType == 4 {
		// Bank-card verification is immediate: no manual review.
		settle(cust, RealNameApproved, "")
		isReview = 0
	}
	return ok(map[string]int{"is_review": isReview})
}

// checkAttachment: the file must be under download/ in the bucket, of an
// allowed format and at most 10 MB.
func checkAttachment(b *bucket, i int, p string) *response {
	field := fmt.Sprintf("verified_file_url[%d]", i)
	if p == "" || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "download/") || strings.Contains(p, "://") {
		r := badParam(field, "must be a path relative to the bucket's download/ directory")
		return &r
	}
	o, ok := b.objects["download/"+p]
	if !ok {
		r := badParam(field, "does not exist in the bucket's download/ directory")
		return &r
	}
	if len(o.data) > maxAttachment {
		r := apiError(http.StatusBadRequest, "CBC.99000099", "The attachment is larger than the maximum allowed size.")
		return &r
	}
	if !allowedAttachment(p, o.data) {
		r := apiError(http.StatusBadRequest, "CBC.99000100", "The attachment format is not allowed.")
		return &r
	}
	return nil
}

// allowedAttachment checks the extension and the content's magic bytes.
func allowedAttachment(p string, data []byte) bool {
	var magic [][]byte
	switch strings.ToLower(path.Ext(p)) {
	case ".jpg", ".jpeg":
		magic = [][]byte{{0xFF, 0xD8, 0xFF}}
	case ".png":
		magic = [][]byte{[]byte("\x89PNG\r\n\x1a\n")}
	case ".gif":
		magic = [][]byte{[]byte("GIF87a"), []byte("GIF89a")}
	case ".bmp":
		magic = [][]byte{[]byte("BM")}
	case ".pdf":
		magic = [][]byte{[]byte("%PDF-")}
	}
	for _, m := range magic {
		if bytes.HasPrefix(data, m) {
			return true
		}
	}
	return false
}

// autoReview approves an application whose review time has come; callers
// hold s.mu.
func (s *Server) autoReview(cust *rnCustomer) {
	cfg := s.state.realName.configs[cust.partner]
	if a := cust.app; a != nil && a.Status == RealNameUnderReview && cfg.AutoApproveAfter > 0 &&
		!s.now().Before(a.Submitted.Add(cfg.AutoApproveAfter)) {
		settle(cust, RealNameApproved, "")
	}
}

func (s *Server) rnResult(c *call) response {
	id := c.query.Get("customer_id")
	if r := rnRequired("customer_id", id, 64); r != nil {
		return *r
	}
	if s.realNameCustomer(c, id) == nil {
		return apiError(http.StatusForbidden, "CBC.0151", "Access denied: the customer is not the partner's.")
	}
	cust := s.state.realName.customers[id]
	if cust == nil || cust.app == nil {
		return ok(map[string]any{})
	}
	s.autoReview(cust)
	body := map[string]any{"review_result": int(cust.app.Status) - 1}
	if cust.app.Status == RealNameRejected {
		body["opinion"] = cust.app.Opinion
	}
	return ok(body)
}
