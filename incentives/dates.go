package incentives

import (
	"fmt"
	"time"
)

// ChinaStandardTime returns the UTC+8 zone in which the API's months and
// the programme's dates are reckoned. It is a fixed offset, so it works
// without a time-zone database.
func ChinaStandardTime() *time.Location { return time.FixedZone("CST", 8*60*60) }

// Month is a calendar month in China Standard Time, the month parameter of
// ListIncentiveDiscountPolicies. The zero value means "not set".
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf returns the month that contains t in China Standard Time:
// 2024-01-31T16:30:00Z is in 2024-02.
func MonthOf(t time.Time) Month {
	t = t.In(ChinaStandardTime())
	return Month{Year: t.Year(), Month: t.Month()}
}

// ParseMonth parses "YYYY-MM".
func ParseMonth(s string) (Month, error) {
	if len(s) != 7 || s[4] != '-' || !digits(s[:4]) || !digits(s[5:]) {
		return Month{}, fmt.Errorf("incentives: month %q is not YYYY-MM", clip(s))
	}
	m := Month{Year: atoi(s[:4]), Month: time.Month(atoi(s[5:]))}
	if !m.Valid() {
		return Month{}, fmt.Errorf("incentives: month %q is not YYYY-MM", clip(s))
	}
	return m, nil
}

// Valid reports whether m has a four-digit year and a month from 1 to 12.
func (m Month) Valid() bool {
	return m.Year >= 0 && m.Year <= 9999 && m.Month >= time.January && m.Month <= time.December
}

// IsZero reports whether m is the zero value.
func (m Month) IsZero() bool { return m == Month{} }

// String returns "YYYY-MM", the API's form.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// AsOf returns 23:59:59 China Standard Time on the last day of m: the API
// answers with the policies in force at that instant.
func (m Month) AsOf() time.Time {
	return time.Date(m.Year, m.Month+1, 1, 0, 0, 0, 0, ChinaStandardTime()).Add(-time.Second)
}

// MarshalText encodes m as "YYYY-MM".
func (m Month) MarshalText() ([]byte, error) {
	if !m.Valid() {
		return nil, fmt.Errorf("incentives: month %d-%d is not valid", m.Year, int(m.Month))
	}
	return []byte(m.String()), nil
}

// UnmarshalText parses "YYYY-MM".
func (m *Month) UnmarshalText(b []byte) error {
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Date is a calendar day in China Standard Time. The zero value means
// "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the day that contains t in China Standard Time:
// 2025-12-31T16:00:00Z is 2026-01-01.
func DateOf(t time.Time) Date {
	t = t.In(ChinaStandardTime())
	return Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// ParseDate parses "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s[:4]) || !digits(s[5:7]) || !digits(s[8:]) {
		return Date{}, fmt.Errorf("incentives: date %q is not YYYY-MM-DD", clip(s))
	}
	d := Date{Year: atoi(s[:4]), Month: time.Month(atoi(s[5:7])), Day: atoi(s[8:])}
	if !d.Valid() {
		return Date{}, fmt.Errorf("incentives: date %q is not a calendar day", clip(s))
	}
	return d, nil
}

// Valid reports whether d is a real calendar day with a four-digit year.
func (d Date) Valid() bool {
	if d.Year < 0 || d.Year > 9999 {
		return false
	}
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	return t.Year() == d.Year && t.Month() == d.Month && t.Day() == d.Day
}

// IsZero reports whether d is the zero value.
func (d Date) IsZero() bool { return d == Date{} }

// String returns "YYYY-MM-DD".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// Start returns 00:00 China Standard Time on d.
func (d Date) Start() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, ChinaStandardTime())
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int { return d.utc().Compare(e.utc()) }

// DaysUntil returns the number of days from d to e: 1 from 30 to 31
// December, negative when e is before d. It counts in seconds, not
// time.Duration, which saturates beyond 292 years.
func (d Date) DaysUntil(e Date) int { return int((e.utc().Unix() - d.utc().Unix()) / (24 * 60 * 60)) }

// utc is d at midnight UTC, where every day has 24 hours.
func (d Date) utc() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// MarshalText encodes d as "YYYY-MM-DD".
func (d Date) MarshalText() ([]byte, error) {
	if !d.Valid() {
		return nil, fmt.Errorf("incentives: date %d-%d-%d is not a calendar day", d.Year, int(d.Month), d.Day)
	}
	return []byte(d.String()), nil
}

// UnmarshalText parses "YYYY-MM-DD".
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// atoi converts a short string of ASCII digits (checked by digits).
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func clip(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}
