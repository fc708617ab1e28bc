package core

import (
	"bytes"
	"fmt"
	"time"
)

// TimeLayout is the API's UTC time format, yyyy-MM-dd'T'HH:mm:ss'Z'.
const TimeLayout = "2006-01-02T15:04:05Z"

// FormatTime formats t for the API: converted to UTC, whole seconds, "Z".
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// FormatOptionalTime is FormatTime, or "" for the zero time, for filters
// sent with omitempty.
func FormatOptionalTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return FormatTime(t)
}

// Time is a time in an API response. It decodes the API's UTC format (and
// any RFC 3339 time); "" and null decode to the zero time.
type Time struct {
	time.Time
}

// MarshalJSON encodes t in the API format, or null for the zero time.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + FormatTime(t.Time) + `"`), nil
}

// UnmarshalJSON decodes the API format; "" and null give the zero time.
func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" || string(b) == `""` {
		t.Time = time.Time{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("hwpartner: time %s is not a JSON string", clip(string(b)))
	}
	v, err := time.Parse(time.RFC3339, string(b[1:len(b)-1]))
	if err != nil {
		return fmt.Errorf("hwpartner: time %s is not in the API format %s", clip(string(b)), TimeLayout)
	}
	t.Time = v.UTC()
	return nil
}

// String formats t in the API format, or "" for the zero time.
func (t Time) String() string {
	if t.IsZero() {
		return ""
	}
	return FormatTime(t.Time)
}
