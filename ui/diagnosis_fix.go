package ui

import (
	"fmt"
	"math"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
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

// apply carries out a fix found on step through the plan
// (walk.Plan.ApplyFix, which records it so that it is not offered again);
// what says what changed.
func (m *Model) apply(f flows.Fix, step int) (tea.Cmd, string) {
	m.syncPlan()
	e, err := m.plan.ApplyFix(f, walk.Step(step))
	if err != nil {
		m.setStatus(clean(err.Error()), true)
		return nil, ""
	}
	m.showPlan()
	switch {
	case e.RefetchJWKS:
		return m.refetchJWKS(), e.Changed
	case f.Kind == flows.FixRetryAfter:
		return m.wait(e.Wait, step), ""
	case e.Authorize:
		return m.stepUp(), e.Changed
	case e.Timeout > 0:
		hc := *m.hc
		hc.Timeout = e.Timeout
		m.hc = &hc
	}
	return m.rerun(int(e.From), step), e.Changed
}

// syncPlan copies the settings a fix changes from the fields to the plan.
func (m *Model) syncPlan() {
	method, ok := m.client.authMethod()
	if !ok {
		method = flows.AuthMethod(m.client.authText())
	}
	m.plan.Token.AuthMethod = method
	m.plan.Token.Scopes = m.token.scopes()
	m.plan.Token.Audience = m.token.audience()
	m.plan.Token.Resource = m.token.resources()
	m.plan.Issuer = m.discover.issuer()
	m.plan.Discovery = m.discover.style
	m.plan.GrantPlan.Name = m.token.grant()
}

// showPlan puts the plan's settings back in the fields after a fix.
func (m *Model) showPlan() {
	pl := m.plan
	if shortAuth(pl.Token.AuthMethod) != m.client.authText() {
		m.client.creds().setValue(fAuthMethod, shortAuth(pl.Token.AuthMethod))
		m.client.check()
		if m.client.state == stateOK { // step 2's notes judge the new method, whichever step the fix came from
			m.setDiag(stepClient, m.client.authNotes())
			m.client.refresh(false)
		}
	}
	m.token.form.setValue(fScopes, strings.Join(pl.Token.Scopes, " "))
	m.token.form.setValue(fAudience, pl.Token.Audience)
	m.token.form.setValue(fResource, strings.Join(pl.Token.Resource, " "))
	m.discover.form.setValue(fIssuer, pl.Issuer)
	m.discover.style = pl.Discovery
}

// setDiag gives step its diagnosis, masked by the run's Redactor, with
// the fix the plan offers.
func (m *Model) setDiag(step int, d diagnosis) {
	r := m.redactor()
	for i, x := range d.list {
		d.list[i] = r.Diagnosis(inTUIWords(x))
	}
	m.base(step).diag = d
	m.offer(step)
}

// offer finds the fix the fix key applies on step: the first applicable
// one the plan offers (walk.Plan.Offerable: never one already tried, one
// that undoes another, or one that changes nothing), so that ! never
// loops.
func (m *Model) offer(step int) {
	b := m.base(step)
	b.diag.offer = fixAt{}
	m.syncPlan()
	doc := ""
	if m.discover.disc != nil {
		doc = m.discover.disc.Metadata.Issuer
	}
	for i, x := range b.diag.list {
		for j, f := range x.Fixes {
			if applicable(f, b.diag.list, doc) && m.plan.Offerable(f) {
				b.diag.offer = fixAt{di: i, fi: j, ok: true}
				return
			}
		}
	}
}

// rerun runs step from, and the steps after it up to the diagnosed step
// to (to the end when the failed step ran in run all), showing step from.
func (m *Model) rerun(from, to int) tea.Cmd {
	m.goToStep(from)
	return m.startStep(from, to > from || m.fix.all)
}

// wait starts the countdown of a retry_after fix.
func (m *Model) wait(d time.Duration, step int) tea.Cmd {
	m.fix.waiting, m.fix.until = true, m.c.now().Add(d)
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
	return fmt.Sprintf(
		"↻ step %d is retried in %ds, as the server asked (Retry-After) · esc cancels",
		m.fix.from+1,
		max(0, left),
	)
}

// fixHint names the fix the fix key applies, for the status line: the
// panel may be scrolled out of a small window.
func (m *Model) fixHint() string {
	f, _ := m.base(m.current).diag.fix()
	st := m.c.styles
	return st.text.ok.Render("press "+m.c.keys.ApplyFix.Help().Key+" to apply:") + " " + clean(f.Text)
}
