package ui

import (
	tea "charm.land/bubbletea/v2"
)

// step is one step of the walk as the root sees it: a component that
// starts itself, takes the answers it owns, fails or is cancelled, draws
// its form and result, and reports its state through its stepBase. The
// root keeps the steps in order (Model.steps) and routes to them; it never
// asks which step it holds.
//
// run and onResult are given the root: it is the walk's environment (the
// HTTP client, the timeline, the clock, the other steps' values) and runs
// what follows a step (the next step during run all, the diagnosis).
type step interface {
	// base is the state every step shares: form, focus, result, state.
	base() *stepBase
	// run starts the step.
	run(m *Model) tea.Cmd
	// onResult handles an answer the step owns (see stepMsg).
	onResult(m *Model, msg stepMsg) tea.Cmd
	// fail shows err as the step's result (a cancelled request, a
	// configuration error).
	fail(err error)
	// updateField gives a key to the focused field.
	updateField(msg tea.KeyPressMsg) tea.Cmd
	// resultKey handles a key while the step's result area has focus.
	resultKey(m *Model, msg tea.KeyPressMsg) tea.Cmd
	// afterEdit redraws the result when it depends on a field.
	afterEdit()
	// refresh redraws the result text.
	refresh(keep bool)
	// keys adapt the step actions' help to the step (help.go).
	keys(m *Model, k stepKeys) stepKeys
	SetSize(w, h int)
	View() string
}

// stepMsg is an answer that belongs to a step: owner is its index in
// Model.steps.
type stepMsg interface {
	tea.Msg
	owner() int
}

func (discoveredMsg) owner() int    { return stepDiscover }
func (clientCreatedMsg) owner() int { return stepClient }
func (adminTokenMsg) owner() int    { return stepClient }
func (tokenFetchedMsg) owner() int  { return stepToken }
func (introspectedMsg) owner() int  { return stepToken }
func (revokedMsg) owner() int       { return stepToken }
func (jwksRefetchedMsg) owner() int { return stepToken }
func (calledMsg) owner() int        { return stepCall }

// steps are the steps of the walk, in order. They point into m, so they
// are taken afresh from the model on hand, never kept.
func (m *Model) steps() [numSteps]step {
	return [numSteps]step{&m.discover, &m.client, &m.token, &m.call}
}

// step is step i.
func (m *Model) step(i int) step { return m.steps()[i] }

// currentStep is the step on screen.
func (m *Model) currentStep() step { return m.step(m.current) }

// base returns the stepBase of step i.
func (m *Model) base(i int) *stepBase { return m.step(i).base() }

// base makes every pane that embeds a stepBase give it to the root.
func (b *stepBase) base() *stepBase { return b }

// afterEdit does nothing by default: most results do not show the fields.
func (b *stepBase) afterEdit() {}

// resultKey scrolls the result.
func (b *stepBase) resultKey(_ *Model, msg tea.KeyPressMsg) tea.Cmd {
	b.scrollResult(msg)
	return nil
}
