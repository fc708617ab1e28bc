// Package table prints the examples' tables with columns aligned by
// display width: a Chinese character takes two cells on a terminal, which
// text/tabwriter does not know (go-runewidth does).
package table

import (
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// Write writes rows as columns two spaces apart, each line starting with
// indent. Columns listed in right are aligned right (amounts). Trailing
// spaces are trimmed.
func Write(w io.Writer, indent string, rows [][]string, right ...int) error {
	var widths []int
	for _, r := range rows {
		for i, cell := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], runewidth.StringWidth(cell))
		}
	}
	alignRight := map[int]bool{}
	for _, c := range right {
		alignRight[c] = true
	}
	var b strings.Builder
	for _, r := range rows {
		line := indent
		for i, cell := range r {
			pad := strings.Repeat(" ", widths[i]-runewidth.StringWidth(cell))
			if i > 0 {
				line += "  "
			}
			if alignRight[i] {
				line += pad + cell
			} else {
				line += cell + pad
			}
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
