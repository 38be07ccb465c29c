package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

// fixState is what applying fixes needs: the token request as last sent
// (the diagnoses compare with it) and the countdown of a retry_after fix.
type fixState struct {
	sent     flows.TokenRequest
	all      bool // the step ran as part of run all (a): a fix goes on after it
	waiting  bool
	until    time.Time
	from, to int // the retry re-runs steps from..to
}

// canFix reports whether the fix key does something now: the step on
// screen has a fix the TUI can apply and nothing runs or waits.
func (m *Model) canFix() bool {
	if m.screen != screenWalk || m.running >= 0 || m.fix.waiting {
		return false
	}
	b := m.base(m.current)
	if b.state != stateFailed && b.state != stateOK || b.stale() {
		return false
	}
	_, ok := b.diag.fix()
	return ok
}

// applyFix applies the first applicable fix of the step on screen: it
// changes the setting and re-runs the step (the steps before it that the
// setting belongs to first), or waits as the server asked, or re-fetches
// the JWKS.
func (m *Model) applyFix() tea.Cmd {
	step := m.current
	f, ok := m.base(step).diag.fix()
	switch {
	case m.running >= 0:
		m.setStatus(fmt.Sprintf("step %d is still running: esc cancels it", m.running+1), true)
		return nil
	case m.fix.waiting:
		m.setStatus("a retry is already counting down: esc cancels it", true)
		return nil
	case !ok || !m.canFix():
		m.setStatus("no fix to apply on this step", true)
		return nil
	}
	cmd, what := m.apply(f, step)
	if what != "" {
		m.setStatus("applied: "+clean(f.Text)+" ("+what+")", false)
	}
	return cmd
}

// apply carries out a fix found on step; what says what changed.
func (m *Model) apply(f flows.Fix, step int) (tea.Cmd, string) {
	v := f.Value
	switch f.Kind {
	case flows.FixAuth:
		m.client.creds().setValue(fAuthMethod, shortAuth(v))
		m.client.check()
		return m.rerun(stepToken, step), "auth method " + shortAuth(v)
	case flows.FixScope:
		m.token.form.setValue(fScopes, v)
		return m.rerun(stepToken, step), "scopes " + orEmpty(v)
	case flows.FixAudience:
		m.token.form.setValue(fAudience, v)
		return m.rerun(stepToken, step), "audience " + orEmpty(v)
	case flows.FixIssuer:
		m.discover.form.setValue(fIssuer, v)
		return m.rerun(stepDiscover, step), "issuer " + v
	case flows.FixDiscovery:
		m.discover.style = v
		return m.rerun(stepDiscover, step), "discovery " + v
	case flows.FixTimeout:
		return m.applyTimeout(v, step)
	case flows.FixRetryAfter:
		return m.wait(v, step), ""
	case flows.FixReacquire:
		return m.rerun(stepToken, step), "a new token"
	case flows.FixRefetchJWKS:
		return m.refetchJWKS(), "the JWKS"
	}
	return m.rerun(step, step), "the same request"
}

func orEmpty(v string) string {
	if strings.TrimSpace(v) == "" {
		return "none"
	}
	return v
}

// applyTimeout gives every request more time from now on.
func (m *Model) applyTimeout(v string, step int) (tea.Cmd, string) {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		m.setStatus(fmt.Sprintf("the fix's timeout %q is not a duration", v), true)
		return nil, ""
	}
	hc := *m.hc
	hc.Timeout = d
	m.hc = &hc
	return m.rerun(step, step), "timeout " + d.String()
}

// rerun runs step from, and the steps after it up to the diagnosed step
// to (to the end when the failed step ran in run all), showing step from.
func (m *Model) rerun(from, to int) tea.Cmd {
	m.goToStep(from)
	return m.startStep(from, to > from || m.fix.all)
}

// wait starts the countdown of a retry_after fix.
func (m *Model) wait(v string, step int) tea.Cmd {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		n = 1
	}
	m.fix.waiting, m.fix.until = true, m.c.now().Add(time.Duration(n)*time.Second)
	m.fix.from, m.fix.to = step, step
	m.setStatus("", false)
	return m.ensureTick()
}

// stopWaiting drops a pending retry.
func (m *Model) stopWaiting() { m.fix.waiting = false }

// cancelWait is esc during the countdown.
func (m *Model) cancelWait() {
	m.stopWaiting()
	m.setStatus("retry cancelled", true)
}

// retryDue re-runs the step when the countdown is over.
func (m *Model) retryDue() tea.Cmd {
	if !m.fix.waiting || m.c.now().Before(m.fix.until) {
		return nil
	}
	m.stopWaiting()
	if m.running >= 0 {
		return nil
	}
	return m.rerun(m.fix.from, m.fix.to)
}

// waitLine is the countdown for the status line.
func (m *Model) waitLine() string {
	left := int(math.Ceil(m.fix.until.Sub(m.c.now()).Seconds()))
	return fmt.Sprintf("↻ step %d is retried in %ds, as the server asked (Retry-After) · esc cancels", m.fix.from+1, max(0, left))
}

// fixHint names the fix the fix key applies, for the status line: the
// panel may be scrolled out of a small window.
func (m *Model) fixHint() string {
	f, _ := m.base(m.current).diag.fix()
	st := m.c.styles
	return st.text.ok.Render("press "+m.c.keys.ApplyFix.Help().Key+" to apply:") + " " + clean(f.Text)
}
