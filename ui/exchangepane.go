package ui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

// duration shows a request's time to the millisecond.
func duration(d time.Duration) string {
	if d < time.Millisecond {
		return "<1ms"
	}
	return d.Round(time.Millisecond).String()
}

// exchangePane shows the raw request and response of the selected
// exchange, masked unless revealed. Formatting a large body is costly, so
// the formatted lines are cached by (exchange, reveal, width, styles) and
// View only draws the visible lines. A body above bigBodySize is not
// formatted at all: its rows are drawn on demand (bigBody).
type exchangePane struct {
	c      *common
	lines  []string // the formatted exchange (without a big body), cached
	big    *bigBody // a big response body after lines; nil otherwise
	off    int      // the first row shown
	ex     *flows.Exchange
	index  int // position in the timeline
	total  int
	cached exchangeKey
	width  int
	height int
}

type exchangeKey struct {
	index, width    int
	reveal, isDark  bool
	noColor, filled bool
}

func newExchangePane(c *common) exchangePane { return exchangePane{c: c} }

// setExchange selects an exchange; the content is rebuilt only when
// something it depends on changed.
func (m *exchangePane) setExchange(ex flows.Exchange, index, total int) {
	if m.ex != nil && !sameExchange(*m.ex, ex) {
		m.cached = exchangeKey{} // another exchange at the same place
	}
	m.ex, m.index, m.total = &ex, index, total
	m.rebuild()
}

// sameExchange reports whether two records are of the same exchange.
func sameExchange(a, b flows.Exchange) bool {
	return a.Started.Equal(b.Started) && a.Label == b.Label && a.Method == b.Method && a.URL == b.URL &&
		a.Status == b.Status && len(a.ResponseBody) == len(b.ResponseBody) && a.Duration == b.Duration
}

func (m *exchangePane) SetSize(w, h int) {
	m.width, m.height = w, max(1, h)
	m.rebuild()
}

// rebuild reformats the exchange when the cache key changed, keeping the
// place in the same exchange.
func (m *exchangePane) rebuild() {
	if m.ex == nil || m.width <= 0 {
		return
	}
	k := exchangeKey{
		index:   m.index,
		width:   m.width,
		reveal:  m.c.reveal,
		isDark:  m.c.isDark,
		noColor: m.c.noColor,
		filled:  true,
	}
	if k == m.cached {
		return
	}
	same := k.index == m.cached.index && m.cached.filled
	bigAt := -1 // the byte offset of the top row, when it is in a big body
	if same && m.big != nil && m.off >= len(m.lines) {
		bigAt = m.big.offsetOf(m.off - len(m.lines))
	}
	if !same || k.reveal != m.cached.reveal || m.big == nil {
		m.big = nil
		if m.ex.Status != 0 && len(m.ex.ResponseBody) > bigBodySize {
			m.big = newBigBody(*m.ex, m.c.reveal)
		}
	}
	m.cached = k
	if m.big != nil {
		m.lines = formatBigExchange(m.c.styles, *m.ex, m.c.reveal, m.width)
		m.big.layout(m.width)
	} else {
		m.lines = formatExchange(m.c.styles, *m.ex, m.c.reveal, m.width)
	}
	switch {
	case !same:
		m.off = 0
	case bigAt >= 0:
		m.off = len(m.lines) + m.big.rowAt(bigAt)
	}
	m.off = min(m.off, m.maxOffset())
}

// rowCount is the number of rows of the whole exchange.
func (m exchangePane) rowCount() int {
	if m.big != nil {
		return len(m.lines) + m.big.rowCount()
	}
	return len(m.lines)
}

// row draws row i, as one or more screen lines.
func (m exchangePane) row(i int) []string {
	if i < len(m.lines) {
		return []string{m.lines[i]}
	}
	return hardwrapLine(m.big.row(i-len(m.lines)), m.width)
}

// maxOffset is the first row of the last screenful.
func (m exchangePane) maxOffset() int {
	i, n := m.rowCount(), 0
	for i > 0 {
		n += len(m.row(i - 1))
		if n > m.height {
			break
		}
		i--
	}
	return i
}

func (m exchangePane) Update(msg tea.KeyPressMsg) (exchangePane, tea.Cmd) {
	m.off, _ = m.c.keys.move(msg, m.off, m.height, m.maxOffset())
	return m, nil
}

// title names the exchange: position, label, method, URL, status, time.
func (m exchangePane) title() string {
	if m.ex == nil {
		return "Exchange"
	}
	return fmt.Sprintf("Exchange %d/%d · %s", m.index+1, m.total, exchangeSummary(*m.ex, m.c.reveal))
}

func (m exchangePane) View() string {
	if m.ex == nil {
		return m.c.styles.text.dim.Render("No exchanges yet: every HTTP request and response will be shown here.")
	}
	var out []string
	for i := m.off; i < m.rowCount() && len(out) < m.height; i++ {
		out = append(out, m.row(i)...)
	}
	return strings.Join(out[:min(len(out), m.height)], "\n")
}

// exchangeSummary is "label METHOD URL → status · duration" on one line.
func exchangeSummary(ex flows.Exchange, reveal bool) string {
	return fmt.Sprintf(
		"%s · %s %s → %s · %s",
		clean(ex.Label),
		ex.Method,
		maskedURL(ex, reveal),
		statusText(ex),
		duration(ex.Duration),
	)
}

// maskedURL is the request target (path and query) of an exchange, with
// secrets masked unless revealed (no full request render per frame).
func maskedURL(ex flows.Exchange, reveal bool) string {
	return clean(ex.Target(reveal))
}

func statusText(ex flows.Exchange) string {
	if ex.Status == 0 {
		return "no answer"
	}
	return clean(ex.StatusText)
}

// formatExchange renders an exchange as lines of at most w cells.
func formatExchange(st styles, ex flows.Exchange, reveal bool, w int) []string {
	lines := requestLines(st, ex, reveal, w)
	if ex.Status == 0 {
		return append(lines, hardwrapLineAll(st.text.err.Render(strings.TrimSpace(ex.RawResponse(reveal))), w)...)
	}
	respHead, respBody := splitHTTP(ex.RawResponse(reveal))
	lines = append(lines, headLines(st, respHead, w)...)
	lines = append(lines, "")
	bl, _ := bodyLines(st, respBody, w, 0)
	return append(lines, bl...)
}

// formatBigExchange renders an exchange whose response body bigBody
// draws: everything up to the body, then a note on how it is shown.
func formatBigExchange(st styles, ex flows.Exchange, reveal bool, w int) []string {
	lines := requestLines(st, ex, reveal, w)
	head := ex
	head.ResponseBody, head.Truncated = nil, false
	respHead, _ := splitHTTP(head.RawResponse(reveal))
	lines = append(lines, headLines(st, respHead, w)...)
	return append(append(lines, ""), wrapLines(st.text.dim.Render(bigBodyNote(ex)), w)...)
}

// requestLines renders the request and the rule before the response.
func requestLines(st styles, ex flows.Exchange, reveal bool, w int) []string {
	reqHead, reqBody := splitHTTP(ex.RawRequest(reveal))
	lines := headLines(st, reqHead, w)
	lines = append(lines, basicLines(st, ex, reveal, w)...)
	if strings.TrimSpace(reqBody) != "" {
		lines = append(lines, "")
		bl, _ := bodyLines(st, reqBody, w, 0)
		lines = append(lines, bl...)
		if t := formTableLines(st, ex, reqBody, w); len(t) > 0 {
			lines = append(append(lines, ""), t...)
		}
	}
	lines = append(lines, sentJWTLines(st, ex, w)...) // sentjwts.go
	return append(lines, "", st.http.section.Render(strings.Repeat("─", max(0, min(w, 12)))+" response"))
}

// headLines styles a start line and header lines.
func headLines(st styles, head string, w int) []string {
	src := strings.Split(head, "\n")
	lines := hardwrapLine(st.http.start.Render(src[0]), w)
	for _, l := range src[1:] {
		lines = append(lines, hardwrapLine(styleHeaderLine(st, l), w)...)
	}
	return lines
}

func hardwrapLineAll(s string, w int) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		out = append(out, hardwrapLine(l, w)...)
	}
	return out
}
