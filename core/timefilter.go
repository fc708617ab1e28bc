package core

import "time"

// maxTimeText is the documented maximum length of every time field in a
// request (yyyy-MM-ddTHH:mm:ssZ is 20 characters).
const maxTimeText = 20

// Time checks an optional time filter: the zero time is not sent; any
// other must format to the API's 20 characters (years 0000 to 9999).
func (v *Validator) Time(field string, t time.Time) {
	if !t.IsZero() && len(FormatTime(t)) > maxTimeText {
		v.Add(field, "must be a time between the years 0000 and 9999")
	}
}

// FormatOptionalTime is FormatTime, or "" for the zero time, for filters
// sent with omitempty.
func FormatOptionalTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return FormatTime(t)
}
