package hwpartnertest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
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
