package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/viewport"
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
// View only draws the visible lines through the viewport.
type exchangePane struct {
	c      *common
	vp     viewport.Model
	lines  []string // the formatted exchange, cached
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

func newExchangePane(c *common) exchangePane {
	vp := viewport.New()
	vp.SoftWrap = false
	return exchangePane{c: c, vp: vp}
}

// setExchange selects an exchange; the content is rebuilt only when
// something it depends on changed.
func (m *exchangePane) setExchange(ex flows.Exchange, index, total int) {
	m.ex, m.index, m.total = &ex, index, total
	m.rebuild()
}

func (m *exchangePane) SetSize(w, h int) {
	m.width, m.height = w, h
	m.vp.SetWidth(w)
	m.vp.SetHeight(max(1, h))
	m.rebuild()
}

// rebuild reformats the exchange when the cache key changed.
func (m *exchangePane) rebuild() {
	if m.ex == nil || m.width <= 0 {
		return
	}
	k := exchangeKey{index: m.index, width: m.width, reveal: m.c.reveal, isDark: m.c.isDark, noColor: m.c.noColor, filled: true}
	if k == m.cached {
		return
	}
	sameExchange := k.index == m.cached.index && m.cached.filled
	off := m.vp.YOffset()
	m.cached = k
	m.lines = formatExchange(m.c.styles, *m.ex, m.c.reveal, m.width)
	m.vp.SetContentLines(m.lines)
	if sameExchange {
		m.vp.SetYOffset(off)
	} else {
		m.vp.GotoTop()
	}
}

func (m exchangePane) Update(msg tea.KeyPressMsg) (exchangePane, tea.Cmd) {
	scroll(&m.vp, m.c.keys, msg)
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
	return visibleLines(&m.vp, m.lines)
}

// exchangeSummary is "label METHOD URL → status · duration" on one line.
func exchangeSummary(ex flows.Exchange, reveal bool) string {
	return fmt.Sprintf("%s · %s %s → %s · %s", clean(ex.Label), ex.Method, maskedURL(ex, reveal), statusText(ex), duration(ex.Duration))
}

// maskedURL is the request target (path and query) of an exchange, with
// secrets masked unless revealed, from its rendered request line.
func maskedURL(ex flows.Exchange, reveal bool) string {
	first, _, _ := strings.Cut(ex.RawRequest(reveal), "\n")
	if parts := strings.Fields(first); len(parts) >= 2 {
		return clean(parts[1])
	}
	return clean(ex.URL)
}

func statusText(ex flows.Exchange) string {
	if ex.Status == 0 {
		return "no answer"
	}
	return clean(ex.StatusText)
}

// formatExchange renders an exchange as lines of at most w cells.
func formatExchange(st styles, ex flows.Exchange, reveal bool, w int) []string {
	reqHead, reqBody := splitHTTP(ex.RawRequest(reveal))
	lines := headLines(st, reqHead, w)
	if strings.TrimSpace(reqBody) != "" {
		lines = append(lines, "")
		bl, _ := bodyLines(st, reqBody, w, 0)
		lines = append(lines, bl...)
	}
	lines = append(lines, "", st.http.section.Render(strings.Repeat("─", max(0, min(w, 12)))+" response"))
	if ex.Status == 0 {
		return append(lines, hardwrapLineAll(st.text.err.Render(strings.TrimSpace(ex.RawResponse(reveal))), w)...)
	}
	respHead, respBody := splitHTTP(ex.RawResponse(reveal))
	lines = append(lines, headLines(st, respHead, w)...)
	lines = append(lines, "")
	bl, _ := bodyLines(st, respBody, w, 0)
	return append(lines, bl...)
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
