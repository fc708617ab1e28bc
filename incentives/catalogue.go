package incentives

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
)

// Region is where a partner operates, for the tags' region scope.
type Region string

// Regions.
const (
	// RegionChina: the China site (中国区).
	RegionChina Region = "china"
	// RegionOverseas: outside China (海外).
	RegionOverseas Region = "overseas"
)

// Valid reports whether r is one of the regions.
func (r Region) Valid() bool { return r == RegionChina || r == RegionOverseas }

// String returns "China" or "overseas".
func (r Region) String() string {
	switch r {
	case RegionChina:
		return "China"
	case RegionOverseas:
		return "overseas"
	}
	return fmt.Sprintf("region %q", string(r))
}

// Scope is where a level-1 tag can apply for the incentive.
type Scope string

// Scopes, as written in catalogue files.
const (
	ScopeGlobal       Scope = "global"        // 全球
	ScopeChinaOnly    Scope = "china_only"    // 仅限中国区
	ScopeOverseasOnly Scope = "overseas_only" // 仅限海外
)

// Valid reports whether s is one of the scopes.
func (s Scope) Valid() bool {
	return s == ScopeGlobal || s == ScopeChinaOnly || s == ScopeOverseasOnly
}

// Covers reports whether a partner in region r can apply with a tag of
// scope s.
func (s Scope) Covers(r Region) bool {
	switch s {
	case ScopeGlobal:
		return r.Valid()
	case ScopeChinaOnly:
		return r == RegionChina
	case ScopeOverseasOnly:
		return r == RegionOverseas
	}
	return false
}

// String describes the scope in English and in Huawei's words.
func (s Scope) String() string {
	switch s {
	case ScopeGlobal:
		return "global (全球)"
	case ScopeChinaOnly:
		return "China only (仅限中国区)"
	case ScopeOverseasOnly:
		return "overseas only (仅限海外)"
	}
	return fmt.Sprintf("scope %q", string(s))
}

// Tag is a level-1 capability tag (一级能力标签) in the incentive scope.
type Tag struct {
	// NameZH is the official name exactly as the Partner Center shows it,
	// e.g. 数据库服务能力. Tags are matched by it (or by NameEN).
	NameZH string `json:"name_zh"`
	// NameEN is an English name, e.g. "Database services".
	NameEN string `json:"name_en"`
	Scope  Scope  `json:"scope"`
}

// String returns "数据库服务能力 (Database services)".
func (t Tag) String() string {
	if t.NameEN == "" {
		return t.NameZH
	}
	return t.NameZH + " (" + t.NameEN + ")"
}

// IncentiveKind is one of the incentives an application covers.
type IncentiveKind string

// Incentive kinds, as written in catalogue files.
const (
	KindTraining    IncentiveKind = "training"     // 培训激励
	KindExamVoucher IncentiveKind = "exam_voucher" // 考试券激励
	KindCash        IncentiveKind = "cash"         // 现金激励
)

// Valid reports whether k is one of the kinds.
func (k IncentiveKind) Valid() bool {
	return k == KindTraining || k == KindExamVoucher || k == KindCash
}

// String describes the kind in English and in Huawei's words.
func (k IncentiveKind) String() string {
	switch k {
	case KindTraining:
		return "training incentive (培训激励)"
	case KindExamVoucher:
		return "exam-voucher incentive (考试券激励)"
	case KindCash:
		return "cash incentive (现金激励)"
	}
	return fmt.Sprintf("incentive kind %q", string(k))
}

// Programme is one programme year of the capability-improvement incentive.
type Programme struct {
	// Year names the programme, e.g. 2025.
	Year int `json:"year"`
	// From and To bound the programme year, inclusive, in China Standard
	// Time; a tag must be granted between them. Zero: 1 January and
	// 31 December of Year.
	From Date `json:"from,omitzero"`
	To   Date `json:"to,omitzero"`
	// Deadline is the last day (inclusive, China Standard Time) to apply
	// for a tag obtained in this programme year. Zero: 31 December of the
	// year the tag was obtained.
	Deadline Date `json:"deadline,omitzero"`
	// Tags are the level-1 tags in the incentive scope.
	Tags []Tag `json:"tags"`
	// Kinds are the incentives one application covers. Empty: training,
	// exam voucher and cash.
	Kinds []IncentiveKind `json:"incentive_kinds,omitempty"`
	// AssumedFrom, when set, says Huawei has published no scope for this
	// year: its tags are those of AssumedFrom, assumed to carry over.
	// Assumption says so wherever the year is shown.
	AssumedFrom int `json:"assumed_from,omitempty"`
}

// PublishedYear is the programme year of the scope DefaultTags gives, the
// one Huawei's published table dates.
const PublishedYear = 2025

// Assumption says, for a year whose scope is assumed, that it is and where
// to confirm it; "" for a published scope.
func (p Programme) Assumption() string {
	if p.AssumedFrom == 0 {
		return ""
	}
	return fmt.Sprintf("the %d incentive scope is assumed to be %d's, as Huawei has published none for %d: "+
		"confirm it in the Partner Center (伙伴中心) or with your partner development manager (PDM)", p.Year, p.AssumedFrom, p.Year)
}

// EligibleTags returns the tags a partner in region r can apply with, in
// catalogue order.
func (p Programme) EligibleTags(r Region) []Tag {
	var out []Tag
	for _, t := range p.Tags {
		if t.Scope.Covers(r) {
			out = append(out, t)
		}
	}
	return out
}

// Tag finds a tag by its official Chinese name or its English name.
func (p Programme) Tag(name string) (Tag, bool) {
	for _, t := range p.Tags {
		if t.NameZH == name || (t.NameEN != "" && t.NameEN == name) {
			return t, true
		}
	}
	return Tag{}, false
}

// Contains reports whether the day d (China Standard Time) is inside the
// programme year.
func (p Programme) Contains(d Date) bool {
	p = p.withDefaults()
	return p.From.Compare(d) <= 0 && d.Compare(p.To) <= 0
}

func (p Programme) withDefaults() Programme {
	if p.From.IsZero() {
		p.From = Date{Year: p.Year, Month: time.January, Day: 1}
	}
	if p.To.IsZero() {
		p.To = Date{Year: p.Year, Month: time.December, Day: 31}
	}
	if len(p.Kinds) == 0 {
		p.Kinds = defaultKinds()
	}
	return p
}

func (p Programme) clone() Programme {
	p.Tags = slices.Clone(p.Tags)
	p.Kinds = slices.Clone(p.Kinds)
	return p
}

func defaultKinds() []IncentiveKind {
	return []IncentiveKind{KindTraining, KindExamVoucher, KindCash}
}

// DefaultTags returns the level-1 tags of the incentive scope as Huawei's
// Partner Center guide lists them. 上云实施规划服务能力 (overseas only) is
// listed in one version of the guide only; it is kept, because wrongly
// leaving it out would let an overseas partner's incentive lapse, while
// wrongly keeping it costs at most an application the console refuses.
func DefaultTags() []Tag {
	return []Tag{
		{NameZH: "数据库服务能力", NameEN: "Database services", Scope: ScopeGlobal},
		{NameZH: "大数据服务能力", NameEN: "Big data services", Scope: ScopeGlobal},
		{NameZH: "数据仓库服务能力", NameEN: "Data warehouse services", Scope: ScopeChinaOnly},
		{NameZH: "AI平台服务能力", NameEN: "AI platform services", Scope: ScopeChinaOnly},
		{NameZH: "DevSecOps服务能力", NameEN: "DevSecOps services", Scope: ScopeChinaOnly},
		{NameZH: "解决方案集成实施服务能力", NameEN: "Solution integration and implementation services", Scope: ScopeChinaOnly},
		{NameZH: "公有云云运维服务能力", NameEN: "Public cloud O&M services", Scope: ScopeChinaOnly},
		{NameZH: "卓越运营服务能力", NameEN: "Operational excellence services", Scope: ScopeChinaOnly},
		{NameZH: "应用现代化服务能力", NameEN: "Application modernisation services", Scope: ScopeChinaOnly},
		{NameZH: "上云实施规划服务能力", NameEN: "Cloud migration planning services", Scope: ScopeOverseasOnly},
	}
}

// DefaultProgramme returns the documented rules for a programme year:
// 1 January to 31 December, DefaultTags, applications by 31 December,
// training, exam-voucher and cash incentives. Use it for a year whose
// scope your partner development manager (PDM) confirms is unchanged.
//
// For any year but PublishedYear the scope is an assumption (AssumedFrom).
func DefaultProgramme(year int) Programme {
	p := Programme{Year: year, Tags: DefaultTags()}
	if year != PublishedYear {
		p.AssumedFrom = PublishedYear
	}
	return p.withDefaults()
}

// Catalogue is the capability-improvement incentive programme, one
// Programme per year. It is immutable: its methods return copies, and
// With returns a new catalogue. A nil *Catalogue has no programmes.
type Catalogue struct {
	programmes []Programme // sorted by year, with defaults filled in
}

// DefaultCatalogue returns the documented scope (DefaultTags) for the 2025
// programme year, the one the programme rules give dates for, and for
// 2026, the current year when this SDK was released: Huawei has published
// no other scope, and the programme runs every year, so 2026's is an
// assumption and says so (Programme.Assumption). Later years are not
// assumed. Huawei changes the scope from time to time (your PDM announces
// it); replace or add years with With, or load a catalogue file.
func DefaultCatalogue() *Catalogue {
	return &Catalogue{programmes: []Programme{DefaultProgramme(2025), DefaultProgramme(2026)}}
}

// NewCatalogue checks the programmes and returns a catalogue holding a
// copy of them, with the zero-value defaults filled in. The error is a
// *core.ValidationError listing every problem, with field names as in a
// catalogue file ("programmes[0].tags[2].scope").
func NewCatalogue(programmes ...Programme) (*Catalogue, error) {
	var v core.Validator
	return newCatalogue(&v, programmes)
}

// newCatalogue adds the programmes' problems to those already in v.
func newCatalogue(v *core.Validator, programmes []Programme) (*Catalogue, error) {
	ps := make([]Programme, len(programmes))
	for i, p := range programmes {
		ps[i] = p.clone().withDefaults()
	}
	validateProgrammes(v, ps)
	if err := v.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(ps, func(a, b Programme) int { return a.Year - b.Year })
	return &Catalogue{programmes: ps}, nil
}

func validateProgrammes(v *core.Validator, ps []Programme) {
	if len(ps) == 0 {
		v.Add("programmes", "must list at least one programme year")
	}
	for i, p := range ps {
		f := fmt.Sprintf("programmes[%d]", i)
		if p.Year < 1 || p.Year > 9999 {
			v.Add(f+".year", "must be a year from 1 to 9999")
		}
		if p.AssumedFrom != 0 && (p.AssumedFrom < 1 || p.AssumedFrom > 9999 || p.AssumedFrom == p.Year) {
			v.Add(f+".assumed_from", "must be another year, from 1 to 9999")
		}
		checkDate(v, f+".from", p.From)
		checkDate(v, f+".to", p.To)
		if p.From.Valid() && p.To.Valid() && p.To.Compare(p.From) < 0 {
			v.Add(f+".to", "must not be before from")
		}
		if !p.Deadline.IsZero() {
			checkDate(v, f+".deadline", p.Deadline)
			// Before the year starts, every tag of it would lapse unclaimed.
			if p.From.Valid() && p.Deadline.Valid() && p.Deadline.Compare(p.From) < 0 {
				v.Add(f+".deadline", "must not be before from")
			}
		}
		for j, q := range ps[:i] {
			if q.Year == p.Year {
				v.Addf(f+".year", "repeats the year of programmes[%d]", j)
			} else if overlap(p, q) {
				v.Addf(f, "overlaps the dates of programmes[%d]", j)
			}
		}
		checkTags(v, f, p.Tags)
		for j, k := range p.Kinds {
			kf := fmt.Sprintf("%s.incentive_kinds[%d]", f, j)
			switch {
			case !k.Valid():
				v.Add(kf, "must be one of training, exam_voucher, cash")
			case slices.Contains(p.Kinds[:j], k):
				v.Add(kf, "is listed twice")
			}
		}
	}
}

func checkTags(v *core.Validator, f string, tags []Tag) {
	if len(tags) == 0 {
		v.Add(f+".tags", "must list at least one level-1 tag")
	}
	seen := map[string]bool{}
	for j, t := range tags {
		tf := fmt.Sprintf("%s.tags[%d]", f, j)
		checkName(v, tf+".name_zh", t.NameZH, seen)
		checkName(v, tf+".name_en", t.NameEN, seen)
		// Added after both checks: a tag may use one name for both.
		seen[t.NameZH], seen[t.NameEN] = true, true
		if !t.Scope.Valid() {
			v.Add(tf+".scope", "must be one of global, china_only, overseas_only")
		}
	}
}

// checkName requires a name that no other tag of the programme uses,
// since tags are looked up by either name.
func checkName(v *core.Validator, field, name string, seen map[string]bool) {
	switch {
	case strings.TrimSpace(name) == "":
		v.Add(field, "is required")
	case strings.TrimSpace(name) != name:
		v.Add(field, "must not start or end with spaces")
	case seen[name]:
		v.Add(field, "is used by another tag of the programme")
	}
}

func checkDate(v *core.Validator, field string, d Date) {
	if !d.Valid() {
		v.Add(field, "must be a calendar day YYYY-MM-DD")
	}
}

func overlap(a, b Programme) bool {
	if !a.From.Valid() || !a.To.Valid() || !b.From.Valid() || !b.To.Valid() {
		return false
	}
	return a.From.Compare(b.To) <= 0 && b.From.Compare(a.To) <= 0
}

// catalogueFile is the file form; dates are read as text so that a bad
// one is reported with its field name, along with every other problem.
type catalogueFile struct {
	Programmes []struct {
		Year        int             `json:"year"`
		From        string          `json:"from"`
		To          string          `json:"to"`
		Deadline    string          `json:"deadline"`
		Tags        []Tag           `json:"tags"`
		Kinds       []IncentiveKind `json:"incentive_kinds"`
		AssumedFrom int             `json:"assumed_from"`
	} `json:"programmes"`
}

// ParseCatalogue reads a catalogue in JSON, the form MarshalJSON writes:
//
//	{"programmes": [{"year": 2026, "from": "2026-01-01", "to": "2026-12-31",
//	  "tags": [{"name_zh": "数据库服务能力", "name_en": "Database services", "scope": "global"}],
//	  "incentive_kinds": ["training", "exam_voucher", "cash"]}]}
//
// from, to, deadline and incentive_kinds may be left out (see Programme).
// Unknown fields are refused, to catch misspellings. Content problems are
// a *core.ValidationError listing every one.
func ParseCatalogue(data []byte) (*Catalogue, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f catalogueFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("incentives: reading catalogue: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("incentives: reading catalogue: data after the JSON object")
	}
	var v core.Validator
	ps := make([]Programme, len(f.Programmes))
	for i, fp := range f.Programmes {
		p := Programme{Year: fp.Year, Tags: fp.Tags, Kinds: fp.Kinds, AssumedFrom: fp.AssumedFrom}
		field := fmt.Sprintf("programmes[%d]", i)
		p.From = fileDate(&v, field+".from", fp.From)
		p.To = fileDate(&v, field+".to", fp.To)
		p.Deadline = fileDate(&v, field+".deadline", fp.Deadline)
		ps[i] = p
	}
	return newCatalogue(&v, ps)
}

func fileDate(v *core.Validator, field, s string) Date {
	if s == "" {
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		v.Add(field, "must be a calendar day YYYY-MM-DD")
	}
	return d
}

// LoadCatalogue reads a catalogue file (see ParseCatalogue).
func LoadCatalogue(path string) (*Catalogue, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("incentives: %w", err)
	}
	return ParseCatalogue(data)
}

// MarshalJSON writes the catalogue in the form ParseCatalogue reads, with
// every default spelt out: a starting point for a file of your own.
func (c Catalogue) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Programmes []Programme `json:"programmes"`
	}{c.Programmes()})
}

// list returns the programmes; a nil catalogue has none.
func (c *Catalogue) list() []Programme {
	if c == nil {
		return nil
	}
	return c.programmes
}

// Programmes returns a copy of the programme years, oldest first.
func (c *Catalogue) Programmes() []Programme {
	out := make([]Programme, len(c.list()))
	for i, p := range c.list() {
		out[i] = p.clone()
	}
	return out
}

// Programme returns the programme named by year.
func (c *Catalogue) Programme(year int) (Programme, bool) {
	for _, p := range c.list() {
		if p.Year == year {
			return p.clone(), true
		}
	}
	return Programme{}, false
}

// ProgrammeAt returns the programme year that contains t (its day in
// China Standard Time).
func (c *Catalogue) ProgrammeAt(t time.Time) (Programme, bool) {
	d := DateOf(t)
	for _, p := range c.list() {
		if p.Contains(d) {
			return p.clone(), true
		}
	}
	return Programme{}, false
}

// With returns a new catalogue in which p replaces the programme of the
// same year, or is added. c is not changed.
func (c *Catalogue) With(p Programme) (*Catalogue, error) {
	ps := make([]Programme, 0, len(c.list())+1)
	for _, q := range c.list() {
		if q.Year != p.Year {
			ps = append(ps, q)
		}
	}
	return NewCatalogue(append(ps, p)...)
}
