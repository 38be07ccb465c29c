package ui

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// Edit and resend (issue 16, Support): E on an exchange opens its request
// in an editor screen, built by walk.NewDraft (secrets as $VARIABLES);
// enter sends it through walk.Resend, and the answer is recorded in the
// timeline and shown beside the original (the compare screen, diffview.go).

// supportState is the state of the Support seat's screens: the editor,
// the compare screen, the exchange marked to diff, and a baseline run.
type supportState struct {
	editor  resendEditor
	compare compareView
	origins map[int]int // a resend's timeline index → its original's (the mark is timelinePane.marked)
	// baseline is a known-good run read from a HAR (--baseline), and its
	// file name.
	baseline     []flows.Exchange
	baselineName string
}

// rowKind is the part of the request an editor row holds.
type rowKind int

const (
	rowMethod rowKind = iota
	rowURL
	rowHeader
	rowField
	rowBody
)

// editRow is one editable line of the request. shown is the text the
// input took at first: it turns tabs and line ends into spaces, so a row
// is edited only when its value is no longer that.
type editRow struct {
	kind  rowKind
	line  walk.Line
	input textinput.Model
	shown string
}

// resendEditor is the editor screen's state.
type resendEditor struct {
	origin   int // the edited exchange's index in the timeline
	ex       flows.Exchange
	draft    walk.Draft
	rows     []editRow
	focus    int
	off      int
	warnings []walk.Warning
	// warnSecrets are the secrets of the request warned about: a warning
	// may name its URL, with a secret typed in it.
	warnSecrets []flows.Secret
	confirmed   bool   // the warnings were shown: enter again sends
	err         string // why the draft cannot be sent
	sending     bool
	seq         int
	cancel      context.CancelFunc
	width       int
	height      int
}

// resentMsg is the answer to a resend.
type resentMsg struct {
	seq int
	ex  flows.Exchange
	err error
}

// resendCmd sends the draft (walk.Resend: flows.Send's timeouts, cap and
// wire record).
func resendCmd(ctx context.Context, hc *http.Client, d walk.Draft, seq int) tea.Cmd {
	return func() tea.Msg {
		ex, err := walk.Resend(ctx, hc, d)
		return resentMsg{seq: seq, ex: ex, err: err}
	}
}

// openEditor opens the selected exchange in the editor (E).
func (m *Model) openEditor() {
	ex, i, ok := m.timeline.selected()
	switch {
	case !ok:
		m.setStatus("nothing to resend yet: run a step first (enter)", true)
		return
	case m.running >= 0:
		m.setStatus(fmt.Sprintf("step %d is still running: esc cancels it", m.running+1), true)
		return
	case m.fix.waiting:
		m.setStatus("a retry is counting down: esc cancels it, then E edits and resends", true)
		return
	case m.timeline.cancelled[i] || ex.Method == "":
		m.setStatus("this request was cancelled before it was sent: resend the step's own (enter)", true)
		return
	}
	e := resendEditor{origin: i, ex: ex, draft: walk.NewDraft(ex), seq: m.sup.editor.seq}
	e.rows = editorRows(m.c, e.draft)
	m.sup.editor = e
	m.sup.editor.focusRow(rowFocusStart(e.rows))
	m.screen, m.help.ShowAll = screenEditor, false
	m.setStatus("", false)
}

// rowFocusStart is the first header row, or the URL.
func rowFocusStart(rows []editRow) int {
	for i, r := range rows {
		if r.kind == rowHeader {
			return i
		}
	}
	return 1
}

func editorRows(c *common, d walk.Draft) []editRow {
	rows := []editRow{newEditRow(c, rowMethod, d.Method), newEditRow(c, rowURL, d.URL)}
	for _, l := range d.Headers {
		rows = append(rows, newEditRow(c, rowHeader, l))
	}
	for _, l := range d.Fields {
		rows = append(rows, newEditRow(c, rowField, l))
	}
	for _, l := range d.Body {
		rows = append(rows, newEditRow(c, rowBody, l))
	}
	return rows
}

func newEditRow(c *common, k rowKind, l walk.Line) editRow {
	ti := textinput.New()
	ti.Prompt = ""
	ti.CharLimit = 1 << 16
	ti.SetStyles(c.styles.input)
	ti.SetValue(l.Text)
	return editRow{kind: k, line: l, input: ti, shown: ti.Value()}
}

func (e *resendEditor) focusRow(i int) {
	e.focus = max(0, min(i, len(e.rows)-1))
	for j := range e.rows {
		if j == e.focus {
			e.rows[j].input.Focus()
			e.rows[j].input.CursorEnd()
		} else {
			e.rows[j].input.Blur()
		}
	}
}

// current is the draft with the rows' text.
func (e resendEditor) current() walk.Draft {
	d := e.draft
	d.Headers, d.Fields, d.Body = nil, nil, nil
	for _, r := range e.rows {
		l := r.line
		if v := r.input.Value(); v != r.shown {
			l.Text = v
		}
		switch r.kind {
		case rowMethod:
			d.Method = l
		case rowURL:
			d.URL = l
		case rowHeader:
			d.Headers = append(d.Headers, l)
		case rowField:
			d.Fields = append(d.Fields, l)
		default:
			d.Body = append(d.Body, l)
		}
	}
	return d
}

// addRow adds an empty row after the focused one, in its part of the
// request (a header after the method or URL).
func (e *resendEditor) addRow(c *common) {
	k := e.rows[e.focus].kind
	at := e.focus + 1
	if k == rowMethod || k == rowURL {
		k, at = rowHeader, 2
		for at < len(e.rows) && e.rows[at].kind == rowHeader {
			at++
		}
	}
	row := newEditRow(c, k, walk.NewLine(""))
	e.rows = append(e.rows[:at], append([]editRow{row}, e.rows[at:]...)...)
	e.focusRow(at)
}

// editorKey handles a key in the editor: esc cancels a send or leaves,
// enter sends, ctrl+o adds a row, ↑/↓ and tab move; the rest is typed.
func (m *Model) editorKey(msg tea.KeyPressMsg) tea.Cmd {
	k, e := m.c.keys, &m.sup.editor
	switch {
	case key.Matches(msg, k.ForceQuit):
		m.stop()
		return tea.Quit
	case key.Matches(msg, k.Cancel) && e.sending:
		m.cancelResend()
	case e.sending:
		return nil
	case key.Matches(msg, k.Leave):
		m.screen = screenWalk
	case key.Matches(msg, k.Run):
		return m.sendResend()
	case key.Matches(msg, k.AddRow):
		e.addRow(m.c)
	case key.Matches(msg, k.FieldUp, k.Prev):
		e.focusRow(e.focus - 1)
	case key.Matches(msg, k.FieldDown, k.Next):
		e.focusRow(e.focus + 1)
	default:
		return m.editorType(msg)
	}
	return nil
}

// editorType gives a key or a paste to the focused row; an edit takes
// back a confirmation of the warnings.
func (m *Model) editorType(msg tea.Msg) tea.Cmd {
	e := &m.sup.editor
	if e.sending || len(e.rows) == 0 {
		return nil
	}
	var cmd tea.Cmd
	r := &e.rows[e.focus]
	before := r.input.Value()
	r.input, cmd = r.input.Update(msg)
	if r.input.Value() != before {
		e.confirmed, e.warnings, e.err = false, nil, ""
	}
	return cmd
}

// sendResend checks the draft and sends it: the issuer guard and the
// destination warnings as for every request with credentials (a warning
// is shown first; enter again sends).
func (m *Model) sendResend() tea.Cmd {
	e := &m.sup.editor
	d := e.current()
	req, err := d.Request()
	if err != nil {
		e.err = err.Error()
		return nil
	}
	if guard := m.guardToken(); guard != nil && len(req.Secrets) > 0 {
		e.err = guard.Error()
		return nil
	}
	if ws := d.Warnings(m.discover.expectedIssuer()); len(ws) > 0 && !e.confirmed {
		e.warnings, e.warnSecrets, e.confirmed = ws, req.Secrets, true
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.seq++
	e.cancel, e.sending, e.err = cancel, true, ""
	m.timeline.startInflight(inflightResend(req), m.c.now())
	return tea.Batch(resendCmd(ctx, m.hc, d, e.seq), m.spin())
}

// inflightResend is the timeline's row of a resend in flight: it carries
// the request's secrets and secret headers, so that its URL is masked and,
// cancelled, the exchange it leaves in the timeline (and in exports) too.
func inflightResend(r flows.Request) flows.Exchange {
	return flows.Exchange{Label: r.Label, Method: r.Method, URL: r.URL, Secrets: r.Secrets,
		SecretHeaders: r.SecretHeaders}
}

// cancelResend aborts the resend in flight (esc); it stays in the
// timeline as cancelled, and its late answer is stale.
func (m *Model) cancelResend() {
	e := &m.sup.editor
	if e.cancel != nil {
		e.cancel()
	}
	e.seq++
	e.sending, e.cancel = false, nil
	if m.resendInflight() {
		m.timeline.cancelInflight(m.c.now())
	}
	m.selectExchange()
	m.setStatus("resend cancelled: enter sends it again · esc leaves the editor", true)
}

// resendInflight reports whether the timeline's request in flight is the
// resend (a step's auto-refresh may have started since).
func (m *Model) resendInflight() bool {
	r := m.timeline.inflight
	return r != nil && strings.HasSuffix(r.ex.Label, walk.ResendSuffix)
}

// onResent records the answer as a new exchange and shows it beside the
// original, with its diagnosis.
func (m *Model) onResent(msg resentMsg) {
	e := &m.sup.editor
	if msg.seq != e.seq || !e.sending {
		return
	}
	e.sending = false
	if e.cancel != nil {
		e.cancel()
	}
	if m.resendInflight() {
		m.timeline.stopInflight()
	}
	n := len(m.timeline.exs)
	m.timeline.add(msg.ex)
	if len(m.timeline.exs) == n { // never sent (refused before any request)
		e.err = m.c.say(msg.err.Error())
		return
	}
	m.selectExchange()
	idx := n
	if m.sup.origins == nil {
		m.sup.origins = map[int]int{}
	}
	m.sup.origins[idx] = e.origin
	m.openCompare(e.origin, idx, true)
	m.setStatus(fmt.Sprintf("%s → %s (#%d in the timeline)", clean(msg.ex.Label), statusText(msg.ex), idx+1),
		m.sup.compare.failed)
}

// editorBody is the editor as a screen.
type editorBody struct{}

var screenEditor screen = editorBody{}

func (editorBody) key(m *Model, msg tea.KeyPressMsg) tea.Cmd { return m.editorKey(msg) }

func (editorBody) paste(m *Model, msg tea.PasteMsg) tea.Cmd { return m.editorType(msg) }

func (editorBody) update(*Model, tea.Msg) tea.Cmd { return nil }

func (editorBody) view(m *Model, w, h int) string { return m.sup.editor.View(m.c, w, h) }

func (editorBody) help(m *Model) helpKeys {
	k := m.c.keys
	e := m.sup.editor
	send := enabled(k.Run, !e.sending)
	send.SetHelp("enter", "send")
	if e.confirmed {
		send.SetHelp("enter", "send anyway")
	}
	leave := enabled(k.Leave, !e.sending)
	leave.SetHelp("esc", "back")
	cancel := enabled(k.Cancel, e.sending)
	cancel.SetHelp("esc", "cancel the resend")
	short := []key.Binding{send, k.FieldDown, k.FieldUp, enabled(k.AddRow, !e.sending), cancel, leave}
	return helpKeys{short: short, full: [][]key.Binding{short, {k.Cursor, k.ClearBefore, k.ForceQuit}}}
}

func (editorBody) title() string { return "edit and resend" }
