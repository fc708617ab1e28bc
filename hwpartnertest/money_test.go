package hwpartnertest

import (
	"encoding/json"
	"testing"
)

func TestParseRequestAmount(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]cents{
		`"99.99"`: 9999, `99.99`: 9999, `"1"`: 100, `"1.5"`: 150, `0.01`: 1, `"007.10"`: 710,
	} {
		got, err := parseRequestAmount(json.RawMessage(in))
		if err != nil || got != want {
			t.Errorf("%s: got %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{`"1.100"`, `"1.000000"`, `"1."`, `".5"`, `"0"`, `"-1"`, `"0.00"`, `"1e2"`, `"abc"`, `""`, `null`, `"1,00"`} {
		if got, err := parseRequestAmount(json.RawMessage(in)); err == nil {
			t.Errorf("%s: accepted as %d", in, got)
		}
	}
	if s := cents(-1234).String(); s != "-12.34" {
		t.Errorf("String: %s", s)
	}
}
