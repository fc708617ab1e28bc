package core

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// AnswerDecoder is implemented by results that decode their usual answer
// in one pass, without reflection: the transport tries it before
// encoding/json on answers it found well-formed.
//
// DecodeAnswer returns true only when body is valid JSON and the value now
// holds exactly what json.Unmarshal would have given a zero value. In
// every other case it returns false and leaves the value as it was; the
// transport then decodes body with encoding/json, which also reports the
// errors. A fast path may therefore give up on anything unusual.
type AnswerDecoder interface {
	DecodeAnswer(body []byte) bool
}

// JSONReader reads the plain shape of an answer for an AnswerDecoder. Its
// first surprise (a key it was not asked for, a float, a nested value, bad
// JSON) fails it for good; read values are then meaningless and Done
// reports false. Keys are matched exactly, where encoding/json would also
// accept other cases: decoders give up on keys they do not know.
type JSONReader struct {
	data   []byte
	pos    int
	failed bool
}

// NewJSONReader returns a reader of data.
func NewJSONReader(data []byte) *JSONReader { return &JSONReader{data: data} }

// Fail marks the read as failed.
func (r *JSONReader) Fail() { r.failed = true }

// Done reports whether nothing failed and only white space is left.
func (r *JSONReader) Done() bool {
	r.space()
	return !r.failed && r.pos == len(r.data)
}

func (r *JSONReader) space() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// next skips white space and reports the next byte, or 0 at the end.
func (r *JSONReader) next() byte {
	r.space()
	if r.failed || r.pos >= len(r.data) {
		return 0
	}
	return r.data[r.pos]
}

func (r *JSONReader) want(c byte) {
	if r.next() != c {
		r.failed = true
		return
	}
	r.pos++
}

// Null consumes a null and reports whether there was one.
func (r *JSONReader) Null() bool {
	if r.next() != 'n' || !bytes.HasPrefix(r.data[r.pos:], []byte("null")) {
		return false
	}
	r.pos += len("null")
	return true
}

// Object reads an object, calling member for each key; member must read
// the value, or fail the reader. Keys with escapes fail it.
func (r *JSONReader) Object(member func(key []byte)) {
	r.want('{')
	if r.next() == '}' {
		r.pos++
		return
	}
	for !r.failed {
		raw, escaped := r.literal()
		if escaped || len(raw) < 2 {
			r.failed = true
			return
		}
		r.want(':')
		if r.failed {
			return
		}
		member(raw[1 : len(raw)-1])
		switch r.next() {
		case ',':
			r.pos++
		case '}':
			r.pos++
			return
		default:
			r.failed = true
		}
	}
}

// Array reads an array, calling elem for each element; elem must read it.
func (r *JSONReader) Array(elem func()) {
	r.want('[')
	if r.next() == ']' {
		r.pos++
		return
	}
	for !r.failed {
		elem()
		switch r.next() {
		case ',':
			r.pos++
		case ']':
			r.pos++
			return
		default:
			r.failed = true
		}
	}
}

// String reads a string.
func (r *JSONReader) String() string {
	raw, escaped := r.literal()
	if r.failed {
		return ""
	}
	if !escaped {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		r.failed = true
	}
	return s
}

// StringLiteral reads a string without escapes and returns it with its
// quotes, as encoding/json hands it to an UnmarshalJSON method.
func (r *JSONReader) StringLiteral() []byte {
	raw, escaped := r.literal()
	if escaped {
		r.failed = true
	}
	return raw
}

// literal reads a string literal: its bytes with the quotes, and whether
// it holds escapes. Control characters and invalid UTF-8 (which
// encoding/json would replace) fail the reader.
func (r *JSONReader) literal() (raw []byte, escaped bool) {
	if r.next() != '"' {
		r.failed = true
		return nil, false
	}
	d, start := r.data, r.pos
	ascii := true
	for i := start + 1; ; {
		k := bytes.IndexByte(d[i:], '"')
		if k < 0 {
			r.failed = true
			return nil, false
		}
		q := i + k
		for _, c := range d[i:q] {
			if c < 0x20 || c >= utf8.RuneSelf || c == '\\' {
				switch {
				case c < 0x20:
					r.failed = true
					return nil, false
				case c == '\\':
					escaped = true // json.Unmarshal checks the escapes
				default:
					ascii = false
				}
			}
		}
		n := 0 // backslashes before the quote: an odd count escapes it
		for p := q - 1; escaped && p > start && d[p] == '\\'; p-- {
			n++
		}
		if n%2 == 1 {
			i = q + 1
			continue
		}
		r.pos = q + 1
		raw = d[start:r.pos]
		if !ascii && !utf8.Valid(raw) {
			r.failed = true
		}
		return raw, escaped
	}
}

// maxDigits always fits an int.
const maxDigits = strconv.IntSize / 32 * 9

// Int reads an integer of at most 18 digits (9 where int has 32 bits);
// anything else, floats and exponents included, fails the reader.
func (r *JSONReader) Int() int {
	if r.next() == 0 {
		r.failed = true
		return 0
	}
	i, neg := r.pos, false
	if r.data[i] == '-' {
		neg = true
		i++
	}
	start := i
	n := 0
	for i < len(r.data) && '0' <= r.data[i] && r.data[i] <= '9' {
		n = n*10 + int(r.data[i]-'0')
		i++
	}
	digits := i - start
	if digits == 0 || digits > maxDigits || (digits > 1 && r.data[start] == '0') {
		r.failed = true
		return 0
	}
	if i < len(r.data) {
		switch r.data[i] {
		case '.', 'e', 'E':
			r.failed = true
			return 0
		}
	}
	r.pos = i
	if neg {
		n = -n
	}
	return n
}
