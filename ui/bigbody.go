package ui

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauthlens/oauthlens/flows"
)

// bigBodySize is the size above which a response body is shown as it
// arrived, a few rows at a time, instead of pretty-printed: formatting every
// line of a 10 MB body up front costs hundreds of MB.
const bigBodySize = 1 << 20

// maskCells is the width of flows.Mask.
var maskCells = ansi.StringWidth(flows.Mask)

// bigBody draws a large response body on demand. It keeps the body (shared
// with the exchange, not copied), the ranges of its secrets and the start
// offset of every screen row at the current width; a row is masked,
// sanitised and measured only when it is drawn.
//
// Masking: the secret ranges are found once over the whole body with the
// rules of RawResponse (secret JSON or form fields, known secret values), so
// a secret that straddles a line break or a row break is still masked. A
// masked value never breaks across rows. Sanitising is per row: an escape
// sequence cut by a row break is dropped or shown as plain text, never sent.
type bigBody struct {
	body  []byte
	spans []flows.Span
	rows  []int32 // start offset of each row
	width int
}

func newBigBody(ex flows.Exchange, reveal bool) *bigBody {
	return &bigBody{body: ex.ResponseBody, spans: ex.ResponseSecretSpans(reveal)}
}

// bigBodyNote says how the body is shown.
func bigBodyNote(ex flows.Exchange) string {
	cut := ""
	if ex.Truncated {
		cut = ", cut at the size cap"
	}
	return fmt.Sprintf(
		"%s body%s: shown as received (not pretty-printed above %s)",
		sizeText(len(ex.ResponseBody)),
		cut,
		sizeText(bigBodySize),
	)
}

// sizeText is a byte count in words: "812 B", "64 KB", "11.9 MB".
func sizeText(n int) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%d KB", n>>10)
	}
	s := fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	return strings.Replace(s, ".0 MB", " MB", 1)
}

// layout finds where each row starts at width w.
func (b *bigBody) layout(w int) {
	if w == b.width && b.rows != nil {
		return
	}
	b.width = max(1, w)
	b.rows = append(b.rows[:0], 0)
	col, si := 0, 0
	newRow := func(at int) {
		if at < len(b.body) {
			b.rows = append(b.rows, int32(at))
		}
		col = 0
	}
	for i := 0; i < len(b.body); {
		if si < len(b.spans) && i >= b.spans[si].Start {
			if col > 0 && col+maskCells > b.width {
				newRow(i)
			}
			col += maskCells
			i = max(i, b.spans[si].End)
			si++
			continue
		}
		if b.body[i] == '\n' {
			i++
			newRow(i)
			continue
		}
		cw, size := cellWidth(b.body, i)
		if col > 0 && col+cw > b.width {
			newRow(i)
		}
		col += cw
		i += size
	}
}

// cellWidth is the most cells the rune at i can take once drawn (control
// bytes count as one, though sanitising drops them; a tab is four spaces).
func cellWidth(b []byte, i int) (cells, size int) {
	c := b[i]
	switch {
	case c == '\t':
		return 4, 1
	case c < utf8.RuneSelf:
		return 1, 1
	}
	r, size := utf8.DecodeRune(b[i:])
	if r == utf8.RuneError {
		return 1, size
	}
	return max(1, ansi.StringWidth(string(r))), size
}

// rowCount is the number of rows at the current width.
func (b *bigBody) rowCount() int { return len(b.rows) }

// row draws row i: masked, sanitised, tabs expanded. It may exceed the
// width only where cellWidth guessed short; the caller wraps it.
func (b *bigBody) row(i int) string {
	start, end := int(b.rows[i]), len(b.body)
	if i+1 < len(b.rows) {
		end = int(b.rows[i+1])
	}
	if end > start && b.body[end-1] == '\n' {
		end--
	}
	var s strings.Builder
	pos := start
	k := sort.Search(len(b.spans), func(k int) bool { return b.spans[k].End > start || b.spans[k].Start >= start })
	for ; k < len(b.spans) && b.spans[k].Start < end; k++ {
		s.Write(b.body[pos:max(pos, b.spans[k].Start)])
		s.WriteString(flows.Mask)
		pos = max(pos, b.spans[k].End)
	}
	if pos < end {
		s.Write(b.body[pos:end])
	}
	return cleanBlock(s.String())
}

// rowAt is the row that holds byte offset off.
func (b *bigBody) rowAt(off int) int {
	return max(0, sort.Search(len(b.rows), func(i int) bool { return int(b.rows[i]) > off })-1)
}

// offsetOf is the byte offset where row i starts.
func (b *bigBody) offsetOf(i int) int { return int(b.rows[min(i, len(b.rows)-1)]) }
