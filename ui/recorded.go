package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

// RecordedOptions describe a recorded walk (a HAR file or a support
// bundle) for Recorded.
type RecordedOptions struct {
	Source      string           // the file opened, shown in the header
	Exchanges   []flows.Exchange // as read from the file: already masked
	Environment string           // the bundle's environment.txt; empty for a HAR
	Doctor      string           // the bundle's doctor.txt; empty for a HAR
	Profile     string           // the bundle's profile.yaml (references only); empty for a HAR
}

// recordedFocus is the pane of the recorded walk that gets the keys.
type recordedFocus int

const (
	recTimeline recordedFocus = iota
	recDetail
	recExchange
)

// Recorded is the TUI on a recorded walk, read-only: the timeline, the
// raw exchanges, the decoded claims of a token (against the recording's
// time) and the diagnoses recomputed offline (flows.DiagnoseRecorded).
// Nothing can be sent, revealed or changed: the file holds no secret.
type Recorded struct {
	c          *common
	opts       RecordedOptions
	timeline   timelinePane
	exchange   exchangePane
	findings   map[int][]flows.Diagnosis
	recordedAt time.Time
	focus      recordedFocus
	zoomed     bool
	showEnv    bool // the detail pane shows the bundle's environment and doctor text (e)
	detailOff  int
	detailH    int
	status     string
	help       help.Model
	keys       recordedKeys
}

// recordedKeys are the keys of the recorded walk.
type recordedKeys struct {
	Move, Next, Zoom, Env, Reveal, Help, Quit key.Binding
}

func newRecordedKeys(k keyMap) recordedKeys {
	return recordedKeys{Move: key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "select · scroll")),
		Next: k.Next, Zoom: k.Zoom, Reveal: k.Reveal, Help: k.Help, Quit: k.Quit,
		Env: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "environment"))}
}

// ShortHelp implements help.KeyMap.
func (k recordedKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Move, k.Next, k.Zoom, k.Env, k.Quit}
}

// FullHelp implements help.KeyMap.
func (k recordedKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// NewRecorded returns the viewer of a recorded walk.
func NewRecorded(opts RecordedOptions) Recorded {
	c := newCommon(Options{})
	m := Recorded{c: c, opts: opts, timeline: newTimelinePane(c), exchange: newExchangePane(c),
		findings: map[int][]flows.Diagnosis{}, help: help.New(), keys: newRecordedKeys(c.keys)}
	m.keys.Env.SetEnabled(opts.Environment != "" || opts.Doctor != "")
	m.timeline.add(opts.Exchanges...)
	for _, f := range flows.DiagnoseRecorded(m.timeline.exs) {
		m.findings[f.Index] = f.Diagnoses
	}
	if n := len(m.timeline.exs); n > 0 {
		last := m.timeline.exs[n-1]
		m.recordedAt = last.Started.Add(last.Duration)
		m.timeline.selectAt(m.firstFailure())
	}
	c.now = func() time.Time { return m.recordedAt } // countdowns read against the recording
	m.selectExchange()
	return m
}

// firstFailure is the index of the first exchange with a diagnosis, or
// the last exchange: where to start reading.
func (m Recorded) firstFailure() int {
	for i := range m.timeline.exs {
		if len(m.findings[i]) > 0 {
			return i
		}
	}
	return len(m.timeline.exs) - 1
}

// Findings returns the diagnoses per exchange index (for tests and
// 'open --print').
func (m Recorded) Findings() map[int][]flows.Diagnosis { return m.findings }

// Init implements tea.Model.
func (m Recorded) Init() tea.Cmd { return tea.RequestBackgroundColor }

// Update implements tea.Model.
func (m Recorded) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.width, m.c.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		m.c.setDark(msg.IsDark())
		m.exchange.cached = exchangeKey{}
		m.exchange.rebuild()
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.Quit) {
			return m, tea.Quit
		}
		m.onKey(msg)
	}
	m.layout()
	return m, nil
}

func (m *Recorded) onKey(msg tea.KeyPressMsg) {
	m.status = ""
	switch {
	case key.Matches(msg, m.keys.Reveal):
		m.status = "read-only recording: its secrets were masked when it was written; nothing to reveal"
	case key.Matches(msg, m.keys.Help):
		m.help.ShowAll = !m.help.ShowAll
	case key.Matches(msg, m.keys.Next):
		m.focus = (m.focus + 1) % 3
	case key.Matches(msg, m.keys.Zoom):
		m.zoomed = !m.zoomed
	case key.Matches(msg, m.keys.Env) && m.keys.Env.Enabled():
		m.showEnv, m.detailOff = !m.showEnv, 0
	case m.zoomed || m.focus == recExchange:
		m.exchange, _ = m.exchange.Update(msg)
	case m.focus == recDetail:
		n := len(m.detailLines(m.detailWidth()))
		m.detailOff, _ = m.c.keys.move(msg, m.detailOff, m.detailH, max(0, n-m.detailH))
	default:
		m.timeline, _ = m.timeline.Update(msg)
		m.selectExchange()
	}
}

// selectExchange shows the timeline's selection in the exchange pane.
func (m *Recorded) selectExchange() {
	if ex, i, ok := m.timeline.selected(); ok {
		m.exchange.setExchange(ex, i, len(m.timeline.exs))
		m.detailOff = 0
	}
}

// detailLines are the selected exchange's diagnoses and the claims of a
// JWT it carries, or the bundle's environment and doctor text (e).
func (m Recorded) detailLines(w int) []string {
	st := m.c.styles
	if m.showEnv {
		lines := []string{st.text.heading.Render("Environment (from the bundle)")}
		lines = append(lines, wrapLines(cleanBlock(m.opts.Environment), w)...)
		lines = append(append(lines, "", st.text.heading.Render("Doctor (as run)")),
			wrapLines(cleanBlock(m.opts.Doctor), w)...)
		return append(append(lines, "", st.text.heading.Render("Profile (secret references only)")),
			wrapLines(cleanBlock(m.opts.Profile), w)...)
	}
	ex, i, ok := m.timeline.selected()
	if !ok {
		return []string{st.text.dim.Render("The recording holds no exchange.")}
	}
	var lines []string
	if ds := m.findings[i]; len(ds) > 0 {
		lines = append(lines, st.text.err.Render(fmt.Sprintf("Diagnosis (recomputed offline, %d)", len(ds))))
		for j, d := range ds {
			if j > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, diagnosisBlock(st, d, false, -1, "", w)...)
		}
	} else if ex.Status >= 200 && ex.Status < 400 {
		lines = append(lines, st.text.ok.Render("✓ no problem found in this exchange"))
	}
	if d, ok := recordedJWT(ex); ok {
		lines = append(lines, "", st.text.dim.Render("signature removed in the recording: not verifiable"))
		lines = append(lines, jwtLines(st, d, m.recordedAt, w)...)
	}
	return lines
}

// recordedJWT decodes the access token an exchange received or sent.
func recordedJWT(ex flows.Exchange) (flows.DecodedJWT, bool) {
	if flows.StepOfLabel(ex.Label) == flows.StepToken && ex.OK() {
		if t, err := flows.ParseTokenResponse(ex); err == nil {
			d, err := flows.DecodeJWT(t.AccessToken)
			return d, err == nil
		}
	}
	for _, h := range ex.RequestHeader {
		if strings.EqualFold(h.Name, "Authorization") {
			d, err := flows.DecodeJWT(h.Value)
			return d, err == nil
		}
	}
	return flows.DecodedJWT{}, false
}
