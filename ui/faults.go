package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// FaultSwitch turns the demo server's fault switches on and off while it
// runs; *demo.Server satisfies it.
type FaultSwitch interface {
	ToggleFault(name string) (bool, error)
	Faults() []string
}

// Fault is a fault switch the fault list offers: its name and, in one
// line, what it does.
type Fault struct {
	Name, Description string
}

// faultsPane is the demo's fault list (f): every fault with its state and
// what it does; space or enter toggles the one under the cursor.
type faultsPane struct {
	c      *common
	sw     FaultSwitch
	list   []Fault
	on     map[string]bool
	cursor int
	offset int
	width  int
	height int
	err    error
	why    map[string]string // why a fault cannot show in the current walk (faultsBlocked)
}

func newFaultsPane(c *common, sw FaultSwitch, list []Fault) faultsPane {
	p := faultsPane{c: c, sw: sw, list: list, on: map[string]bool{}}
	if sw != nil {
		p.setActive(sw.Faults())
	}
	return p
}

func (p *faultsPane) setActive(names []string) {
	clear(p.on)
	for _, n := range names {
		p.on[n] = true
	}
}

// active lists the faults that are on, in the list's order (then any the
// list does not know).
func (p faultsPane) active() []string {
	var out []string
	for _, f := range p.list {
		if p.on[f.Name] {
			out = append(out, f.Name)
		}
	}
	for n := range p.on {
		if !p.known(n) {
			out = append(out, n)
		}
	}
	return out
}

func (p faultsPane) known(name string) bool {
	for _, f := range p.list {
		if f.Name == name {
			return true
		}
	}
	return false
}

// faultToggledMsg is the result of toggleFaultCmd: the fault's new state
// and the faults now on.
type faultToggledMsg struct {
	name   string
	on     bool
	active []string
	err    error
}

// toggleFaultCmd switches a fault of the demo server.
func toggleFaultCmd(sw FaultSwitch, name string) tea.Cmd {
	return func() tea.Msg {
		on, err := sw.ToggleFault(name)
		return faultToggledMsg{name: name, on: on, active: sw.Faults(), err: err}
	}
}

func (p *faultsPane) SetSize(w, h int) {
	p.width, p.height = w, h
	p.clamp()
}

// rows is how many faults fit: the body less the title, a blank line, and
// three lines for the description of the one under the cursor.
func (p faultsPane) rows() int { return max(1, p.height-5) }

func (p *faultsPane) clamp() {
	p.cursor = min(max(0, p.cursor), max(0, len(p.list)-1))
	r := p.rows()
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+r {
		p.offset = p.cursor - r + 1
	}
	p.offset = min(max(0, p.offset), max(0, len(p.list)-r))
}

// Update moves the cursor and toggles the fault under it.
func (p faultsPane) Update(msg tea.KeyPressMsg) (faultsPane, tea.Cmd) {
	k := p.c.keys
	switch {
	case key.Matches(msg, k.Toggle, k.Run):
		if p.sw == nil || len(p.list) == 0 {
			return p, nil
		}
		return p, toggleFaultCmd(p.sw, p.list[p.cursor].Name)
	}
	p.cursor, _ = k.move(msg, p.cursor, p.rows(), len(p.list)-1)
	p.clamp()
	return p, nil
}

// toggled records a fault switched on or off.
func (p *faultsPane) toggled(msg faultToggledMsg) {
	p.err = msg.err
	if msg.err == nil {
		p.setActive(msg.active)
	}
}

// View draws the title, the faults ([x] on) and the description of the
// one under the cursor.
func (p faultsPane) View() string {
	st, w := p.c.styles, p.width
	n := len(p.active())
	title := st.text.heading.Render("Demo server faults") +
		st.text.dim.Render(fmt.Sprintf(" · %d on · space toggles · the next request meets them", n))
	lines := []string{truncate(title, w), ""}
	end := min(len(p.list), p.offset+p.rows())
	for i := p.offset; i < end; i++ {
		lines = append(lines, p.row(i))
	}
	for len(lines) < p.rows()+2 {
		lines = append(lines, "")
	}
	return strings.Join(append(lines, p.footer()...), "\n")
}

// row is "▸ [x] name   description", cut to the width.
func (p faultsPane) row(i int) string {
	st, f := p.c.styles, p.list[i]
	box := "[ ]"
	if p.on[f.Name] {
		box = "[x]"
	}
	marker := "  "
	if i == p.cursor {
		marker = "▸ "
	}
	name := f.Name + strings.Repeat(" ", max(1, 21-ansi.StringWidth(f.Name)))
	desc := clean(f.Description)
	if why := p.why[f.Name]; why != "" {
		desc = "⊘ can't show here: " + clean(why)
	}
	text := truncate(marker+box+" "+name+desc, p.width)
	switch {
	case i == p.cursor:
		return st.list.selected.Render(text)
	case p.on[f.Name]:
		return st.text.warn.Render(text)
	}
	return st.list.normal.Render(text)
}

// footer is the whole description of the fault under the cursor, or the
// error of the last toggle.
func (p faultsPane) footer() []string {
	st := p.c.styles
	if p.err != nil {
		return fitLines(wrapLines(st.text.err.Render("✗ "+clean(p.err.Error())), p.width), 3)
	}
	if len(p.list) == 0 {
		return []string{st.text.dim.Render("the demo server offers no faults")}
	}
	f := p.list[p.cursor]
	state := st.text.dim.Render("off")
	if p.on[f.Name] {
		state = st.text.warn.Render("ON")
	}
	text := st.text.accent.Render(f.Name) + " (" + state + "): " + clean(f.Description)
	if why := p.why[f.Name]; why != "" {
		text += st.text.warn.Render(" · can't show here: " + clean(why))
	}
	return fitLines(wrapLines(text, p.width), 3)
}

func fitLines(lines []string, n int) []string {
	if len(lines) > n {
		return lines[:n]
	}
	return lines
}

// faultsOn reports whether the fault list can open: a demo walk with the
// demo server's switches.
func (m *Model) faultsOn() bool { return m.faults.sw != nil && m.loaded.Demo }

// faultsBanner names the active faults, on every screen, so that an
// audience knows a failure is staged.
func (m *Model) faultsBanner() string {
	if !m.faultsOn() {
		return ""
	}
	act := m.faults.active()
	if len(act) == 0 {
		return ""
	}
	return m.c.styles.app.reveal.Render("⚑ faults: " + clean(strings.Join(act, ", ")))
}

// openFaults shows the fault list.
func (m *Model) openFaults() {
	if !m.faultsOn() {
		m.setStatus("f is for the demo server's fault switches: open the demo (oauthlens demo, or p then demo)", true)
		return
	}
	m.faults.why = faultsBlocked(m.overrides())
	m.screen, m.help.ShowAll = screenFaults, false
	m.setStatus("", false)
}

// faultsKey handles a key on the fault list: esc or f goes back to the
// walk, q quits, the rest moves and toggles.
func (m *Model) faultsKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.ForceQuit, k.Quit):
		m.stop()
		return tea.Quit
	case key.Matches(msg, k.Leave, k.Faults):
		m.screen = screenWalk
		return nil
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		return nil
	}
	var cmd tea.Cmd
	m.faults, cmd = m.faults.Update(msg)
	return cmd
}

// onFaultToggled records the switch and says what it means.
func (m *Model) onFaultToggled(msg faultToggledMsg) tea.Cmd {
	m.faults.toggled(msg)
	switch {
	case msg.err != nil:
		m.setStatus("✗ "+clean(msg.err.Error()), true)
	case msg.on:
		m.faultsChanged()
		m.setStatus("fault "+clean(msg.name)+" is on: esc, then a runs the walk again from step 1 to meet it", false)
	default:
		m.faultsChanged()
		m.setStatus("fault "+clean(msg.name)+" is off: esc, then a runs the walk again from step 1", false)
	}
	return nil
}

// faultsChanged marks every result as from before the change: the server
// now answers otherwise, so a's next run starts from step 1.
func (m *Model) faultsChanged() {
	for i := range numSteps {
		if b := m.base(i); b.state != stateIdle && b.state != stateRunning {
			b.staleBy = staleFaults
			m.step(i).refresh(true)
		}
	}
}

// runAllFrom is the step a starts from: the step on screen, or step 1
// when a result on show is from before the faults changed.
func (m *Model) runAllFrom() int {
	for i := range numSteps {
		if m.base(i).staleBy == staleFaults {
			m.current = stepDiscover
			return stepDiscover
		}
	}
	return m.current
}

// ShortHelp is the fault list's keys: toggle, move, back, help, quit.
func (p faultsPane) ShortHelp() []key.Binding {
	k := p.c.keys
	return []key.Binding{k.Toggle, k.Up, k.Down, p.back(), k.Help, k.Quit}
}

// FullHelp adds the other scroll keys.
func (p faultsPane) FullHelp() [][]key.Binding {
	k := p.c.keys
	return [][]key.Binding{{k.Toggle, p.back(), k.Help, k.Quit}, k.scrollKeys(true)}
}

func (p faultsPane) back() key.Binding {
	back := p.c.keys.Leave
	back.SetHelp("esc/f", "back to the walk")
	return back
}
