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

// inflightRow is the row of the request in flight, its timer from now,
// with its path (none when its URL is not known yet: not the "/" of no
// URL).
func (m timelinePane) inflightRow(now time.Time) string {
	r := m.inflight
	target := ""
	if r.ex.URL != "" {
		target = maskedURL(r.ex, m.c.reveal)
	}
	return fmt.Sprintf("%2d %-12s %-6s %3s %6s  %s", len(m.exs)+1, truncate(clean(r.ex.Label), 12), r.ex.Method,
		"…", elapsed(now.Sub(r.started)), target)
}

// discoveryURL is the first document discovery asks for (RFC 8414 §3,
// OpenID Connect Discovery §4): the well-known URL, not the issuer.
func discoveryURL(issuer, style string) string {
	if wk, err := flows.WellKnownURLs(issuer, style); err == nil && len(wk) > 0 {
		return wk[0].URL
	}
	return issuer
}

// startUserInflight shows the request a grant with a user sends when it
// sends it: the device authorization (RFC 8628 §3.1), each poll and the
// code's exchange are token requests (§3.4, RFC 6749 §4.1.3); while the
// person is away nothing is in flight.
func (m *Model) startUserInflight(label, url string) {
	m.timeline.startInflight(flows.Exchange{Label: label, Method: "POST", URL: url}, m.c.now())
}

// deviceEndpoint is where the device authorization goes, as far as is
// known before the walk builds the request (walk.StartDevice): the
// profile's device_url, else step 1's metadata's.
func (m *Model) deviceEndpoint() string {
	if u := m.plan.GrantPlan.DeviceURL; u != "" {
		return u
	}
	if m.discover.disc != nil {
		return m.discover.disc.Metadata.DeviceEndpoint()
	}
	return ""
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
		return flows.Exchange{Label: "discovery", Method: "GET", URL: discoveryURL(m.discover.issuer(),
			m.discover.style)}
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
