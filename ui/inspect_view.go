package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// inspectBody is the inspector as a screen.
type inspectBody struct{}

func (inspectBody) key(m *Model, msg tea.KeyPressMsg) tea.Cmd { return m.inspectKey(msg) }

func (inspectBody) paste(m *Model, msg tea.PasteMsg) tea.Cmd { return m.inspectText(msg.Content) }

func (inspectBody) update(m *Model, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(inspectedMsg); ok {
		m.onInspected(msg)
	}
	return nil
}

func (inspectBody) view(m *Model, w, h int) string {
	return fit(inspectWindow(m, m.inspectCachedLines(w), m.inspect.offset, h), w, h)
}

// fmtMore says how many lines are below the screen.
func fmtMore(n int) string { return fmt.Sprintf("↓ %d more lines (↓/pgdn)", n) }

func (inspectBody) help(m *Model) helpKeys { return m.inspectHelp() }

func (inspectBody) title() string { return "inspect a token or response" }

// inspectHelp is the inspector's keys: typing and enter on the paste
// area; reveal, introspect, copy and scrolling on the result.
func (m *Model) inspectHelp() helpKeys {
	k := m.c.keys
	back := k.Leave
	back.SetHelp("esc", "back")
	if m.inspect.in == nil {
		run := k.Run
		run.SetHelp("enter", "inspect what is typed")
		short := []key.Binding{run, back, k.ClearBefore, k.ForceQuit}
		return helpKeys{short: short, full: [][]key.Binding{short}}
	}
	reveal, copyIt, intro := k.Reveal, k.CopyCurl, k.Introspect
	copyIt.SetHelp("c", "copy the analysis")
	intro.SetEnabled(m.inspect.in.Token != "" && m.hasWalk && m.inspect.busy == "")
	if m.inspect.confirmed {
		intro.SetHelp("i", "introspect anyway")
	}
	if m.c.reveal {
		reveal.SetHelp("s", "mask secrets")
	}
	short := []key.Binding{back, reveal, intro, copyIt, k.Down, k.PageDown, k.Help, k.Quit}
	full := [][]key.Binding{{back, reveal, intro, copyIt, k.Help, k.Quit}, k.scrollKeys(true)}
	return helpKeys{short: short, full: full}
}

// inspectLines are the inspector's lines at width w: the paste area, or
// what the paste is, its checks, the signature, the introspection, the
// diagnosis and the response as received.
func (m *Model) inspectLines(w int) []string {
	in := m.inspect.in
	if in == nil {
		return m.pasteAreaLines(w)
	}
	st := m.c.styles
	lines := wrapKV(st, "Kind", 10, m.c.say(in.Summary), w)
	if in.Size > 0 {
		lines = append(lines, wrapKV(st, "Pasted", 10, fmt.Sprintf("%d bytes", in.Size), w)...)
	}
	if in.Problem != "" {
		lines = append(lines, wrapKV(st, "Note", 10, st.text.warn.Render(m.c.say(in.Problem)), w)...)
	}
	if in.Token != "" {
		lines = append(lines, m.tokenLines(in, w)...)
	}
	if in.Kind == walk.PasteBasic {
		lines = append(lines, m.basicLines(in, w)...)
	}
	if in.JWT != nil {
		lines = append(lines, m.jwtCheckLines(in, w)...)
	}
	lines = append(lines, m.introspectionLines(in, w)...)
	if in.Response != nil {
		lines = append(lines, m.responseHeadLines(in, w)...)
	}
	if ds := m.maskedDiagnoses(in.Diagnoses); len(ds) > 0 {
		lines = append(lines, "", st.text.heading.Render("Diagnosis"))
		lines = append(lines, diagnosisLines(st, diagnosis{list: ds}, "", w)...)
	}
	if in.Response != nil {
		lines = append(lines, m.responseLines(*in.Response, w)...)
	}
	if in.JWT != nil {
		lines = append(append(lines, ""), jwtLines(st, *in.JWT, m.c.now(), w)...)
	}
	return append(lines, m.madeLines(in, w)...)
}

// pasteAreaLines invite a paste and say what it is checked against.
func (m *Model) pasteAreaLines(w int) []string {
	st := m.c.styles
	lines := []string{st.text.heading.Render("Paste a token or an HTTP response"), ""}
	lines = append(lines, wrapLines("Paste (your terminal's paste keys) "+walk.Expected+".", w)...)
	lines = append(lines, "")
	keys := "No walk is open: the token is decoded and its times checked; open a profile to verify " +
		"its signature and introspect it."
	if iss := m.inspectExpect().Issuer; iss != "" {
		keys = "The signature is checked with the keys of the walk's issuer " + clean(iss) +
			" (never those the token's own iss names); i introspects with the walk's client."
	}
	lines = append(lines, wrapLines(st.text.dim.Render(keys), w)...)
	typed := m.inspect.input
	if n := len([]rune(typed)); n > w-4 {
		typed = "…" + string([]rune(typed)[n-(w-5):])
	}
	return append(lines, "", st.text.key.Render("> ")+m.c.mask(clean(typed))+"█")
}

// tokenLines show the token masked (its length, its end) until revealed.
func (m *Model) tokenLines(in *walk.Inspection, w int) []string {
	st := m.c.styles
	v := st.text.mask.Render(flows.Mask) + st.text.dim.Render(fmt.Sprintf(" %d characters · s reveals", len(in.Token)))
	if m.c.reveal {
		return wrapKV(st, "Token", 10, hardBreak(clean(in.Token), w-11), w)
	}
	return wrapKV(st, "Token", 10, v, w)
}

// basicLines show a pasted Basic credential: the client id, and the
// secret masked (its length) until revealed.
func (m *Model) basicLines(in *walk.Inspection, w int) []string {
	st := m.c.styles
	lines := wrapKV(st, "Client id", 10, clean(in.ClientID), w)
	v := st.text.mask.Render(flows.Mask) +
		st.text.dim.Render(fmt.Sprintf(" %d characters · s reveals", len(in.ClientSecret)))
	if m.c.reveal {
		v = clean(in.ClientSecret)
	}
	return append(lines, wrapKV(st, "Secret", 10, v, w)...)
}

// hardBreak cuts an unbroken string (a token) into lines of n cells.
func hardBreak(s string, n int) string {
	n = max(8, n)
	var parts []string
	for len(s) > n {
		parts = append(parts, s[:n])
		s = s[n:]
	}
	return strings.Join(append(parts, s), "\n")
}

// jwtCheckLines are the signature and the checks, a row each.
func (m *Model) jwtCheckLines(in *walk.Inspection, w int) []string {
	st := m.c.styles
	lines := []string{"", st.text.heading.Render("Checks")}
	if m.inspect.busy == "verifying" {
		lines = append(lines, st.text.dim.Render("checking the signature with the keys of "+
			clean(m.inspectExpect().Issuer)+" …"))
	}
	rows := make([]flows.CheckRow, len(in.Rows))
	for i, r := range in.Rows {
		r.Detail = m.c.mask(r.Detail)
		rows[i] = r
	}
	return append(lines, checkRowLines(st, rows, w)...)
}

// introspectionLines are the server's answer about the token.
func (m *Model) introspectionLines(in *walk.Inspection, w int) []string {
	st := m.c.styles
	switch {
	case m.inspect.busy == "introspecting":
		return []string{"", st.text.dim.Render("asking the server (introspection, RFC 7662) …")}
	case in.IntrospectHeld:
		return m.introspectionWarningLines(in, w, true)
	case in.IntrospectErr != nil:
		return append([]string{""}, failureLines(m.c, "Introspection", in.IntrospectErr, w)...)
	case in.Introspection == nil:
		return nil
	}
	head := st.text.ok.Render("✓ active")
	if !in.Introspection.Active {
		head = st.text.err.Render("✗ not active") + st.text.dim.Render(" (revoked, expired, or unknown to this server)")
	}
	lines := append([]string{""}, wrapLines(st.text.heading.Render("Introspection (RFC 7662)")+"  "+head, w)...)
	lines = append(lines, m.introspectionWarningLines(in, w, false)[1:]...)
	fields := map[string]any{}
	for k, v := range in.Introspection.Fields {
		if k != "active" {
			fields[k] = v
		}
	}
	if len(fields) == 0 {
		return lines
	}
	times, now := flows.DecodedJWT{Claims: fields}, m.c.now()
	cell := func(k string, v any) string {
		if t, ok := times.Time(k); ok && timeClaims[k] {
			return t.Format("2006-01-02 15:04:05 UTC") + "  " + st.text.accent.Render(flows.Relative(t, now))
		}
		return m.c.mask(anyValue(v))
	}
	return append(lines, tableLines(st, "", fields, registeredClaims, w, cell)[1:]...)
}

// introspectionWarningLines are the warnings about where introspection
// sends the walk's client credentials; held: nothing was sent, i again
// sends anyway.
func (m *Model) introspectionWarningLines(in *walk.Inspection, w int, held bool) []string {
	st := m.c.styles
	lines := []string{""}
	if held {
		lines = append(lines, st.text.heading.Render("Introspection (RFC 7662)")+"  "+
			st.text.warn.Render("not sent"))
	}
	for _, wn := range in.Warnings {
		lines = append(lines, wrapLines(st.text.warn.Render("! ")+m.c.mask(clean(wn.Message)), w)...)
	}
	if held {
		lines = append(lines, st.text.warn.Render("i sends the client's credentials anyway · esc goes back"))
	}
	return lines
}

// responseHeadLines say which step the answer is read as, and why.
func (m *Model) responseHeadLines(in *walk.Inspection, w int) []string {
	st := m.c.styles
	lines := wrapKV(st, "Step", 10, string(in.Step)+st.text.dim.Render(" · "+clean(in.StepWhy)), w)
	if in.Assumed != "" {
		lines = append(lines, wrapKV(st, "Assumed", 10, st.text.warn.Render(clean(in.Assumed)), w)...)
	}
	if in.Err == nil && len(in.Diagnoses) == 0 {
		lines = append(lines, wrapKV(st, "Result", 10, st.text.ok.Render("✓ nothing wrong found in it"), w)...)
	}
	return lines
}

// responseLines are the pasted exchange as it was read (not byte for byte:
// headers by name, JSON indented), masked.
func (m *Model) responseLines(ex flows.Exchange, w int) []string {
	st := m.c.styles
	lines := []string{"", st.text.heading.Render("As read") + st.text.dim.Render(" · headers by name, JSON indented")}
	var raw []string
	if ex.Method != "" {
		raw = formatExchange(st, ex, m.c.reveal, w)
	} else {
		head, body := splitHTTP(ex.RawResponse(m.c.reveal))
		raw = headLines(st, head, w)
		bl, _ := bodyLines(st, body, w, 0)
		raw = append(append(raw, ""), bl...)
	}
	for _, l := range raw {
		lines = append(lines, m.c.mask(l))
	}
	return lines
}

// madeLines list the requests the inspector made (discovery, JWKS,
// introspection).
func (m *Model) madeLines(in *walk.Inspection, w int) []string {
	if len(in.Exchanges) == 0 {
		return nil
	}
	st := m.c.styles
	lines := []string{"", st.text.heading.Render("Requests made")}
	for _, ex := range in.Exchanges {
		lines = append(lines, indent(wrapLines(m.c.mask(exchangeSummary(ex, m.c.reveal)), w-2))...)
	}
	return lines
}

// maskedDiagnoses are the diagnoses through the run's Redactor, unless
// revealed.
func (m *Model) maskedDiagnoses(ds []flows.Diagnosis) []flows.Diagnosis {
	if m.c.reveal || m.c.redactor == nil {
		return ds
	}
	out := make([]flows.Diagnosis, len(ds))
	for i, d := range ds {
		out[i] = m.c.redactor.Diagnosis(d)
	}
	return out
}

// screenInspect is the inspector (I on the walk, a paste on the walk, or
// the picker's Inspect… entry).
var screenInspect screen = inspectBody{}

// inspectItem is the picker's second entry, under New API….
func inspectItem() profileItem {
	return profileItem{p: profiles.Profile{Name: "Inspect a token or response…"}, kind: kindInspect,
		desc: "paste a token a customer sent, or a response from a log: decode, verify, diagnose"}
}
