package core

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Amount is an exact decimal amount of money in yuan. It never passes
// through a float: it decodes JSON strings and numbers digit for digit and
// encodes as a JSON string ("99.99").
//
// The zero value is 0. Compare amounts with Equal or Cmp: the compiler
// refuses == (it would compare representations, not values), and an
// Amount cannot be a map key (use its String as the key).
//
// Only the decimal library's exact operations are used (parse, add,
// subtract, compare, fixed formatting); none of them reads the library's
// package-level settings, which any package in a program could change.
type Amount struct {
	// A func array of length 0 takes no room and makes Amount
	// non-comparable: == on two Amounts compares the decimal library's
	// internal pointers, so the compiler refuses it. Use Equal or Cmp.
	_ [0]func()
	d decimal.Decimal
}

// isPlainDecimal reports whether s is what users type: 12, 12.5, -0.01
// (^[+-]?[0-9]+(\.[0-9]+)?$). Exponents only arrive from servers.
func isPlainDecimal(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	whole, frac, point := strings.Cut(s, ".")
	return allDigits(whole) && (!point || allDigits(frac))
}

// isJSONNumber reports whether s is a number as JSON writes it
// (^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$).
func isJSONNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	n := digits(s)
	if n == 0 || n > 1 && s[0] == '0' { // 0, or no leading zero
		return false
	}
	s = s[n:]
	if s != "" && s[0] == '.' {
		if n = digits(s[1:]); n == 0 {
			return false
		}
		s = s[1+n:]
	}
	if s != "" && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		if s != "" && (s[0] == '+' || s[0] == '-') {
			s = s[1:]
		}
		if n = digits(s); n == 0 {
			return false
		}
		s = s[n:]
	}
	return s == ""
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool { return s != "" && digits(s) == len(s) }

// digits returns how many ASCII digits s starts with.
func digits(s string) int {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	return n
}

// MaxAmountDigits is the most digits an amount may have before its decimal
// point, and the most it may have after it (trailing zeros aside).
// ParseAmount, UnmarshalJSON and UnmarshalText refuse larger values, so
// whatever they accept encodes (String, JSON, text) and decodes again to
// the same value. No real amount comes close.
const MaxAmountDigits = 40

// maxAmountText bounds the text parsed, and so the parsing work.
const maxAmountText = 100

// ParseAmount parses a plain decimal such as "99.99" or "100", of at most
// MaxAmountDigits digits on either side of the point.
func ParseAmount(s string) (Amount, error) {
	if len(s) > maxAmountText || !isPlainDecimal(s) {
		return Amount{}, fmt.Errorf("hwpartner: %q is not a decimal amount", clip(s))
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return Amount{}, fmt.Errorf("hwpartner: %q is not a decimal amount", clip(s))
	}
	if !inRange(d) {
		return Amount{}, fmt.Errorf("hwpartner: %q has more than %d digits before or after the decimal point", clip(s), MaxAmountDigits)
	}
	return Amount{d: d}, nil
}

// inRange reports whether d has at most MaxAmountDigits digits on either
// side of the point. The exponent is checked first, so that an input such
// as 1e999999999 is refused without being written out.
func inRange(d decimal.Decimal) bool {
	if d.IsZero() {
		return true
	}
	if e := d.Exponent(); e > MaxAmountDigits || e < -(MaxAmountDigits+maxAmountText) {
		return false
	}
	digits := d.Abs().String() // exact, no exponent, trailing zeros trimmed
	whole, frac, _ := strings.Cut(digits, ".")
	return len(whole) <= MaxAmountDigits && len(frac) <= MaxAmountDigits
}

// AmountFromCents returns cents/100 yuan: AmountFromCents(9999) is 99.99.
func AmountFromCents(cents int64) Amount { return Amount{d: decimal.New(cents, -2)} }

// AmountFromYuan returns a whole number of yuan.
func AmountFromYuan(yuan int64) Amount { return Amount{d: decimal.New(yuan, 0)} }

func clip(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}

// String returns the exact value with at least two decimals: "100.00",
// "99.99", "0.005".
func (a Amount) String() string {
	if a.d.Exponent() >= -2 || a.d.Equal(a.d.Truncate(2)) {
		return a.d.StringFixed(2)
	}
	return a.d.String()
}

// Cents returns the amount in cents, and false when it has more than two
// decimals or does not fit an int64.
func (a Amount) Cents() (int64, bool) {
	c := a.d.Shift(2)
	if !c.IsInteger() {
		return 0, false
	}
	bi := c.BigInt()
	if !bi.IsInt64() {
		return 0, false
	}
	return bi.Int64(), true
}

// Add returns a + b, exactly.
func (a Amount) Add(b Amount) Amount { return Amount{d: a.d.Add(b.d)} }

// Sub returns a - b, exactly.
func (a Amount) Sub(b Amount) Amount { return Amount{d: a.d.Sub(b.d)} }

// Neg returns -a.
func (a Amount) Neg() Amount { return Amount{d: a.d.Neg()} }

// Cmp returns -1, 0 or +1 as a is less than, equal to or greater than b.
func (a Amount) Cmp(b Amount) int { return a.d.Cmp(b.d) }

// Equal reports whether a and b have the same value (1.5 equals 1.50).
func (a Amount) Equal(b Amount) bool { return a.d.Equal(b.d) }

// Sign returns -1, 0 or +1.
func (a Amount) Sign() int { return a.d.Sign() }

// IsZero reports whether a is 0.
func (a Amount) IsZero() bool { return a.d.IsZero() }

// Decimals reports how many fraction digits the value needs (1.50 needs 1).
func (a Amount) Decimals() int {
	for n := 0; ; n++ {
		if a.d.Equal(a.d.Truncate(int32(n))) {
			return n
		}
	}
}

// Errors of CheckRequestAmount.
var (
	ErrAmountNotPositive = errors.New("must be greater than 0")
	ErrAmountPrecision   = errors.New("must have at most 2 decimal places")
)

// CheckRequestAmount applies the API's rule for amounts in requests:
// greater than 0 with at most two decimal places.
func (a Amount) CheckRequestAmount() error {
	if a.d.Sign() <= 0 {
		return ErrAmountNotPositive
	}
	if a.Decimals() > 2 {
		return ErrAmountPrecision
	}
	return nil
}

// MarshalJSON encodes the exact value as a JSON string, like "99.99".
func (a Amount) MarshalJSON() ([]byte, error) {
	s := a.String()
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), nil
}

// UnmarshalJSON accepts a JSON string or number, decoded without rounding.
// null leaves the amount unchanged.
func (a *Amount) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	s := string(b)
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		s = string(b[1 : len(b)-1])
	}
	if len(s) > maxAmountText || !isJSONNumber(s) {
		return fmt.Errorf("hwpartner: amount %q is not a decimal number", clip(s))
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return fmt.Errorf("hwpartner: amount %q is not a decimal number", clip(s))
	}
	if !inRange(d) {
		return fmt.Errorf("hwpartner: amount %q has more than %d digits before or after the decimal point", clip(s), MaxAmountDigits)
	}
	a.d = d
	return nil
}

// MarshalText encodes the exact value, for flags and text formats.
func (a Amount) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText parses a plain decimal, as ParseAmount does.
func (a *Amount) UnmarshalText(b []byte) error {
	v, err := ParseAmount(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}
