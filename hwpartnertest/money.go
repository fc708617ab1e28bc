package hwpartnertest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// cents is an exact amount of money in fen. The fake keeps its own exact
// arithmetic rather than the SDK's Amount, so the two check each other.
type cents int64

var errAmount = errors.New("must be a decimal number greater than 0 with at most 2 decimal places")

// parseRequestAmount accepts a JSON string ("99.99") or number (99.99), as
// the API does, and refuses ≤ 0 or more than 2 decimals.
func parseRequestAmount(raw json.RawMessage) (cents, error) {
	s := strings.TrimSpace(string(raw))
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	c, err := parseCents(s)
	if err != nil || c <= 0 {
		return 0, errAmount
	}
	return c, nil
}

func parseCents(s string) (cents, error) {
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || len(whole) > 15 || strings.TrimLeft(whole, "0123456789") != "" {
		return 0, errAmount
	}
	// Requests may carry at most 2 fraction digits as written (api.md
	// §1.7): "1.100" is refused, so a client sending 3 digits is caught.
	if hasFrac && (frac == "" || len(frac) > 2 || strings.TrimLeft(frac, "0123456789") != "") {
		return 0, errAmount
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, errAmount
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	return cents(w*100 + f), nil
}

// String formats c as "99.99".
func (c cents) String() string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// jsonNumber writes c as a bare JSON number, as the API documents balances
// (Double); jsonString writes it as a string, as for record amounts.
func (c cents) jsonNumber() json.Number { return json.Number(c.String()) }
func (c cents) jsonString() string      { return c.String() }

// Amount is an exact amount of money in yuan, as the fake's Go API takes
// and returns it. It holds whole cents, so == compares exactly:
//
//	assert.Equal(t, hwpartnertest.MustParseAmount(t, "99.99"), srv.Balance(id))
//
// Equal compares it with the SDK's amount (or anything whose String is a
// decimal) just as exactly. The zero value is 0.00.
type Amount struct{ c cents }

// ParseAmount parses a decimal such as "99.99", "100" or "-0.50" with at
// most two decimals.
func ParseAmount(s string) (Amount, error) {
	neg := strings.HasPrefix(s, "-")
	c, err := parseCents(strings.TrimPrefix(s, "-"))
	if err != nil {
		return Amount{}, fmt.Errorf("hwpartnertest: amount %q %w", s, errAmountText)
	}
	if neg {
		c = -c
	}
	return Amount{c}, nil
}

var errAmountText = errors.New("is not a decimal with at most 2 decimal places")

// MustParseAmount is ParseAmount for tests: it fails t on bad input.
func MustParseAmount(t testing.TB, s string) Amount {
	t.Helper()
	a, err := ParseAmount(s)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return a
}

// Yuan is a whole number of yuan.
func Yuan(n int64) Amount { return Amount{cents(n * 100)} }

// AmountFromCents is n/100 yuan.
func AmountFromCents(n int64) Amount { return Amount{cents(n)} }

// Cents is the amount in cents.
func (a Amount) Cents() int64 { return int64(a.c) }

// String formats the amount with two decimals: "99.99", "-0.50".
func (a Amount) String() string { return a.c.String() }

// Equal reports whether x, read from its String form, is exactly this
// amount: hwpartner.AmountFromCents(9999) equals MustParseAmount(t,
// "99.99"); "99.995" equals no Amount.
func (a Amount) Equal(x fmt.Stringer) bool {
	if x == nil {
		return false
	}
	b, err := parseExact(x.String())
	return err == nil && b == a.c
}

// parseExact reads a plain decimal with any number of decimals and fails
// unless it is a whole number of cents.
func parseExact(s string) (cents, error) {
	whole, frac, hasFrac := strings.Cut(s, ".")
	if hasFrac {
		if frac = strings.TrimRight(frac, "0"); frac != "" {
			whole += "." + frac
		}
	}
	a, err := ParseAmount(whole)
	return a.c, err
}

// MarshalJSON writes the amount as a JSON string, "99.99".
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(`"` + a.String() + `"`), nil }

// UnmarshalJSON reads a JSON string or number digit for digit, never
// through a float.
func (a *Amount) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	c, err := parseExact(s)
	if err != nil {
		return fmt.Errorf("hwpartnertest: amount %s %w", clipText(string(b)), errAmountText)
	}
	a.c = c
	return nil
}

func clipText(s string) string {
	if len(s) > 24 {
		return s[:24] + "…"
	}
	return s
}
