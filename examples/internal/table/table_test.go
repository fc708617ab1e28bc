package table_test

import (
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/examples/internal/table"
)

func TestColumnsAlignByDisplayWidth(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	require.NoError(t, table.Write(&b, "  ", [][]string{
		{"TAG", "NAME", "AMOUNT"},
		{"数据库服务能力", "Database services", "5.00"},
		{"AI平台服务能力", "AI platform services", "1200.50"},
		{"DevSecOps", "DevSecOps", "0.01"},
	}, 2))
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	require.Len(t, lines, 4)
	// The second column starts in the same terminal cell on every line.
	col := func(line, cell string) int { return runewidth.StringWidth(line[:strings.LastIndex(line, cell)]) }
	assert.Equal(t, col(lines[0], "NAME"), col(lines[1], "Database"))
	assert.Equal(t, col(lines[0], "NAME"), col(lines[2], "AI platform"))
	assert.Equal(t, col(lines[0], "NAME"), col(lines[3], "DevSecOps"))
	// Amounts end in the same cell.
	for _, l := range lines {
		assert.Equal(t, runewidth.StringWidth(lines[0]), runewidth.StringWidth(l), l)
	}
	assert.Equal(t, "  DevSecOps       DevSecOps                0.01", lines[3])
}
