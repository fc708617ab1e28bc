package core

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// FieldError is one refused field. Field is the wire name, with an index
// for list items ("indirect_partner_ids[3]"). Problem never repeats the
// value, which may be personal data.
type FieldError struct {
	Field   string
	Problem string
}

// ValidationError lists every bad field of a request. It is returned before
// anything is sent.
type ValidationError struct {
	// Operation is the Huawei operation the request was for, when known.
	Operation string
	Fields    []FieldError
}

// Error lists all the problems on one line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("hwpartner: invalid ")
	if e.Operation != "" {
		b.WriteString(e.Operation + " ")
	}
	b.WriteString("request: ")
	for i, f := range e.Fields {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.Field)
		b.WriteString(" ")
		b.WriteString(f.Problem)
	}
	return b.String()
}

// Is matches ErrInvalidRequest.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidRequest }

// Has reports whether field is among the refused fields.
func (e *ValidationError) Has(field string) bool {
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Validator collects field problems; Err returns them as one error. The
// zero value is ready to use.
type Validator struct {
	fields []FieldError
}

// Add records a problem with field.
func (v *Validator) Add(field, problem string) {
	v.fields = append(v.fields, FieldError{Field: field, Problem: problem})
}

// Addf records a formatted problem with field.
func (v *Validator) Addf(field, format string, args ...any) {
	v.Add(field, fmt.Sprintf(format, args...))
}

// Check records problem when ok is false.
func (v *Validator) Check(ok bool, field, problem string) {
	if !ok {
		v.Add(field, problem)
	}
}

// Required checks a mandatory string: not empty, at most max characters.
func (v *Validator) Required(field, value string, max int) {
	if value == "" {
		v.Add(field, "is required")
		return
	}
	v.MaxLen(field, value, max)
}

// MaxLen checks that value has at most max characters (max <= 0: no limit).
func (v *Validator) MaxLen(field, value string, max int) {
	if max > 0 && utf8.RuneCountInString(value) > max {
		v.Addf(field, "must be at most %d characters", max)
	}
}

// Optional checks an optional string the API does not accept as "": nil is
// fine, otherwise not empty and at most max characters.
func (v *Validator) Optional(field string, value *string, max int) {
	if value != nil {
		v.Required(field, *value, max)
	}
}

// Range checks min <= value <= max.
func (v *Validator) Range(field string, value, min, max int) {
	if value < min || value > max {
		v.Addf(field, "must be between %d and %d", min, max)
	}
}

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

// Amount checks a money amount the API requires: > 0, at most 2 decimals.
func (v *Validator) Amount(field string, a Amount) {
	if err := a.CheckRequestAmount(); err != nil {
		v.Add(field, err.Error())
	}
}

// IDs checks a list of ids: between min and max items, each present and
// at most maxLen characters.
func (v *Validator) IDs(field string, ids []string, min, max, maxLen int) {
	if len(ids) < min || len(ids) > max {
		v.Addf(field, "must have between %d and %d items, has %d", min, max, len(ids))
	}
	for i, id := range ids {
		v.Required(fmt.Sprintf("%s[%d]", field, i), id, maxLen)
	}
}

// WithOperation names op in err when err is a *ValidationError that names
// no operation yet, and returns err. Services that validate before calling
// the Requester use it so their errors read like the transport's.
func WithOperation(err error, op *Operation) error {
	if err == nil {
		return nil // before ve, which escapes to the heap
	}
	var ve *ValidationError
	if errors.As(err, &ve) && ve.Operation == "" {
		ve.Operation = op.Name
	}
	return err
}

// Err returns nil, or a *ValidationError with every problem recorded.
func (v *Validator) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &ValidationError{Fields: append([]FieldError(nil), v.fields...)}
}
