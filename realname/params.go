package realname

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"unicode"

	"github.com/hwpartner/go-hwpartner/core"
)

// Documented limits of the real-name operations.
const (
	MaxFiles        = 4
	maxID           = 64
	maxName         = 255
	maxNumber       = 32
	maxXAccountType = 64
)

const redacted = "[REDACTED]"

// IdentifyType is how an individual is authenticated (identify_type).
type IdentifyType int

// Identify types of individuals. The zero value is a certificate.
const (
	// IdentifyCertificate (0): a personal certificate, chosen with
	// IndividualParams.Certificate.
	IdentifyCertificate IdentifyType = 0
	// IdentifyBankCard (4): a personal bank card, on the China site only.
	IdentifyBankCard IdentifyType = 4
)

// Certificate is a personal certificate type (verified_type). Its zero
// value is no certificate; each constant names its wire code.
type Certificate int

// Certificate types.
const (
	// Passport is verified_type 3: data page, entry-stamp page and handheld
	// data page on the China site; data page and handheld data page on the
	// international and EU sites.
	Passport Certificate = iota + 1
	// HongKongMacaoTravelPermit is verified_type 5: front, back, handheld front.
	HongKongMacaoTravelPermit
	// TaiwanTravelPermit is verified_type 6: front, back, handheld front.
	TaiwanTravelPermit
	// HongKongMacaoResidencePermit is verified_type 9: portrait side,
	// national-emblem side, handheld portrait side.
	HongKongMacaoResidencePermit
	// TaiwanResidencePermit is verified_type 10: as HongKongMacaoResidencePermit.
	TaiwanResidencePermit
)

var certificateWire = map[Certificate]int{
	Passport:                     3,
	HongKongMacaoTravelPermit:    5,
	TaiwanTravelPermit:           6,
	HongKongMacaoResidencePermit: 9,
	TaiwanResidencePermit:        10,
}

// String names the certificate type.
func (c Certificate) String() string {
	switch c {
	case Passport:
		return "passport"
	case HongKongMacaoTravelPermit:
		return "Hong Kong/Macao travel permit"
	case TaiwanTravelPermit:
		return "Taiwan travel permit"
	case HongKongMacaoResidencePermit:
		return "Hong Kong/Macao residence permit"
	case TaiwanResidencePermit:
		return "Taiwan residence permit"
	}
	return "certificate(" + strconv.Itoa(int(c)) + ")"
}

// OrgCertificate is an organisation certificate type (certificate_type).
// Its zero value leaves the field unset.
type OrgCertificate int

// Organisation certificate types, with their wire codes.
const (
	BusinessLicence               OrgCertificate = iota + 1 // 0
	PublicInstitutionCertificate                            // 1: public-institution legal-person certificate
	SocialOrganisationCertificate                           // 2: social-organisation legal-person registration certificate
	LawEnforcementQualification                             // 3: administrative-law-enforcement qualification certificate
	OrganisationCodeCertificate                             // 4
	OtherOrgCertificate                                     // 99
)

var orgCertificateWire = map[OrgCertificate]int{
	BusinessLicence:               0,
	PublicInstitutionCertificate:  1,
	SocialOrganisationCertificate: 2,
	LawEnforcementQualification:   3,
	OrganisationCodeCertificate:   4,
	OtherOrgCertificate:           99,
}

// Role is what an attachment shows. It decides the file's place in
// verified_file_url, whose order the API prescribes.
type Role int

// Roles.
const (
	RoleUnspecified Role = iota
	// Passport.
	RoleDataPage
	RoleEntryStampPage
	RoleHandheldDataPage
	// Travel permits.
	RoleFront
	RoleBack
	RoleHandheldFront
	// Residence permits.
	RolePortraitSide
	RoleEmblemSide
	RoleHandheldPortraitSide
	// Bank-card authentication: the one face-scan photo.
	RoleFacePhoto
	// Enterprise: the organisation certificate, then optionally the legal
	// person's ID card.
	RoleOrgCertificate
	RoleLegalPersonPortraitSide
	RoleLegalPersonEmblemSide
)

var roleNames = [...]string{
	RoleUnspecified:             "unspecified",
	RoleDataPage:                "data page",
	RoleEntryStampPage:          "entry-stamp page",
	RoleHandheldDataPage:        "handheld data page",
	RoleFront:                   "front",
	RoleBack:                    "back",
	RoleHandheldFront:           "handheld front",
	RolePortraitSide:            "portrait side",
	RoleEmblemSide:              "national-emblem side",
	RoleHandheldPortraitSide:    "handheld portrait side",
	RoleFacePhoto:               "face photo",
	RoleOrgCertificate:          "organisation certificate",
	RoleLegalPersonPortraitSide: "legal person's ID card portrait side",
	RoleLegalPersonEmblemSide:   "legal person's ID card national-emblem side",
}

// String names the role.
func (r Role) String() string {
	if r >= 0 && int(r) < len(roleNames) {
		return roleNames[r]
	}
	return "role(" + strconv.Itoa(int(r)) + ")"
}

// Attachment is a file in the bucket: its role and its path relative to
// download/ ("cust42/passport-1.jpg" for download/cust42/passport-1.jpg).
type Attachment struct {
	Role Role
	Path string
}

// BankCard is bank_card_info, for IdentifyBankCard. Every field is
// personal data and never printed.
type BankCard struct {
	// Account is the card number: starts with a letter or digit, may hold "-".
	Account string `wire:"bank_account"`
	// AreaCode is the phone's country code, e.g. "0086".
	AreaCode string `wire:"areacode"`
	// Mobile is the phone number registered with the card.
	Mobile string `wire:"mobile"`
	// VerificationCode comes from Huawei's "send verification code" API.
	VerificationCode string `wire:"verification_code"`
}

// String hides every field.
func (BankCard) String() string { return "realname.BankCard{" + redacted + "}" }

// GoString hides every field.
func (b BankCard) GoString() string { return b.String() }

// Format prints String for every verb.
func (b BankCard) Format(f fmt.State, _ rune) { fmt.Fprint(f, b.String()) }

// LogValue hides every field.
func (b BankCard) LogValue() slog.Value { return slog.StringValue(b.String()) }

// IndividualParams is an individual's application (CreatePersonalRealnameAuth).
// Name, Number and BankCard are personal data: the params print and log
// without them.
type IndividualParams struct {
	// CustomerID is the customer to authenticate (max 64).
	CustomerID string `wire:"customer_id"`
	// IdentifyType is IdentifyCertificate (default) or IdentifyBankCard.
	IdentifyType IdentifyType
	// Certificate is required with IdentifyCertificate; not sent otherwise.
	Certificate Certificate
	// Files are the attachments in the order the certificate requires
	// (see the Certificate constants; one RoleFacePhoto for a bank card).
	Files []Attachment `wire:"verified_file_url"`
	// Name is the person's name (max 255).
	Name string `wire:"name"`
	// Number is the certificate number (verified_number, max 32).
	Number string `wire:"verified_number"`
	// XAccountType is the sales-platform id shown on the Partner Center's
	// access configuration page (max 64).
	XAccountType string `wire:"xaccount_type"`
	// FirstTime sends change_type -1 (first-time authentication).
	FirstTime bool
	// BankCard is required with IdentifyBankCard.
	BankCard *BankCard `wire:"bank_card_info"`
}

// String shows what is not personal data.
func (p IndividualParams) String() string {
	return fmt.Sprintf("realname.IndividualParams{CustomerID: %s, IdentifyType: %d, Certificate: %s, Files: %d, Name: %s, Number: %s, XAccountType: %s, BankCard: %s}",
		p.CustomerID, p.IdentifyType, p.Certificate, len(p.Files), redacted, redacted, p.XAccountType, presence(p.BankCard != nil))
}

// GoString is String.
func (p IndividualParams) GoString() string { return p.String() }

// Format prints String for every verb, so no verb reaches the fields.
func (p IndividualParams) Format(f fmt.State, _ rune) { fmt.Fprint(f, p.String()) }

// LogValue logs what is not personal data.
func (p IndividualParams) LogValue() slog.Value {
	return slog.GroupValue(slog.String("customer_id", p.CustomerID), slog.Int("identify_type", int(p.IdentifyType)),
		slog.String("certificate", p.Certificate.String()), slog.Int("files", len(p.Files)))
}

func presence(set bool) string {
	if set {
		return redacted
	}
	return "nil"
}

// Validate checks p against the API's rules for any site; the service
// also applies the rules of the site it calls.
func (p *IndividualParams) Validate() error {
	v := core.ValidatorFor(p)
	p.check(&v, core.SiteCustom)
	return v.Err()
}

func (p *IndividualParams) check(v *core.Validator, site core.Site) {
	v.Required("customer_id", p.CustomerID, maxID)
	switch p.IdentifyType {
	case IdentifyCertificate:
		if p.Certificate == 0 {
			v.Add("verified_type", "is required when identify_type is 0")
		} else if _, ok := certificateWire[p.Certificate]; !ok {
			v.Add("verified_type", "is not a known certificate type")
		}
		v.Check(p.BankCard == nil, "bank_card_info", "is only for identify_type 4")
	case IdentifyBankCard:
		if site != core.SiteChina && site != core.SiteCustom {
			v.Addf("identify_type", "4 (bank card) exists on the China site only, not on the %s site", site)
		}
		if p.BankCard == nil {
			v.Add("bank_card_info", "is required when identify_type is 4")
		} else {
			p.BankCard.check(v)
		}
	default:
		v.Add("identify_type", "must be 0 (certificate) or 4 (bank card)")
	}
	checkAttachments(v, p.Files, p.roleSets(site))
	v.Required("name", p.Name, maxName)
	v.Required("verified_number", p.Number, maxNumber)
	v.Required("xaccount_type", p.XAccountType, maxXAccountType)
}

func (b *BankCard) check(v *core.Validator) {
	v.Required("bank_card_info.bank_account", b.Account, 0)
	if b.Account != "" && !bankAccountOK(b.Account) {
		v.Add("bank_card_info.bank_account", "must start with a letter or digit and hold only letters, digits and '-'")
	}
	v.Required("bank_card_info.areacode", b.AreaCode, 0)
	v.Required("bank_card_info.mobile", b.Mobile, 0)
	v.Required("bank_card_info.verification_code", b.VerificationCode, 0)
}

// bankAccountOK applies api.md §5.1: starts with an alphanumeric and may
// contain "-", so every other character is alphanumeric or "-".
func bankAccountOK(s string) bool {
	for i, r := range s {
		if !isAlnum(r) && (i == 0 || r != '-') {
			return false
		}
	}
	return true
}

func isAlnum(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// roleSets lists the accepted role sequences; nil when the certificate is
// unknown (already reported).
func (p *IndividualParams) roleSets(site core.Site) [][]Role {
	if p.IdentifyType == IdentifyBankCard {
		return [][]Role{{RoleFacePhoto}}
	}
	return certificateRoles(p.Certificate, site)
}

func certificateRoles(c Certificate, site core.Site) [][]Role {
	china := []Role{RoleDataPage, RoleEntryStampPage, RoleHandheldDataPage}
	intl := []Role{RoleDataPage, RoleHandheldDataPage}
	switch c {
	case Passport:
		switch site {
		case core.SiteChina:
			return [][]Role{china}
		case core.SiteInternational, core.SiteEU:
			return [][]Role{intl}
		}
		return [][]Role{china, intl} // an explicit endpoint: either site's rule
	case HongKongMacaoTravelPermit, TaiwanTravelPermit:
		return [][]Role{{RoleFront, RoleBack, RoleHandheldFront}}
	case HongKongMacaoResidencePermit, TaiwanResidencePermit:
		return [][]Role{{RolePortraitSide, RoleEmblemSide, RoleHandheldPortraitSide}}
	}
	return nil
}

// checkAttachments applies the count, order and path rules.
func checkAttachments(v *core.Validator, files []Attachment, sets [][]Role) {
	if len(files) < 1 || len(files) > MaxFiles {
		v.Addf("verified_file_url", "must have between 1 and %d files, has %d", MaxFiles, len(files))
	}
	for i, f := range files {
		if problem := pathProblem(f.Path); problem != "" {
			v.Add(fmt.Sprintf("verified_file_url[%d]", i), problem)
		}
	}
	if sets == nil || len(files) > MaxFiles {
		return
	}
	for _, set := range sets {
		if sameRoles(files, set) {
			return
		}
	}
	alts := make([]string, len(sets))
	for i, set := range sets {
		alts[i] = describeRoles(set)
	}
	v.Addf("verified_file_url", "must be, in this order: %s", strings.Join(alts, "; or "))
}

func sameRoles(files []Attachment, set []Role) bool {
	if len(files) != len(set) {
		return false
	}
	for i, f := range files {
		if f.Role != set[i] {
			return false
		}
	}
	return true
}

func describeRoles(set []Role) string {
	names := make([]string, len(set))
	for i, r := range set {
		names[i] = r.String()
	}
	return strings.Join(names, ", ")
}

// EnterprisePerson is the legal representative (enterprise_person). Name
// and IDNumber are personal data.
type EnterprisePerson struct {
	// Name is legel_name (Huawei's spelling), required.
	Name string `wire:"legel_name"`
	// IDNumber is legel_id_number, required.
	IDNumber string `wire:"legel_id_number"`
	// CertifierRole is optional; "legalPerson" is the legal representative.
	CertifierRole string
}

// String hides the person.
func (p EnterprisePerson) String() string {
	return "realname.EnterprisePerson{Name: " + redacted + ", IDNumber: " + redacted + ", CertifierRole: " + p.CertifierRole + "}"
}

// GoString is String.
func (p EnterprisePerson) GoString() string { return p.String() }

// Format prints String for every verb.
func (p EnterprisePerson) Format(f fmt.State, _ rune) { fmt.Fprint(f, p.String()) }

// LogValue hides the person.
func (p EnterprisePerson) LogValue() slog.Value { return slog.StringValue(p.String()) }

// EnterpriseParams is an enterprise application
// (CreateEnterpriseRealnameAuthentication) or an individual→enterprise
// change (ChangeEnterpriseRealnameAuthentication). identify_type is always
// 1 (organisation certificate). Number and Person are personal data.
type EnterpriseParams struct {
	// CustomerID is the customer to authenticate (max 64).
	CustomerID string `wire:"customer_id"`
	// CertificateType is optional (certificate_type).
	CertificateType OrgCertificate
	// Files: the organisation certificate; with a Person, optionally
	// followed by that person's ID card portrait side and emblem side.
	Files []Attachment `wire:"verified_file_url"`
	// CorpName is the organisation's name (max 255), not only digits,
	// special characters or spaces.
	CorpName string `wire:"corp_name"`
	// Number is the organisation certificate number (verified_number).
	Number string `wire:"verified_number"`
	// RegCountry is an ISO 3166 alpha-2 code such as "CN"; optional.
	RegCountry *string
	// RegAddress is the registered address; optional.
	RegAddress *string `wire:"reg_address"`
	// XAccountType is the sales-platform id (max 64).
	XAccountType string `wire:"xaccount_type"`
	// Person is the legal representative; optional.
	Person *EnterprisePerson `wire:"enterprise_person"`
}

// String shows what is not personal data.
func (p EnterpriseParams) String() string {
	return fmt.Sprintf("realname.EnterpriseParams{CustomerID: %s, CertificateType: %d, Files: %d, CorpName: %s, Number: %s, XAccountType: %s, Person: %s}",
		p.CustomerID, p.CertificateType, len(p.Files), redacted, redacted, p.XAccountType, presence(p.Person != nil))
}

// GoString is String.
func (p EnterpriseParams) GoString() string { return p.String() }

// Format prints String for every verb.
func (p EnterpriseParams) Format(f fmt.State, _ rune) { fmt.Fprint(f, p.String()) }

// LogValue logs what is not personal data.
func (p EnterpriseParams) LogValue() slog.Value {
	return slog.GroupValue(slog.String("customer_id", p.CustomerID), slog.Int("files", len(p.Files)))
}

// Validate checks p as an enterprise application.
func (p *EnterpriseParams) Validate() error {
	v := core.ValidatorFor(p)
	p.check(&v, false)
	return v.Err()
}

// check applies §5.2; change (§5.3) lets reg_country and reg_address be
// "", which sets them to empty.
func (p *EnterpriseParams) check(v *core.Validator, change bool) {
	v.Required("customer_id", p.CustomerID, maxID)
	if _, ok := orgCertificateWire[p.CertificateType]; p.CertificateType != 0 && !ok {
		v.Add("certificate_type", "is not a known organisation certificate type")
	}
	sets := [][]Role{{RoleOrgCertificate}}
	if p.Person != nil {
		sets = append(sets, []Role{RoleOrgCertificate, RoleLegalPersonPortraitSide, RoleLegalPersonEmblemSide})
		v.Required("enterprise_person.legel_name", p.Person.Name, 0)
		v.Required("enterprise_person.legel_id_number", p.Person.IDNumber, 0)
	}
	checkAttachments(v, p.Files, sets)
	v.Required("corp_name", p.CorpName, maxName)
	if p.CorpName != "" && !strings.ContainsFunc(p.CorpName, unicode.IsLetter) {
		v.Add("corp_name", "must not consist only of digits, special characters or spaces")
	}
	v.Required("verified_number", p.Number, 0)
	if p.RegCountry != nil && (*p.RegCountry != "" || !change) && !isCountryCode(*p.RegCountry) {
		v.Add("reg_country", "must be an ISO 3166 alpha-2 code such as CN")
	}
	if p.RegAddress != nil && !change {
		v.Required("reg_address", *p.RegAddress, 0)
	}
	v.Required("xaccount_type", p.XAccountType, maxXAccountType)
}

func isCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// Wire forms. They carry personal data, so they print redacted too.

type individualWire struct {
	CustomerID      string        `json:"customer_id"`
	IdentifyType    int           `json:"identify_type"`
	VerifiedType    *int          `json:"verified_type,omitempty"`
	VerifiedFileURL []string      `json:"verified_file_url"`
	Name            string        `json:"name"`
	VerifiedNumber  string        `json:"verified_number"`
	ChangeType      *int          `json:"change_type,omitempty"`
	XAccountType    string        `json:"xaccount_type"`
	BankCardInfo    *bankCardWire `json:"bank_card_info,omitempty"`
}

type bankCardWire struct {
	BankAccount      string `json:"bank_account"`
	AreaCode         string `json:"areacode"`
	Mobile           string `json:"mobile"`
	VerificationCode string `json:"verification_code"`
}

type enterpriseWire struct {
	CustomerID       string      `json:"customer_id"`
	IdentifyType     int         `json:"identify_type"`
	CertificateType  *int        `json:"certificate_type,omitempty"`
	VerifiedFileURL  []string    `json:"verified_file_url"`
	CorpName         string      `json:"corp_name"`
	VerifiedNumber   string      `json:"verified_number"`
	RegCountry       *string     `json:"reg_country,omitempty"`
	RegAddress       *string     `json:"reg_address,omitempty"`
	XAccountType     string      `json:"xaccount_type"`
	EnterprisePerson *personWire `json:"enterprise_person,omitempty"`
	ChangeType       *int        `json:"change_type,omitempty"`
}

type personWire struct {
	LegelName     string `json:"legel_name"`
	LegelIDNumber string `json:"legel_id_number"`
	CertifierRole string `json:"certifier_role,omitempty"`
}

func (individualWire) Format(f fmt.State, _ rune) {
	fmt.Fprint(f, "realname.individualWire{"+redacted+"}")
}
func (enterpriseWire) Format(f fmt.State, _ rune) {
	fmt.Fprint(f, "realname.enterpriseWire{"+redacted+"}")
}

func paths(files []Attachment) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Path
	}
	return out
}

func (p *IndividualParams) wire() *individualWire {
	w := &individualWire{
		CustomerID:      p.CustomerID,
		IdentifyType:    int(p.IdentifyType),
		VerifiedFileURL: paths(p.Files),
		Name:            p.Name,
		VerifiedNumber:  p.Number,
		XAccountType:    p.XAccountType,
	}
	if p.IdentifyType == IdentifyCertificate {
		w.VerifiedType = core.Ptr(certificateWire[p.Certificate])
	}
	if p.FirstTime {
		w.ChangeType = core.Ptr(-1)
	}
	if b := p.BankCard; b != nil && p.IdentifyType == IdentifyBankCard {
		w.BankCardInfo = &bankCardWire{BankAccount: b.Account, AreaCode: b.AreaCode, Mobile: b.Mobile, VerificationCode: b.VerificationCode}
	}
	return w
}

// personal lists the values an error message must never show.
func (p *IndividualParams) personal() []string {
	out := []string{p.Name, p.Number}
	if b := p.BankCard; b != nil {
		out = append(out, b.Account, b.Mobile, b.VerificationCode)
	}
	return out
}

func (p *EnterpriseParams) wire(change bool) *enterpriseWire {
	w := &enterpriseWire{
		CustomerID:      p.CustomerID,
		IdentifyType:    1,
		VerifiedFileURL: paths(p.Files),
		CorpName:        p.CorpName,
		VerifiedNumber:  p.Number,
		RegCountry:      p.RegCountry,
		RegAddress:      p.RegAddress,
		XAccountType:    p.XAccountType,
	}
	if p.CertificateType != 0 {
		w.CertificateType = core.Ptr(orgCertificateWire[p.CertificateType])
	}
	if pp := p.Person; pp != nil {
		w.EnterprisePerson = &personWire{LegelName: pp.Name, LegelIDNumber: pp.IDNumber, CertifierRole: pp.CertifierRole}
	}
	if change {
		w.ChangeType = core.Ptr(1)
	}
	return w
}

func (p *EnterpriseParams) personal() []string {
	out := []string{p.CorpName, p.Number}
	if p.RegAddress != nil {
		out = append(out, *p.RegAddress)
	}
	if pp := p.Person; pp != nil {
		out = append(out, pp.Name, pp.IDNumber)
	}
	return out
}
