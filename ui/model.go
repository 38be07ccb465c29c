// Package ui is the oauthlens terminal UI: a Bubble Tea program that walks
// an OAuth 2.0 client credentials flow (Discover → Client → Token → Call)
// and shows every HTTP exchange on the way.
//
// Only the root Model is a tea.Model. Each step, the timeline and the
// exchange view are panes with concrete Update, View and SetSize methods;
// they share one *common (size, styles, keys, clock, reveal). All I/O runs
// in commands that take values and answer with one message carrying the
// exchanges, tagged with a sequence number so that stale answers are
// dropped.
package ui

import (
	"context"
	"net/http"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// pickTimeout bounds resolving a chosen profile's references (a cmd:
// reference may run a password manager).
const pickTimeout = 30 * time.Second

// focusArea is the pane that receives keys.
type focusArea int

const (
	focusStep focusArea = iota
	focusTimeline
	focusExchange
)

// Model is the root of the program.
type Model struct {
	c     *common
	hc    *http.Client
	jwks  *walk.JWKSCache // the walk's JWK Sets, fetched once (resetWalk makes a new one)
	title string
	// screen is the screen that has the body (the picker, the save dialog,
	// the fault list), or nil (screenWalk) for the walk.
	screen screen

	current int // the step on screen
	focus   focusArea
	zoomed  bool // the exchange pane fills the body (r)
	// zoomStep: the step pane fills the body (z).
	zoomStep bool
	// helpOff is the full help's scroll offset (helpview.go).
	helpOff int
	diagram bool // the sequence diagram replaces the timeline and exchange panes (d; sequence.go)
	runAll  bool // a: go on with the next step after each success
	// held: the walk stopped on the current step for its warnings; enter
	// or a goes on (heldAll: it stopped during run all).
	held, heldAll bool

	discover discoverPane
	client   clientPane
	token    tokenPane
	call     callPane
	timeline timelinePane
	exchange exchangePane

	store  *profiles.Store   // nil: no picker, no saving
	source *profiles.Profile // the profile the walk was filled from
	loaded Options           // the options the walk was filled with (resolved)
	// plan is the walk's plan (walk.Build): the fields overlay it, and the
	// fixes applied with ! are recorded in it.
	plan    walk.Plan
	refs    map[string]string // the references resolved when the walk opened
	sent    walk.Plan         // the plan last sent (resolved), for masking and the token operations
	hasWalk bool              // a walk has been filled (esc leaves the picker)
	pickSeq int               // the picker's choice being resolved; other answers are stale
	// pickCancel abandons resolving the picker's choice.
	pickCancel context.CancelFunc
	picker     pickerPane
	save       saveDialog
	newAPI     newAPIForm // the picker's New API… form
	faults     faultsPane // the demo server's fault switches (f)
	fix        fixState   // applying a diagnosis's fix (!): what was sent, a retry's countdown

	// sup: edit and resend, compare, the baseline run (resend.go, diffmark.go).
	sup supportState
	// inspect is the inspector: a pasted token or response (inspect.go).
	inspect inspectState

	help     help.Model
	spinner  spinner.Model
	spinning bool // a spinner tick is pending

	seq     int    // the current operation; answers with another seq are stale
	running int    // the step whose request is in flight, or -1
	tokenOp string // opIntrospect or opRevoke while one runs on step 3
	cancel  context.CancelFunc

	tok          *flows.Token // the token the call uses
	pendingTicks int          // clock ticks armed and not yet delivered (0 or 1)
	status       string
	statusErr    bool
}

// New returns the root model for opts.
func New(opts Options) Model {
	c := newCommon(opts)
	hc := opts.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	m := Model{
		c: c, hc: hc, screen: screenWalk, running: -1, store: opts.Store,
		picker:  newPickerPane(c, opts.DemoIssuer),
		faults:  newFaultsPane(c, opts.DemoServer, opts.FaultList),
		help:    help.New(),
		spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
	}
	m.help.FullSeparator = "   "
	m.resetWalk(opts)
	m.setBaseline(opts.Baseline, opts.BaselineName)
	m.c.present, m.diagram = opts.Present, opts.Present
	m.hasWalk = true
	if opts.Picker && m.store != nil {
		m.screen, m.hasWalk = screenPicker, false
	}
	return m
}

// resetWalk fills the walk from opts, dropping whatever ran before.
// Template placeholders ("YOUR-…") are left empty and shown as hints.
func (m *Model) resetWalk(opts Options) {
	m.stop()
	m.seq++
	m.cancel, m.running, m.tokenOp, m.runAll = nil, -1, "", false
	m.fix = fixState{}
	m.sup.origins = nil
	m.loaded, m.source, m.title = opts, opts.Profile, opts.Title
	m.c.reveal = false // a new walk starts masked
	m.plan = planOf(opts)
	m.refs = resolvedRefs(m.plan)
	m.sent = m.plan
	m.jwks = walk.NewJWKSCache()
	ph := takePlaceholders(&opts)
	c := m.c
	m.discover, m.client = newDiscoverPane(c, opts), newClientPane(c, opts)
	m.token, m.call = newTokenPane(c, opts), newCallPane(c, opts)
	m.timeline, m.exchange = newTimelinePane(c), newExchangePane(c)
	m.tok, m.current, m.focus, m.zoomed = nil, stepDiscover, focusStep, false
	m.setStatus("", false)
	m.markPlaceholders(ph)
	m.markSecretErrors(opts.SecretErrors)
	if m.discover.issuer() == "" && m.discover.tokenURL() == "" {
		m.discover.setFocus(fIssuer) // nothing to run yet: start typing
	}
	m.restyle()
}

// Init asks the terminal for its background colour and, on the picker,
// lists the saved profiles.
func (m Model) Init() tea.Cmd {
	if m.screen == screenPicker {
		return tea.Batch(tea.RequestBackgroundColor, listProfilesCmd(*m.store))
	}
	return tea.RequestBackgroundColor
}

// Update implements tea.Model.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.width, m.c.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		m.c.setDark(msg.IsDark())
		m.restyle()
	case tea.KeyPressMsg:
		cmd = m.handleKey(msg)
	case tea.PasteMsg:
		cmd = m.paste(msg)
	case profilesListedMsg, profileResolvedMsg, profileSavedMsg:
		cmd = m.onProfileMsg(msg)
	case stepMsg:
		cmd = m.step(msg.owner()).onResult(&m, msg)
	case faultToggledMsg:
		cmd = m.onFaultToggled(msg)
	case sharedMsg:
		cmd = m.onShared(msg)
	case resentMsg:
		m.onResent(msg)
	case tickMsg:
		cmd = m.onTick()
	case spinner.TickMsg:
		cmd = m.onSpin(msg)
	default:
		if m.screen != nil {
			cmd = m.screen.update(&m, msg) // the picker's filter results
		}
	}
	m.selectExchange() // whatever moved the timeline's selection, the pane follows it
	m.c.redactor = m.redactor()
	m.relayout()
	return m, cmd
}

// View implements tea.Model.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "oauthlens"
	if m.title != "" {
		v.WindowTitle += " · " + m.title
	}
	return v
}

// editing reports whether a text field has focus.
func (m *Model) editing() bool {
	return m.focus == focusStep && !m.zoomed && m.base(m.current).editing()
}

// restyle applies new styles or the reveal setting to every pane.
func (m *Model) restyle() {
	st := m.c.styles
	m.help.Styles = st.help
	m.spinner.Style = st.spinner
	for _, s := range m.steps() {
		s.base().form.refresh()
		s.refresh(true)
	}
	m.timeline.refreshRows()
	m.exchange.rebuild()
	m.picker.restyle()
}

// selectExchange shows the timeline's selection in the exchange pane. The
// timeline's selection is the one source of truth: Update calls this after
// every message, so an exchange added or a request cancelled after a
// step's own call can't leave the ● and the pane apart (it costs a
// comparison when nothing changed: setExchange keeps its cache).
func (m *Model) selectExchange() {
	if ex, i, ok := m.timeline.selected(); ok {
		m.exchange.setExchange(ex, i, len(m.timeline.exs))
	}
}

func (m *Model) setStatus(s string, isErr bool) {
	m.status, m.statusErr = s, isErr
}
