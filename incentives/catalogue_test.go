package incentives_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/incentives"
)

func names(tags []incentives.Tag) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = t.NameZH
	}
	return out
}

func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	out := make([]string, len(ve.Fields))
	for i, f := range ve.Fields {
		out[i] = f.Field
	}
	return out
}

func TestDefaultTagsAsPublished(t *testing.T) {
	t.Parallel()
	want := []incentives.Tag{
		{NameZH: "数据库服务能力", NameEN: "Database services", Scope: incentives.ScopeGlobal},
		{NameZH: "大数据服务能力", NameEN: "Big data services", Scope: incentives.ScopeGlobal},
		{NameZH: "数据仓库服务能力", NameEN: "Data warehouse services", Scope: incentives.ScopeChinaOnly},
		{NameZH: "AI平台服务能力", NameEN: "AI platform services", Scope: incentives.ScopeChinaOnly},
		{NameZH: "DevSecOps服务能力", NameEN: "DevSecOps services", Scope: incentives.ScopeChinaOnly},
		{NameZH: "解决方案集成实施服务能力", NameEN: "Solution integration and implementation services", Scope: incentives.ScopeChinaOnly},
		{NameZH: "公有云云运维服务能力", NameEN: "Public cloud O&M services", Scope: incentives.ScopeChinaOnly},
		{NameZH: "卓越运营服务能力", NameEN: "Operational excellence services", Scope: incentives.ScopeChinaOnly},
		{NameZH: "应用现代化服务能力", NameEN: "Application modernisation services", Scope: incentives.ScopeChinaOnly},
		{NameZH: "上云实施规划服务能力", NameEN: "Cloud migration planning services", Scope: incentives.ScopeOverseasOnly},
	}
	assert.Equal(t, want, incentives.DefaultTags())
}

func TestDefaultCatalogue(t *testing.T) {
	t.Parallel()
	cat := incentives.DefaultCatalogue()
	ps := cat.Programmes()
	require.Len(t, ps, 2)
	p := ps[0]
	assert.Equal(t, 2025, p.Year)
	assert.Equal(t, "2025-01-01", p.From.String())
	assert.Equal(t, "2025-12-31", p.To.String())
	assert.True(t, p.Deadline.IsZero(), "31 December of the year the tag was obtained")
	assert.Equal(t, []incentives.IncentiveKind{incentives.KindTraining, incentives.KindExamVoucher, incentives.KindCash}, p.Kinds)
	assert.Equal(t, incentives.DefaultTags(), p.Tags)
	assert.Equal(t, incentives.DefaultProgramme(2025), p)

	p26, ok := cat.Programme(2026)
	require.True(t, ok, "the current programme year ships with the published scope")
	assert.Equal(t, incentives.DefaultProgramme(2026), p26)
	_, ok = cat.Programme(2027)
	assert.False(t, ok, "no programme is assumed for later years")
}

func TestDefaultCatalogueIsFresh(t *testing.T) {
	t.Parallel()
	a := incentives.DefaultCatalogue()
	p, _ := a.Programme(2025)
	p.Tags[0].NameZH = "changed"
	p.Kinds[0] = "changed"
	a.Programmes()[0].Tags[1].Scope = incentives.ScopeChinaOnly
	incentives.DefaultTags()[0].NameZH = "changed"

	for _, c := range []*incentives.Catalogue{a, incentives.DefaultCatalogue()} {
		q, _ := c.Programme(2025)
		assert.Equal(t, "数据库服务能力", q.Tags[0].NameZH)
		assert.Equal(t, incentives.ScopeGlobal, q.Tags[1].Scope)
		assert.Equal(t, incentives.KindTraining, q.Kinds[0])
	}
}

func TestEligibleTags(t *testing.T) {
	t.Parallel()
	p, ok := incentives.DefaultCatalogue().Programme(2025)
	require.True(t, ok)
	assert.Equal(t, []string{
		"数据库服务能力", "大数据服务能力", "数据仓库服务能力", "AI平台服务能力", "DevSecOps服务能力",
		"解决方案集成实施服务能力", "公有云云运维服务能力", "卓越运营服务能力", "应用现代化服务能力",
	}, names(p.EligibleTags(incentives.RegionChina)))
	assert.Equal(t, []string{"数据库服务能力", "大数据服务能力", "上云实施规划服务能力"},
		names(p.EligibleTags(incentives.RegionOverseas)))
	assert.Empty(t, p.EligibleTags("mars"))

	cat := only2025(t)
	tags, ok := cat.EligibleTags(incentives.RegionOverseas, time.Date(2025, 12, 31, 23, 59, 59, 0, cst))
	require.True(t, ok)
	assert.Len(t, tags, 3)
	_, ok = cat.EligibleTags(incentives.RegionOverseas, time.Date(2026, 1, 1, 0, 0, 0, 0, cst))
	assert.False(t, ok)
}

func TestScopeCovers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		scope           incentives.Scope
		china, overseas bool
	}{
		{incentives.ScopeGlobal, true, true},
		{incentives.ScopeChinaOnly, true, false},
		{incentives.ScopeOverseasOnly, false, true},
		{"everywhere", false, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.china, tt.scope.Covers(incentives.RegionChina), tt.scope)
		assert.Equal(t, tt.overseas, tt.scope.Covers(incentives.RegionOverseas), tt.scope)
		assert.False(t, tt.scope.Covers(""), tt.scope)
	}
	assert.Equal(t, "China only (仅限中国区)", incentives.ScopeChinaOnly.String())
	assert.Equal(t, "global (全球)", incentives.ScopeGlobal.String())
	assert.Equal(t, "overseas only (仅限海外)", incentives.ScopeOverseasOnly.String())
	assert.Equal(t, "China", incentives.RegionChina.String())
	assert.Equal(t, "overseas", incentives.RegionOverseas.String())
	assert.Equal(t, `region "mars"`, incentives.Region("mars").String())
	assert.Equal(t, "数据库服务能力 (Database services)", incentives.DefaultTags()[0].String())
	assert.Equal(t, "cash incentive (现金激励)", incentives.KindCash.String())
	assert.Equal(t, "exam-voucher incentive (考试券激励)", incentives.KindExamVoucher.String())
	assert.Equal(t, "training incentive (培训激励)", incentives.KindTraining.String())
}

func TestProgrammeTagLookup(t *testing.T) {
	t.Parallel()
	p := incentives.DefaultProgramme(2025)
	byZH, ok := p.Tag("数据仓库服务能力")
	require.True(t, ok)
	byEN, ok := p.Tag("Data warehouse services")
	require.True(t, ok)
	assert.Equal(t, byZH, byEN)
	_, ok = p.Tag("数据仓库服务能力 ")
	assert.False(t, ok, "names match exactly")
	_, ok = p.Tag("")
	assert.False(t, ok)
}

// only2025 is a catalogue with the 2025 programme alone, so that leaving
// the programme year shows as "no programme".
func only2025(t *testing.T) *incentives.Catalogue {
	t.Helper()
	cat, err := incentives.NewCatalogue(incentives.DefaultProgramme(2025))
	require.NoError(t, err)
	return cat
}

func TestProgrammeBoundaries(t *testing.T) {
	t.Parallel()
	cat := only2025(t)
	tests := []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2024, 12, 31, 23, 59, 59, 0, cst), false},
		{time.Date(2025, 1, 1, 0, 0, 0, 0, cst), true},
		{time.Date(2024, 12, 31, 16, 0, 0, 0, time.UTC), true}, // 00:00 CST
		{time.Date(2024, 12, 31, 15, 59, 59, 0, time.UTC), false},
		{time.Date(2024, 12, 31, 11, 0, 0, 0, newYork), true},
		{time.Date(2025, 12, 31, 23, 59, 59, 0, cst), true},
		{time.Date(2025, 12, 31, 15, 59, 59, 0, time.UTC), true},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, cst), false},
		{time.Date(2025, 12, 31, 11, 0, 0, 0, newYork), false}, // 00:00 CST on 1 Jan
	}
	for _, tt := range tests {
		p, ok := cat.ProgrammeAt(tt.at)
		assert.Equal(t, tt.want, ok, "%s", tt.at)
		if ok {
			assert.Equal(t, 2025, p.Year)
		}
	}
	p := incentives.Programme{Year: 2030} // Contains fills in the defaults
	assert.True(t, p.Contains(incentives.Date{Year: 2030, Month: 12, Day: 31}))
	assert.False(t, p.Contains(incentives.Date{Year: 2031, Month: 1, Day: 1}))
}

const validFile = `{
  "programmes": [
    {"year": 2026,
     "tags": [
       {"name_zh": "数据库服务能力", "name_en": "Database services", "scope": "global"},
       {"name_zh": "安全服务能力", "name_en": "Security services", "scope": "china_only"}
     ]},
    {"year": 2025, "from": "2025-01-01", "to": "2025-12-31", "deadline": "2026-01-15",
     "tags": [{"name_zh": "上云实施规划服务能力", "name_en": "Cloud migration planning services", "scope": "overseas_only"}],
     "incentive_kinds": ["cash"]}
  ]
}`

func TestParseCatalogue(t *testing.T) {
	t.Parallel()
	cat, err := incentives.ParseCatalogue([]byte(validFile))
	require.NoError(t, err)
	ps := cat.Programmes()
	require.Len(t, ps, 2)
	assert.Equal(t, 2025, ps[0].Year, "sorted by year")
	assert.Equal(t, "2026-01-15", ps[0].Deadline.String())
	assert.Equal(t, []incentives.IncentiveKind{incentives.KindCash}, ps[0].Kinds)

	p, ok := cat.Programme(2026)
	require.True(t, ok)
	assert.Equal(t, "2026-01-01", p.From.String(), "default start")
	assert.Equal(t, "2026-12-31", p.To.String(), "default end")
	assert.Len(t, p.Kinds, 3, "default kinds")
	assert.Equal(t, []string{"数据库服务能力", "安全服务能力"}, names(p.EligibleTags(incentives.RegionChina)))
	assert.Equal(t, []string{"数据库服务能力"}, names(p.EligibleTags(incentives.RegionOverseas)))
}

func TestParseCatalogueErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		file   string
		fields []string
	}{
		{"no programmes", `{"programmes": []}`, []string{"programmes"}},
		{"empty object", `{}`, []string{"programmes"}},
		{"every problem at once", `{"programmes": [
			{"year": 0, "from": "2025-02-30", "to": "2025-13-01", "deadline": "soon",
			 "tags": [{"name_zh": "", "name_en": " Padded", "scope": "asia"}],
			 "incentive_kinds": ["cash", "holiday", "cash"]}
		]}`, []string{
			"programmes[0].from", "programmes[0].to", "programmes[0].deadline",
			"programmes[0].year", "programmes[0].tags[0].name_zh", "programmes[0].tags[0].name_en",
			"programmes[0].tags[0].scope", "programmes[0].incentive_kinds[1]", "programmes[0].incentive_kinds[2]",
		}},
		{"no tags, to before from", `{"programmes": [{"year": 2025, "from": "2025-06-01", "to": "2025-05-31", "tags": []}]}`,
			[]string{"programmes[0].to", "programmes[0].tags"}},
		{"deadline before the programme year", `{"programmes": [{"year": 2025, "deadline": "2024-12-31",
			"tags": [{"name_zh": "a", "name_en": "A", "scope": "global"}]}]}`,
			[]string{"programmes[0].deadline"}},
		{"duplicate names", `{"programmes": [{"year": 2025, "tags": [
			{"name_zh": "数据库服务能力", "name_en": "Database", "scope": "global"},
			{"name_zh": "数据库服务能力", "name_en": "Other", "scope": "global"},
			{"name_zh": "其他", "name_en": "Database", "scope": "global"}]}]}`,
			[]string{"programmes[0].tags[1].name_zh", "programmes[0].tags[2].name_en"}},
		{"repeated year and overlap", `{"programmes": [
			{"year": 2025, "tags": [{"name_zh": "a", "name_en": "A", "scope": "global"}]},
			{"year": 2025, "tags": [{"name_zh": "a", "name_en": "A", "scope": "global"}]},
			{"year": 2026, "from": "2025-12-01", "tags": [{"name_zh": "a", "name_en": "A", "scope": "global"}]}
		]}`, []string{"programmes[1].year", "programmes[2]", "programmes[2]"}},
	}
	for _, tt := range tests {
		_, err := incentives.ParseCatalogue([]byte(tt.file))
		assert.Equal(t, tt.fields, fieldsOf(t, err), tt.name)
	}
}

func TestParseCatalogueUnreadable(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{
		``,
		`{"programmes": [`,
		`{"programmes": [{"year": "2025"}]}`,
		`{"programmes": [{"year": 2025, "tag": []}]}`, // misspelt field
		`{"programmes": []} {"programmes": []}`,
	} {
		_, err := incentives.ParseCatalogue([]byte(bad))
		require.Error(t, err, bad)
		assert.Contains(t, err.Error(), "incentives: reading catalogue", bad)
	}
}

func TestLoadCatalogue(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "catalogue.json")
	require.NoError(t, os.WriteFile(path, []byte(validFile), 0o600))
	cat, err := incentives.LoadCatalogue(path)
	require.NoError(t, err)
	_, ok := cat.Programme(2026)
	assert.True(t, ok)

	_, err = incentives.LoadCatalogue(filepath.Join(dir, "missing.json"))
	assert.ErrorIs(t, err, os.ErrNotExist)

	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"programmes": [{"year": 2025, "tags": []}]}`), 0o600))
	_, err = incentives.LoadCatalogue(bad)
	assert.Equal(t, []string{"programmes[0].tags"}, fieldsOf(t, err))
}

func TestCatalogueJSONRoundTrip(t *testing.T) {
	t.Parallel()
	data, err := json.Marshal(incentives.DefaultCatalogue())
	require.NoError(t, err)
	assert.Contains(t, string(data), `"name_zh":"数据库服务能力"`)
	assert.Contains(t, string(data), `"from":"2025-01-01","to":"2025-12-31"`)
	assert.NotContains(t, string(data), `"deadline"`, "an unset deadline is left out")

	back, err := incentives.ParseCatalogue(data)
	require.NoError(t, err)
	assert.Equal(t, incentives.DefaultCatalogue().Programmes(), back.Programmes())

	custom, err := incentives.ParseCatalogue([]byte(validFile))
	require.NoError(t, err)
	data, err = json.Marshal(custom)
	require.NoError(t, err)
	again, err := incentives.ParseCatalogue(data)
	require.NoError(t, err)
	assert.Equal(t, custom.Programmes(), again.Programmes())
}

func TestNewCatalogue(t *testing.T) {
	t.Parallel()
	tags := []incentives.Tag{{NameZH: "数据库服务能力", NameEN: "Database services", Scope: incentives.ScopeGlobal}}
	in := incentives.Programme{Year: 2026, Tags: tags}
	cat, err := incentives.NewCatalogue(in)
	require.NoError(t, err)
	tags[0].Scope = incentives.ScopeChinaOnly // the catalogue holds its own copy
	p, ok := cat.Programme(2026)
	require.True(t, ok)
	assert.Equal(t, incentives.ScopeGlobal, p.Tags[0].Scope)
	assert.True(t, in.From.IsZero(), "the caller's value is not changed")

	// One name for both is not a clash: lookups by either find the same tag.
	same, err := incentives.NewCatalogue(incentives.Programme{Year: 2026, Tags: []incentives.Tag{
		{NameZH: "DevSecOps", NameEN: "DevSecOps", Scope: incentives.ScopeChinaOnly},
		{NameZH: "数据库服务能力", NameEN: "Database services", Scope: incentives.ScopeGlobal},
	}})
	require.NoError(t, err)
	p, _ = same.Programme(2026)
	tag, ok := p.Tag("DevSecOps")
	require.True(t, ok)
	assert.Equal(t, incentives.ScopeChinaOnly, tag.Scope)

	_, err = incentives.NewCatalogue()
	assert.Equal(t, []string{"programmes"}, fieldsOf(t, err))
	_, err = incentives.NewCatalogue(incentives.Programme{
		Year: 2026, From: incentives.Date{Year: 2026, Month: 2, Day: 30}, Deadline: incentives.Date{Year: 2026, Month: 13, Day: 1},
		Tags: tags, Kinds: []incentives.IncentiveKind{"holiday"},
	})
	assert.Equal(t, []string{"programmes[0].from", "programmes[0].deadline", "programmes[0].incentive_kinds[0]"}, fieldsOf(t, err))
}

func TestCatalogueWith(t *testing.T) {
	t.Parallel()
	base := only2025(t)
	next, err := base.With(incentives.DefaultProgramme(2026))
	require.NoError(t, err)
	assert.Len(t, next.Programmes(), 2)
	assert.Len(t, base.Programmes(), 1, "the original is unchanged")

	narrowed := incentives.DefaultProgramme(2025)
	narrowed.Tags = narrowed.EligibleTags(incentives.RegionOverseas)
	replaced, err := next.With(narrowed)
	require.NoError(t, err)
	p, _ := replaced.Programme(2025)
	assert.Len(t, p.Tags, 3)
	assert.Len(t, replaced.Programmes(), 2)

	_, err = base.With(incentives.Programme{Year: 2026})
	assert.Equal(t, []string{"programmes[1].tags"}, fieldsOf(t, err))
}

func TestNilAndValueCatalogue(t *testing.T) {
	t.Parallel()
	var nilCat *incentives.Catalogue
	assert.Empty(t, nilCat.Programmes())
	_, ok := nilCat.ProgrammeAt(nov20)
	assert.False(t, ok)
	d, err := nilCat.Check(partner(), granted(database, march14), nov20)
	require.NoError(t, err)
	assert.Equal(t, []incentives.Rule{incentives.RuleRegionScope, incentives.RuleProgrammeYear}, unmetRules(d))
	withYear, err := nilCat.With(incentives.DefaultProgramme(2025))
	require.NoError(t, err)
	assert.Len(t, withYear.Programmes(), 1)

	// A catalogue held by value marshals like one held by pointer.
	byValue, err := json.Marshal(struct{ C incentives.Catalogue }{*incentives.DefaultCatalogue()})
	require.NoError(t, err)
	byPointer, err := json.Marshal(incentives.DefaultCatalogue())
	require.NoError(t, err)
	assert.JSONEq(t, `{"C":`+string(byPointer)+`}`, string(byValue))
}

// A year whose scope Huawei did not publish says so, with where to
// confirm it, wherever it is shown.
func TestAnAssumedScopeSaysSo(t *testing.T) {
	t.Parallel()
	cat := incentives.DefaultCatalogue()
	p2025, ok := cat.Programme(2025)
	require.True(t, ok)
	assert.Empty(t, p2025.Assumption(), "2025's table is the published one")
	p2026, ok := cat.Programme(2026)
	require.True(t, ok)
	assert.Equal(t, 2025, p2026.AssumedFrom)
	assert.Contains(t, p2026.Assumption(), "2026 incentive scope is assumed")
	assert.Contains(t, p2026.Assumption(), "Partner Center")
	assert.Contains(t, p2026.Assumption(), "PDM")
	assert.Equal(t, 2025, incentives.DefaultProgramme(2027).AssumedFrom)

	// Check's reasons carry it.
	granted := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	d, err := cat.Check(incentives.Partner{Tier: incentives.TierDistributor, Region: incentives.RegionChina, Stage: incentives.StageRoleCertification},
		incentives.ObtainedTag{Name: "数据库服务能力", GrantedAt: granted}, granted)
	require.NoError(t, err)
	var scope string
	for _, r := range d.Reasons {
		if r.Rule == incentives.RuleRegionScope {
			scope = r.String()
		}
	}
	assert.Contains(t, scope, "assumed")

	// A catalogue file keeps it, and checks it.
	data, err := json.Marshal(cat)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"assumed_from":2025`)
	again, err := incentives.ParseCatalogue(data)
	require.NoError(t, err)
	p, _ := again.Programme(2026)
	assert.Equal(t, 2025, p.AssumedFrom)
	_, err = incentives.NewCatalogue(incentives.Programme{Year: 2026, Tags: incentives.DefaultTags(), AssumedFrom: 2026})
	assert.Error(t, err, "a year cannot be assumed from itself")
}
