package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

// The help comes from the components' key maps: each pane and screen has
// ShortHelp and FullHelp (help.KeyMap) over its own bindings, with the
// ones that cannot run now disabled, and the root adds the global keys.

// helpKeys is a help.KeyMap put together by the root.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }

// helpOf is a component's help as the root hands it on.
func helpOf(k help.KeyMap) helpKeys {
	return helpKeys{short: k.ShortHelp(), full: k.FullHelp()}
}

// enabled is b, enabled or not.
func enabled(b key.Binding, on bool) key.Binding {
	b.SetEnabled(on)
	return b
}

// stepKeys are the actions of the step on screen. Every step runs, runs
// all, is cancelled and applies its diagnosis's fix; lead and tail are a
// step's own (step 2's ←/→ or copy secret, step 3's i and x).
type stepKeys struct {
	run, fix, runAll, cancel key.Binding
	lead, tail               []key.Binding
	// copies: the step's own y replaces the global copy token.
	copies bool
}

func (k stepKeys) ShortHelp() []key.Binding {
	out := append([]key.Binding{k.run, k.fix}, k.lead...)
	out = append(out, k.runAll, k.cancel)
	return append(out, k.tail...)
}

func (k stepKeys) FullHelp() [][]key.Binding {
	esc := k.cancel // the full help covers the body: esc also closes it
	esc.SetEnabled(true)
	k.fix.SetEnabled(true) // the reference lists it even when no fix is offered now
	k.fix.SetHelp(k.fix.Help().Key, "apply a diagnosis's fix")
	esc.SetHelp("esc", "cancel · leave · close")
	group := append([]key.Binding{k.run, k.fix}, k.lead...)
	group = append(group, k.runAll, esc)
	return [][]key.Binding{append(group, k.tail...)}
}

// stepKeys are the current step's keys for the help.
func (m *Model) stepKeys() stepKeys {
	k := m.c.keys
	running := m.running >= 0
	sk := stepKeys{
		run:    enabled(k.Run, !running),
		fix:    enabled(k.ApplyFix, m.canFix()),
		runAll: enabled(k.RunAll, !running),
		cancel: enabled(k.Cancel, running),
	}
	return m.currentStep().keys(m, sk)
}

// keys leave a step's keys as they are: most steps have no keys of their
// own.
func (b *stepBase) keys(_ *Model, k stepKeys) stepKeys { return k }

// keys add ←/→ (existing credentials or a new client) and, while a secret
// is shown once, y to copy it; enter creates on a creation form.
func (s *clientPane) keys(m *Model, k stepKeys) stepKeys {
	if m.zoomed {
		return k
	}
	if s.mode != modeExisting {
		k.run.SetHelp("enter", "create client")
	}
	if _, once := s.onceValue(); once {
		copySecret := m.c.keys.CopyToken
		copySecret.SetHelp("y", "copy secret")
		k.lead, k.copies = []key.Binding{copySecret}, true
		return k
	}
	canMode := m.focus == focusStep && s.canCreate() && m.running < 0
	k.lead = []key.Binding{enabled(m.c.keys.ClientMode, canMode)}
	return k
}

// keys add introspection and revocation of the token on show.
func (s *tokenPane) keys(m *Model, k stepKeys) stepKeys {
	kk := m.c.keys
	k.tail = []key.Binding{enabled(kk.Introspect, m.canIntrospect()), enabled(kk.Revoke, m.canRevoke())}
	k.tail = append(k.tail, m.userKeysHelp()...)
	return k
}

// scrollKeys are the keys of a pane that scrolls: the step's result, the
// timeline and the exchange.
func (k keyMap) scrollKeys(on bool) []key.Binding {
	return []key.Binding{enabled(k.Up, on), enabled(k.Down, on), enabled(k.PageUp, on),
		enabled(k.PageDown, on), enabled(k.Top, on), enabled(k.Bottom, on)}
}

// fieldKeys are the keys of a step's form: moving between fields and in
// one, and step 2's choice of where a new secret goes.
func (m *Model) fieldKeys() []key.Binding {
	k := m.c.keys
	choose := m.current == stepClient && m.client.mode != modeExisting
	return []key.Binding{k.FieldUp, k.FieldDown, k.Cursor, k.ClearBefore, enabled(k.Choose, choose)}
}

// editingHelp is the help while a text field has focus: only ctrl keys,
// esc, tab and enter are not typed.
func (m *Model) editingHelp() helpKeys {
	k := m.c.keys
	running := m.running >= 0
	short := []key.Binding{k.Run, enabled(k.Cancel, running), enabled(k.Leave, !running), k.Next,
		k.FieldDown, k.ForceQuit}
	full := [][]key.Binding{short, {k.Prev, k.FieldUp, enabled(k.Save, m.store != nil)},
		{k.Cursor, k.ClearBefore, enabled(k.Choose, m.current == stepClient && m.client.mode != modeExisting)}}
	return helpKeys{short: short, full: full}
}

// globalKeys are the walk's keys that work whatever has focus.
type globalKeys struct {
	next, prev, steps, zoom, help, closeHelp, quit key.Binding
	reveal, curl, tok, pick, save, faults          key.Binding
	warning, export, zoomStep                      key.Binding
}

func (m *Model) globalKeys(sk stepKeys) globalKeys {
	k := m.c.keys
	_, _, hasEx := m.timeline.selected()
	g := globalKeys{next: k.Next, prev: k.Prev, steps: k.Steps, zoom: k.Zoom, help: k.Help, closeHelp: k.Help,
		quit: k.Quit, reveal: k.Reveal, curl: enabled(k.CopyCurl, hasEx),
		tok:  enabled(k.CopyToken, m.tok != nil && !sk.copies),
		pick: enabled(k.Picker, m.store != nil), save: enabled(k.Save, m.store != nil),
		faults: enabled(k.Faults, m.faultsOn()), warning: enabled(k.NextWarning, m.hasWarnings()),
		export: enabled(k.Export, m.canExport()), zoomStep: k.ZoomStep}
	if m.zoomStep {
		g.zoomStep.SetHelp("z", "panes")
	}
	if m.c.reveal {
		g.reveal.SetHelp("s", "mask secrets")
	}
	if m.c.present {
		g.reveal.SetEnabled(false) // presenter mode: s only says reveal is off (present.go)
	}
	if m.zoomed {
		g.zoom.SetHelp("r", "panes")
	}
	g.closeHelp.SetHelp("?", "close help")
	return g
}

func (g globalKeys) ShortHelp() []key.Binding {
	return []key.Binding{g.next, g.steps, g.warning, g.faults, g.help, g.quit, g.reveal, g.curl, g.tok, g.zoom,
		g.pick, g.save}
}

func (g globalKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{g.next, g.prev, g.steps, g.zoom, g.zoomStep, g.warning},
		{g.reveal, g.curl, g.tok, g.export, g.pick, g.save, g.faults, g.closeHelp, g.quit},
	}
}

// walkHelp is the walk's help: the step's actions, the focused pane's
// keys and the global ones.
func (m *Model) walkHelp() helpKeys {
	if m.editing() {
		return m.editingHelp()
	}
	sk := m.stepKeys()
	g := m.globalKeys(sk)
	short := append(sk.ShortHelp(), g.ShortHelp()...)
	gf := g.FullHelp()
	full := append(sk.FullHelp(), gf[0], m.c.keys.scrollKeys(true), gf[1], m.fieldKeys(), m.stepOwnKeys(),
		append(append(m.shareKeys(), m.presentKeys()...), m.c.keys.Inspect))
	return helpKeys{short: short, full: full}
}

// stepOwnKeys are the keys of one step or screen that this walk has, for
// the full help whatever the step on show: step 2's client modes, step
// 3's token operations, the fault list's toggle.
func (m *Model) stepOwnKeys() []key.Binding {
	k := m.c.keys
	mode := enabled(k.ClientMode, m.client.canCreate())
	mode.SetHelp("←/→", "step 2: existing or new client")
	intro, revoke := enabled(k.Introspect, m.canIntrospect()), enabled(k.Revoke, m.canRevoke())
	intro.SetHelp("i", "step 3: introspect")
	revoke.SetHelp("x", "step 3: revoke")
	toggle := enabled(k.Toggle, m.faultsOn())
	toggle.SetHelp("space", "fault list (f): toggle")
	return []key.Binding{mode, intro, revoke, toggle}
}

// overlayHelp is the help bar under the full help.
func (k keyMap) overlayHelp() []key.Binding {
	esc := k.Cancel
	esc.SetHelp("esc/?", "close help")
	return []key.Binding{esc, k.Quit}
}
