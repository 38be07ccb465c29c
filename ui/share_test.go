package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/har"
)

// TestSaveHAR_WritesTheWalkMasked presses w after a walk to step 4, runs
// the command, and reads the file back: every exchange is there, the path
// is on the status line, and no secret is inside.
func TestSaveHAR_WritesTheWalkMasked(t *testing.T) {
	dir := t.TempDir()
	opts := testOptions()
	opts.ShareDir = dir
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = walkTo(t, m, stepCall)
	m = press(t, m, "enter")
	m = update(t, m, calledOK(m.seq, testJWT()))
	m, cmd := updateCmd(t, m, keyMsg("w"))
	if cmd == nil {
		t.Fatal("w returned no command")
	}
	m = update(t, m, cmd())
	want := filepath.Join(dir, "oauthlens-test-"+testNow.Format("20060102-150405")+".har")
	if !strings.Contains(m.status, want) || m.statusErr {
		t.Errorf("status %q does not name %s", m.status, want)
	}
	data, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	exs, err := har.Parse(data)
	if err != nil || len(exs) != len(m.timeline.exs) {
		t.Fatalf("read back %d exchanges (%v), the walk has %d", len(exs), err, len(m.timeline.exs))
	}
	for i, ex := range exs {
		if ex.Label != m.timeline.exs[i].Label || ex.Status != m.timeline.exs[i].Status {
			t.Errorf("exchange %d: %s %d, want %s %d", i, ex.Label, ex.Status, m.timeline.exs[i].Label,
				m.timeline.exs[i].Status)
		}
	}
	jwt := testJWT()
	forms := []string{testSecret, testAPIKey, jwt, flows.BasicCredentials("demo-client", testSecret)}
	mustNotContain(t, "the HAR", string(data), forms...)
	if !strings.Contains(string(data), jwt[:strings.LastIndexByte(jwt, '.')]+".REDACTED") {
		t.Error("the token lost its readable header and claims")
	}
}

func TestSaveHAR_NothingYet(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m, cmd := updateCmd(t, m, keyMsg("w"))
	if cmd != nil || !m.statusErr {
		t.Errorf("w before any exchange: cmd %v, status %q", cmd != nil, m.status)
	}
}
