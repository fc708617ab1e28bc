package core

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"
)

// FieldError is one refused field. Field is the wire name, with an index
// for list items ("indirect_partner_ids[3]"); GoField is the field of the
// params the caller set ("ResellerIDs[3]"), or "" when the problem is not
// of one such field. Problem never repeats the value, which may be
// personal data.
type FieldError struct {
	Field   string
	GoField string
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
		// The Go field with the wire name beside it, or one of them when
		// the other adds nothing.
		switch {
		case f.GoField == "":
			b.WriteString(f.Field)
		case strings.EqualFold(f.GoField, f.Field):
			b.WriteString(f.GoField)
		default:
			b.WriteString(f.GoField + " (" + f.Field + ")")
		}
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
// zero value is ready to use; ValidatorFor also names the Go fields.
type Validator struct {
	fields []FieldError
	params any
}

// ValidatorFor returns a validator whose errors name, beside each wire
// name, the field of params (a pointer to a struct) it came from: the
// field whose wire, json or url tag is that name, looked up only when
// there is a problem.
func ValidatorFor(params any) Validator { return Validator{params: params} }

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
	out := append([]FieldError(nil), v.fields...)
	if v.params != nil {
		t := reflect.TypeOf(v.params)
		for i := range out {
			if out[i].GoField == "" {
				out[i].GoField = goPath(t, out[i].Field)
			}
		}
	}
	return &ValidationError{Fields: out}
}

// goPath maps a wire path ("bank_card_info.mobile", "files[2].path") to
// the Go fields of t it names, or "" when some part is not a field of t.
func goPath(t reflect.Type, wire string) string {
	out := ""
	for wire != "" {
		seg := wire
		if i := strings.IndexByte(wire, '.'); i >= 0 {
			seg, wire = wire[:i], wire[i+1:]
		} else {
			wire = ""
		}
		name, index := seg, ""
		if i := strings.IndexByte(seg, '['); i >= 0 {
			name, index = seg[:i], seg[i:]
		}
		for t.Kind() == reflect.Pointer || (index != "" && t.Kind() == reflect.Slice) {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return ""
		}
		f, ok := fieldByWire(t, name)
		if !ok {
			return ""
		}
		if out != "" {
			out += "."
		}
		out += f.Name + index
		t = f.Type
		if index != "" {
			for t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
			if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
				t = t.Elem()
			}
		}
	}
	return out
}

// fieldByWire finds the exported field named name on the wire, looking
// into embedded structs as Go promotes their fields.
func fieldByWire(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.PkgPath != "" { // unexported
			continue
		}
		if wireName(f) == name {
			return f, true
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			if inner, ok := fieldByWire(f.Type, name); ok {
				return inner, true
			}
		}
	}
	return reflect.StructField{}, false
}

func wireName(f reflect.StructField) string {
	for _, key := range [...]string{"wire", "json", "url"} {
		tag := f.Tag.Get(key)
		if i := strings.IndexByte(tag, ','); i >= 0 {
			tag = tag[:i]
		}
		if tag != "" && tag != "-" {
			return tag
		}
	}
	return ""
}
