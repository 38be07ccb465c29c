package ui

import (
	"fmt"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

// A request in flight shows in the timeline at once, with a timer that
// runs until its answer arrives; a request cancelled with esc stays in
// the timeline as cancelled.

// inflightReq is the request a step is making.
type inflightReq struct {
	ex      flows.Exchange // label, method and URL; no answer yet
	started time.Time
}

// startInflight shows the request a step begins.
func (m *timelinePane) startInflight(ex flows.Exchange, now time.Time) {
	ex.Started = now
	m.inflight = &inflightReq{ex: ex, started: now}
}

// stopInflight drops the row of a request whose answer arrived (its
// exchanges replace it).
func (m *timelinePane) stopInflight() { m.inflight = nil }

// cancelInflight keeps a cancelled request in the timeline, marked so.
func (m *timelinePane) cancelInflight(now time.Time) {
	if m.inflight == nil {
		return
	}
	ex := m.inflight.ex
	ex.Duration = now.Sub(m.inflight.started)
	ex.Err = "cancelled (esc) before an answer came" // the exchange pane shows it, selected
	m.inflight = nil
	if m.cancelled == nil {
		m.cancelled = map[int]bool{}
	}
	m.exs = append(m.exs, ex)
	m.cancelled[len(m.exs)-1] = true
	m.rows = append(m.rows, m.row(len(m.exs), ex))
	m.sel = len(m.exs) - 1
	m.clampOffset()
}

// inflightRow is the row of the request in flight, its timer from now.
func (m timelinePane) inflightRow(now time.Time) string {
	r := m.inflight
	return fmt.Sprintf("%2d %-12s %-6s %3s %6s  %s", len(m.exs)+1, truncate(clean(r.ex.Label), 12), r.ex.Method,
		"…", elapsed(now.Sub(r.started)), maskedURL(r.ex, m.c.reveal))
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// elapsed is a running timer: tenths of a second.
func elapsed(d time.Duration) string {
	return fmt.Sprintf("%.1fs", max(0, d).Seconds())
}

// inflightFor is the request step i is about to make, as far as the
// fields say.
func (m *Model) inflightFor(i int) flows.Exchange {
	switch i {
	case stepDiscover:
		return flows.Exchange{Label: "discovery", Method: "GET", URL: m.discover.issuer()}
	case stepClient:
		ex := flows.Exchange{Label: "client creation", Method: "POST", URL: m.client.regEndpoint}
		if m.client.mode == modeAdmin && m.client.tmpl != nil {
			ex.Method, ex.URL = orElse(m.client.tmpl.Method, "POST"), m.client.tmpl.URL
		}
		return ex
	case stepToken:
		return flows.Exchange{Label: "token", Method: "POST", URL: m.discover.tokenURL()}
	}
	return flows.Exchange{Label: "call", Method: m.call.method(), URL: m.call.form.value(fAPIURL)}
}
