// Package output prints every command's results in one of three formats:
// aligned tables for people (CJK text aligned by its display width), and
// JSON or CSV for scripts. Commands describe their columns once and hand
// over typed values; the printer decides how each kind looks.
package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/mattn/go-runewidth"

	"github.com/hwpartner/go-hwpartner/core"
)

// Format is an output format.
type Format string

// Formats.
const (
	Table Format = "table"
	JSON  Format = "json"
	CSV   Format = "csv"
)

// Formats lists the formats, for help and completion.
func Formats() []string { return []string{string(Table), string(JSON), string(CSV)} }

// ParseFormat parses a format name.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case Table, JSON, CSV:
		return f, nil
	}
	return "", fmt.Errorf("unknown output format %q: use table, json or csv", s)
}

// Kind is what a column holds.
type Kind int

// Kinds of columns.
const (
	KText  Kind = iota // string
	KMoney             // Money: "5000.00 CNY"; in JSON and CSV two fields, key and key_currency
	KTime              // time.Time, in the printer's zone; zero is empty
	KInt               // int
	KBool              // bool
	KList              // []string
	KRaw               // json.RawMessage, embedded as JSON
)

// Column describes one field of a row.
type Column struct {
	// Key names the field in JSON and the column in CSV.
	Key string
	// Header is the table heading.
	Header string
	Kind   Kind
}

// Col returns a column.
func Col(key, header string, k Kind) Column { return Column{Key: key, Header: header, Kind: k} }

// Money is an exact amount with its currency.
type Money struct {
	Amount   core.Amount
	Currency string
}

// Printer writes results to one writer in one format.
type Printer struct {
	w     io.Writer
	f     Format
	loc   *time.Location
	width *runewidth.Condition
}

// New returns a printer. Times are shown in loc.
func New(w io.Writer, f Format, loc *time.Location) *Printer {
	// Ambiguous-width characters count as narrow, as in most terminals;
	// CJK ideographs are wide either way. Fixed, so output does not
	// depend on the locale.
	c := runewidth.NewCondition()
	c.EastAsianWidth = false
	c.StrictEmojiNeutral = true
	return &Printer{w: w, f: f, loc: loc, width: c}
}

// Format is the printer's format.
func (p *Printer) Format() Format { return p.f }

// List starts a list of rows with the given columns. Call Close at the
// end: tables are aligned and written then, JSON arrays closed.
func (p *Printer) List(cols ...Column) *List {
	return &List{p: p, cols: cols}
}

// Object prints one record: "Header  value" lines in a table, one JSON
// object, or a CSV header and one row.
func (p *Printer) Object(cols []Column, vals ...any) error {
	if len(vals) != len(cols) {
		return fmt.Errorf("output: %d values for %d columns", len(vals), len(cols))
	}
	switch p.f {
	case JSON:
		b, err := p.jsonObject(cols, vals)
		if err != nil {
			return err
		}
		var out bytes.Buffer
		if err := json.Indent(&out, b, "", "  "); err != nil {
			return err
		}
		out.WriteByte('\n')
		_, err = p.w.Write(out.Bytes())
		return err
	case CSV:
		l := p.List(cols...)
		if err := l.Row(vals...); err != nil {
			return err
		}
		return l.Close()
	}
	// People read a record: empty fields are left out.
	rows := make([][]string, 0, len(cols))
	for i, c := range cols {
		if v := p.text(c, vals[i]); v != "" {
			h := c.Header
			if c.Kind == KTime {
				h += " (" + zoneName(p.loc) + ")"
			}
			rows = append(rows, []string{h, v})
		}
	}
	return p.align(rows, nil)
}

// List is a list being printed.
type List struct {
	p      *Printer
	cols   []Column
	rows   [][]string // table rows, kept until Close
	n      int
	csv    *csv.Writer
	closed bool
}

// Len is how many rows were added.
func (l *List) Len() int { return l.n }

// Row adds one row, one value per column.
func (l *List) Row(vals ...any) error {
	if len(vals) != len(l.cols) {
		return fmt.Errorf("output: %d values for %d columns", len(vals), len(l.cols))
	}
	p := l.p
	switch p.f {
	case JSON:
		b, err := p.jsonObject(l.cols, vals)
		if err != nil {
			return err
		}
		sep := ",\n  "
		if l.n == 0 {
			sep = "[\n  "
		}
		l.n++
		_, err = io.WriteString(p.w, sep+string(b))
		return err
	case CSV:
		if l.csv == nil {
			l.csv = csv.NewWriter(p.w)
			if err := l.csv.Write(csvHeader(l.cols)); err != nil {
				return err
			}
		}
		l.n++
		if err := l.csv.Write(p.csvRow(l.cols, vals)); err != nil {
			return err
		}
		// Flushed per row, so a long export shows up as it goes and an
		// interrupted one keeps what was read.
		l.csv.Flush()
		return l.csv.Error()
	}
	row := make([]string, len(vals))
	for i, c := range l.cols {
		row[i] = p.text(c, vals[i])
	}
	l.rows = append(l.rows, row)
	l.n++
	return nil
}

// Close finishes the list. An empty table prints nothing (the caller says
// so on stderr); an empty JSON list is [] and an empty CSV its header.
func (l *List) Close() error {
	if l.closed {
		return nil
	}
	l.closed = true
	p := l.p
	switch p.f {
	case JSON:
		if l.n == 0 {
			_, err := io.WriteString(p.w, "[]\n")
			return err
		}
		_, err := io.WriteString(p.w, "\n]\n")
		return err
	case CSV:
		if l.csv == nil {
			l.csv = csv.NewWriter(p.w)
			if err := l.csv.Write(csvHeader(l.cols)); err != nil {
				return err
			}
		}
		l.csv.Flush()
		return l.csv.Error()
	}
	if l.n == 0 {
		return nil
	}
	head := make([]string, len(l.cols))
	right := make([]bool, len(l.cols))
	for i, c := range l.cols {
		head[i] = strings.ToUpper(c.Header)
		if c.Kind == KTime {
			head[i] += " (" + zoneName(p.loc) + ")"
		}
		right[i] = c.Kind == KMoney || c.Kind == KInt
	}
	return p.align(append([][]string{head}, l.rows...), right)
}

func zoneName(loc *time.Location) string {
	if loc == time.UTC {
		return "UTC"
	}
	return loc.String()
}

// align writes rows as columns two spaces apart, padded by display width.
func (p *Printer) align(rows [][]string, right []bool) error {
	widths := map[int]int{}
	for _, r := range rows {
		for i, s := range r {
			widths[i] = max(widths[i], p.width.StringWidth(s))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		var line strings.Builder
		for i, s := range r {
			pad := strings.Repeat(" ", widths[i]-p.width.StringWidth(s))
			if i > 0 {
				line.WriteString("  ")
			}
			if i < len(right) && right[i] {
				line.WriteString(pad + s)
			} else {
				line.WriteString(s + pad)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(p.w, b.String())
	return err
}

// text renders a value for a table.
func (p *Printer) text(c Column, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return printable(x)
	case Money:
		return x.Amount.String() + " " + printable(x.Currency)
	case *Money:
		if x == nil {
			return ""
		}
		return x.Amount.String() + " " + printable(x.Currency)
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.In(p.loc).Format("2006-01-02 15:04:05")
	case int:
		return strconv.Itoa(x)
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case []string:
		out := make([]string, len(x))
		for i, s := range x {
			out[i] = printable(s)
		}
		return strings.Join(out, ", ")
	case json.RawMessage:
		return printable(string(x))
	}
	return printable(fmt.Sprint(v))
}

// printable replaces control characters, so text from the API cannot move
// the cursor or recolour the terminal.
func printable(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

func csvHeader(cols []Column) []string {
	h := make([]string, 0, len(cols))
	for _, c := range cols {
		h = append(h, c.Key)
		if c.Kind == KMoney {
			h = append(h, c.Key+"_currency")
		}
	}
	return h
}

func (p *Printer) csvRow(cols []Column, vals []any) []string {
	out := make([]string, 0, len(cols))
	for i, c := range cols {
		v := vals[i]
		switch x := v.(type) {
		case Money:
			out = append(out, x.Amount.String(), csvText(x.Currency))
			continue
		case *Money:
			if x == nil {
				out = append(out, "", "")
			} else {
				out = append(out, x.Amount.String(), csvText(x.Currency))
			}
			continue
		case nil:
			out = append(out, "")
			if c.Kind == KMoney {
				out = append(out, "")
			}
			continue
		case time.Time:
			out = append(out, p.stamp(x))
			continue
		case bool:
			out = append(out, strconv.FormatBool(x))
			continue
		case []string:
			out = append(out, csvText(strings.Join(x, ";")))
			continue
		case int:
			out = append(out, strconv.Itoa(x))
			continue
		case json.RawMessage:
			out = append(out, string(x))
			continue
		}
		out = append(out, csvText(fmt.Sprint(v)))
	}
	return out
}

// csvText defuses text a spreadsheet would run as a formula: names come
// from resellers and customers, and finance staff open these files.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// stamp is a time for scripts: RFC 3339 in the printer's zone.
func (p *Printer) stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(p.loc).Format(time.RFC3339)
}

// jsonObject encodes one row as a JSON object with the keys in column order.
func (p *Printer) jsonObject(cols []Column, vals []any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	field := func(k string, v any) error {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(v)
		if err != nil {
			return err
		}
		b.Write(vb)
		return nil
	}
	for i, c := range cols {
		var err error
		switch x := vals[i].(type) {
		case Money:
			if err = field(c.Key, x.Amount); err == nil {
				err = field(c.Key+"_currency", x.Currency)
			}
		case *Money:
			if x == nil {
				if err = field(c.Key, nil); err == nil {
					err = field(c.Key+"_currency", nil)
				}
			} else if err = field(c.Key, x.Amount); err == nil {
				err = field(c.Key+"_currency", x.Currency)
			}
		case nil:
			switch c.Kind {
			case KList:
				err = field(c.Key, []string{})
			case KMoney:
				if err = field(c.Key, nil); err == nil {
					err = field(c.Key+"_currency", nil)
				}
			default:
				err = field(c.Key, nil)
			}
		case time.Time:
			if x.IsZero() {
				err = field(c.Key, nil)
			} else {
				err = field(c.Key, p.stamp(x))
			}
		case []string:
			if x == nil {
				x = []string{}
			}
			err = field(c.Key, x)
		default:
			err = field(c.Key, x)
		}
		if err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
