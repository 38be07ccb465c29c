package ui

import (
	"fmt"
	"path/filepath"
	"regexp"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/har"
)

// Version is the oauthlens version written into exported files; the
// command line sets it.
var Version = "dev"

// sharedMsg says an export (w: HAR, b: support bundle) was written, or why
// not.
type sharedMsg struct {
	what  string // "HAR", "bundle"
	path  string
	n     int    // exchanges written
	files string // a bundle's files, listed
	err   error
}

// shareKeys are the keys that save and show the walk: w, b, P, d.
func (m *Model) shareKeys() []key.Binding {
	k := m.c.keys
	some := len(m.timeline.exs) > 0
	return []key.Binding{enabled(k.SaveHAR, some), enabled(k.Bundle, some)}
}

// shareAction runs w and b; ok is false for other keys.
func (m *Model) shareAction(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.SaveHAR):
		return m.saveHAR(), true
	case key.Matches(msg, k.Bundle):
		return m.saveBundle(), true
	}
	return nil, false
}

// exportPath is where an export of this walk goes: the share directory
// (the working directory by default), named after the walk and the time.
func (m *Model) exportPath(ext string) string {
	name := "oauthlens"
	if t := fileSafe.ReplaceAllString(m.title, "-"); t != "" {
		name += "-" + t
	}
	name += "-" + m.c.now().Format("20060102-150405") + ext
	dir := m.loaded.ShareDir
	if dir == "" {
		dir = "."
	}
	if abs, err := filepath.Abs(filepath.Join(dir, name)); err == nil {
		return abs
	}
	return filepath.Join(dir, name)
}

var fileSafe = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// saveHAR writes the walk's exchanges as HAR 1.2, masked by the run's
// Redactor (w).
func (m *Model) saveHAR() tea.Cmd {
	if len(m.timeline.exs) == 0 {
		m.setStatus("nothing to save yet: run a step first", true)
		return nil
	}
	path := m.exportPath(".har")
	exs := append([]flows.Exchange(nil), m.timeline.exs...)
	return saveHARCmd(path, exs, m.redactor())
}

func saveHARCmd(path string, exs []flows.Exchange, red *flows.Redactor) tea.Cmd {
	return func() tea.Msg {
		n, err := har.Save(path, exs, red, Version)
		return sharedMsg{what: "HAR", path: path, n: n, err: err}
	}
}

// onShared puts the outcome on the status line, with the path.
func (m *Model) onShared(msg sharedMsg) tea.Cmd {
	if msg.err != nil {
		m.setStatus(fmt.Sprintf("%s not saved: %s", msg.what, flows.SanitizeLine(msg.err.Error())), true)
		return nil
	}
	if msg.files != "" {
		m.setStatus(fmt.Sprintf("bundle saved: %s (%s) · checked: no secret inside · open it with: oauthlens open FILE",
			msg.path, msg.files), false)
		return nil
	}
	m.setStatus(fmt.Sprintf("%s saved: %s (%d exchanges, secrets masked, JWT signatures removed)",
		msg.what, msg.path, msg.n), false)
	return nil
}
