package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/oauthlens/oauthlens/bundle"
	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/har"
)

// diagProbe wraps the root model and keeps every diagnosis the walk
// showed on step 3, as the walk goes.
type diagProbe struct {
	Model
	seen   chan stepStates
	diags  chan []string
	status chan string // every status line, as set
}

func (p diagProbe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := p.Model.Update(msg)
	p.Model = next.(Model)
	s := stepStates{running: p.running}
	for i := range numSteps {
		s.states[i] = p.base(i).state
	}
	select {
	case p.seen <- s:
	default:
	}
	select {
	case p.status <- p.Model.status:
	default:
	}
	if l := p.base(stepToken).diag.list; len(l) > 0 && !p.base(stepToken).diag.notes {
		select {
		case p.diags <- diagCodes(l):
		default:
		}
	}
	return p, cmd
}

func diagCodes(ds []flows.Diagnosis) []string {
	var out []string
	for _, d := range ds {
		out = append(out, string(d.Code))
	}
	return out
}

// TestRecorded_RoundTrip walks the demo with a failure and its fix (the
// server takes only client_secret_post; the walk starts with basic, fails,
// and ! applies the diagnosis's fix), saves the walk as HAR (w) and as a
// support bundle (b), opens both read-only, and finds the same timeline
// and the same diagnoses; no form of a secret is in either file.
func TestRecorded_RoundTrip(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{Faults: []string{string(demo.FaultPostOnly)}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	opts := Options{Issuer: srv.Issuer(), Discovery: flows.StyleAuto, ClientID: demo.ClientID,
		ClientSecret: demo.ClientSecret, AuthMethod: flows.AuthBasic, Scopes: demo.DefaultScopes, APIMethod: "GET",
		APIURL: srv.Issuer() + "/api/me", Title: "demo", Demo: true, ShareDir: dir}
	p := diagProbe{Model: New(opts), seen: make(chan stepStates, 4096), diags: make(chan []string, 4096),
		status: make(chan string, 4096)}
	tm := teatest.NewTestModel(t, p, teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	for step := range stepToken {
		tm.Send(keyMsg("enter"))
		waitForStep(t, p.seen, step, stateOK)
	}
	tm.Send(keyMsg("3")) // step 2 passed with a warning (post is the only method advertised): go on anyway
	tm.Send(keyMsg("enter"))
	waitForStep(t, p.seen, stepToken, stateFailed)
	tm.Send(keyMsg("!"))
	waitForStep(t, p.seen, stepToken, stateOK)
	tm.Send(keyMsg("4"))
	tm.Send(keyMsg("enter"))
	waitForStep(t, p.seen, stepCall, stateOK)
	tm.Send(keyMsg("w"))
	tm.Send(keyMsg("b"))
	waitForStatus(t, p.status, "HAR saved", "bundle saved")
	tm.Send(keyMsg("q"))
	live := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(diagProbe).Model
	var liveDiag []string
	for len(p.diags) > 0 {
		liveDiag = <-p.diags
		if len(liveDiag) > 0 {
			break // the first diagnosis shown: the failure's
		}
	}
	checkRecording(t, live, liveDiag, dir, ".har", func(b []byte) []byte { return b })
	checkRecording(t, live, liveDiag, dir, ".tar.gz", func(b []byte) []byte {
		files, err := bundle.Read(b)
		if err != nil {
			t.Fatal(err)
		}
		return files[bundle.FileHAR]
	})
}

// checkRecording opens the file the walk saved with ext, compares its
// timeline and its diagnoses with the live walk's, and scans it for
// secrets.
func checkRecording(t *testing.T, live Model, liveDiag []string, dir, ext string, harOf func([]byte) []byte) {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
	if len(paths) != 1 {
		t.Fatalf("%s: files %v", ext, paths)
	}
	data, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{demo.ClientSecret, flows.BasicCredentials(demo.ClientID, demo.ClientSecret),
		live.tok.AccessToken} {
		if bytes.Contains(data, []byte(f)) || bytes.Contains(harOf(data), []byte(f)) {
			t.Errorf("%s holds the secret form %q", ext, f)
		}
	}
	exs, err := har.Parse(harOf(data))
	if err != nil {
		t.Fatal(err)
	}
	r := NewRecorded(RecordedOptions{Source: paths[0], Exchanges: exs})
	if !slices.Equal(timelineRows(r.timeline), timelineRows(live.timeline)) {
		t.Errorf("%s: timeline\n%s\nwant\n%s", ext, strings.Join(timelineRows(r.timeline), "\n"),
			strings.Join(timelineRows(live.timeline), "\n"))
	}
	var offline [][]string
	for _, ds := range r.Findings() {
		offline = append(offline, diagCodes(ds))
	}
	if len(liveDiag) == 0 || len(offline) != 1 || !slices.Equal(offline[0], liveDiag) {
		t.Errorf("%s: diagnoses %v, the live walk showed %v", ext, offline, liveDiag)
	}
}

// timelineRows are the timeline's rows without the duration column
// (HAR keeps milliseconds).
func timelineRows(tl timelinePane) []string {
	var out []string
	for _, ex := range tl.exs {
		out = append(out, ex.Label+" "+ex.Method+" "+ex.URL+" "+ex.StatusText)
	}
	return out
}

// TestRecorded_ViewIsReadOnly opens a recording of a failed token
// request: the view says when it was recorded, shows the diagnosis, and s
// reveals nothing.
func TestRecorded_ViewIsReadOnly(t *testing.T) {
	ex := tokenFailed(1).ex
	ex.Started = testNow
	ex.Duration = 120 * time.Millisecond
	exs, err := har.Parse(mustHAR(t, []flows.Exchange{ex}))
	if err != nil {
		t.Fatal(err)
	}
	next, _ := NewRecorded(RecordedOptions{Source: "x.har", Exchanges: exs}).Update(
		tea.WindowSizeMsg{Width: 120, Height: 40})
	next, _ = next.Update(keyMsg("s"))
	v := ansi.Strip(next.(Recorded).View().Content)
	for _, want := range []string{"recorded at " + testNow.Add(120*time.Millisecond).UTC().Format("2006-01-02 15:04:05"),
		"READ-ONLY", "token.invalid_client", "nothing to reveal", "Authorization: Basic ••••••••"} {
		if !strings.Contains(v, want) {
			t.Errorf("the view lacks %q:\n%s", want, v)
		}
	}
	mustNotContain(t, "the recorded view", v, testSecret)
}

func mustHAR(t *testing.T, exs []flows.Exchange) []byte {
	t.Helper()
	b, err := har.Marshal(har.Build(exs, nil, "test"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// waitForStatus waits until the status line has said each of want (the
// screen is drawn as diffs, so the output may never hold it in one piece).
func waitForStatus(t *testing.T, status <-chan string, want ...string) {
	t.Helper()
	seen := map[string]bool{}
	deadline := time.After(15 * time.Second)
	for len(seen) < len(want) {
		select {
		case s := <-status:
			for _, w := range want {
				if strings.Contains(s, w) {
					seen[w] = true
				}
			}
		case <-deadline:
			t.Fatalf("the status said only %v of %q", seen, want)
		}
	}
}
