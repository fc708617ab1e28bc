package core_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hwpartner/go-hwpartner/core"
)

type item struct {
	Name string    `json:"name"`
	N    int       `json:"n"`
	At   core.Time `json:"at"`
}

type itemsAnswer struct {
	Total int    `json:"total"`
	Items []item `json:"items"`
}

// DecodeAnswer is how a domain package uses the reader.
func (a *itemsAnswer) DecodeAnswer(body []byte) bool {
	var out itemsAnswer
	seen := false
	r := core.NewJSONReader(body)
	r.Object(func(key []byte) {
		switch string(key) {
		case "total":
			if !r.Null() {
				out.Total = r.Int()
			}
		case "items":
			if seen {
				r.Fail()
				return
			}
			seen = true
			if r.Null() {
				out.Items = nil
				return
			}
			out.Items = []item{}
			r.Array(func() {
				var it item
				r.Object(func(key []byte) {
					switch string(key) {
					case "name":
						if !r.Null() {
							it.Name = r.String()
						}
					case "n":
						if !r.Null() {
							it.N = r.Int()
						}
					case "at":
						if r.Null() {
							it.At = core.Time{}
						} else if it.At.UnmarshalJSON(r.StringLiteral()) != nil {
							r.Fail()
						}
					default:
						r.Fail()
					}
				})
				out.Items = append(out.Items, it)
			})
		default:
			r.Fail()
		}
	})
	if !r.Done() {
		return false
	}
	*a = out
	return true
}

var _ core.AnswerDecoder = (*itemsAnswer)(nil)

// agrees checks the reader's promise: when the decoder accepts body, body
// is valid JSON and the value is what encoding/json gives.
func agrees(t *testing.T, body string) bool {
	t.Helper()
	var fast itemsAnswer
	if !fast.DecodeAnswer([]byte(body)) {
		assert.Equal(t, itemsAnswer{}, fast, "a refusal leaves the value alone")
		return false
	}
	assert.True(t, json.Valid([]byte(body)), "accepted invalid JSON %q", body)
	var std itemsAnswer
	if assert.NoError(t, json.Unmarshal([]byte(body), &std), "%q", body) {
		assert.True(t, reflect.DeepEqual(std, fast), "%q: fast %+v, encoding/json %+v", body, fast, std)
	}
	return true
}

func TestJSONReaderDecodesWhatEncodingJSONDoes(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"total":2,"items":[{"name":"a","n":1,"at":"2024-03-01T08:00:00Z"},{"name":"华为云","n":-7}]}`,
		" \n{ \"total\" : 0 , \"items\" : [ ] }\t",
		`{"items":null,"total":null}`,
		`{"total":1,"items":[{"name":null,"n":null,"at":null}]}`,
		`{"total":1,"total":3}`,
		`{"items":[{"name":"a","name":"b"}]}`,
		`{"items":[{"name":"say \"hi\"\\ \u00e9\n"}]}`,
		`{"items":[{"name":"\ud83d\ude00"}]}`,
		`{"items":[{"at":"2024-03-01T16:00:00+08:00"}]}`,
		`{"total":-0}`,
		`{}`,
	} {
		assert.True(t, agrees(t, body), "a plain answer takes the fast path: %s", body)
	}
}

func TestJSONReaderGivesUpOnTheUnusual(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		``, `[]`, `null`, `{`, `{"total":1`, `{"total":1}x`, `{"total":1,}`, `{"items":[{}, ]}`,
		`{"Total":1}`,      // encoding/json would match it case-insensitively
		`{"tot\u0061l":1}`, // an escaped key
		`{"other":1}`,      // a key the decoder does not know
		`{"total":1.5}`, `{"total":1e2}`, `{"total":01}`, `{"total":"1"}`, `{"total":-}`,
		`{"total":12345678901234567890}`,         // too long for an int
		`{"items":[null]}`,                       // encoding/json appends a zero item
		`{"items":[],"items":[]}`,                // decoded over the first by encoding/json
		`{"items":[{"name":"a` + "\x01" + `"}]}`, // a control character
		`{"items":[{"name":"` + "\xff" + `"}]}`,  // invalid UTF-8, replaced by encoding/json
		`{"items":[{"name":"\x"}]}`,              // a bad escape
		`{"items":[{"name":"a\"}]}`,              // an escaped closing quote
		`{"items":[{"at":"yesterday"}]}`,         // the time's own decoder refuses it
		`{"items":[{"at":"2024-03-01\u005408:00:00Z"}]}`,
		`{"items":[{"at":5}]}`, `{"items":[{"name":5}]}`, `{"items":{}}`, `{"total":nul}`,
	} {
		assert.False(t, agrees(t, body), "%s", body)
	}
}

func FuzzJSONReader(f *testing.F) {
	for _, s := range []string{
		`{"total":2,"items":[{"name":"a","n":1,"at":"2024-03-01T08:00:00Z"},{"name":"b\"c","n":-7,"at":null}]}`,
		`{"items":[{"name":"\u00e9\\"}],"total":0}`, `{"items":null}`, `{"total":1.5}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) { agrees(t, body) })
}
