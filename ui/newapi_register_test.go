package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// saveAndOpen saves the New API… form and opens the walk on the profile.
func saveAndOpen(t *testing.T, m Model) Model {
	t.Helper()
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	saved, ok := findMsg[newAPISavedMsg](cmd).(newAPISavedMsg)
	if !ok || saved.err != nil {
		t.Fatalf("not saved: %+v", saved)
	}
	m, cmd = updateCmd(t, m, saved)
	m = update(t, m, findMsg[profileResolvedMsg](cmd))
	if m.screen != screenWalk {
		t.Fatalf("the walk did not open: %T", m.screen)
	}
	return m
}

// New API… on the demo's API URL, no client metadata document offered:
// the registration path is RFC 7591, and the walk it opens starts step 2
// on registration (the client name is the profile's), so that run all
// (a) registers the client, gets a token with the authorization code grant
// and calls the API, with no → on step 2.
func TestNewAPI_RFC7591OpensStep2OnRegistration(t *testing.T) {
	t.Setenv("BROWSER", "true")
	// the program's clock (testNow) for the server too: no clock skew holds step 3
	srv, err := demo.Start("127.0.0.1:0", demo.Config{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	m, cmd := typeAPIURL(t, profiles.Store{Dir: t.TempDir()}, srv.Issuer()+"/api/me", nil)
	m = update(t, m, cmd())
	if r := m.newAPI.api.Registration; r.Path != flows.PathRFC7591 || m.newAPI.text[naClientID] != "" {
		t.Fatalf("registration path %q, client id %q; want RFC 7591 and none", r.Path, m.newAPI.text[naClientID])
	}
	m = saveAndOpen(t, m)
	if m.client.mode != modeRegister || m.client.createForm(modeRegister).value(fNewName) != "mcp" {
		t.Fatalf("step 2 opened in mode %d (name %q), want register named mcp", m.client.mode,
			m.client.createForm(modeRegister).value(fNewName))
	}
	m, cmd = updateCmd(t, m, keyMsg("a"))
	d := newDriver(t)
	d.launch(cmd)
	m = d.until(m, func(m Model) bool { return m.token.user.auth != nil }) // it waits for the login
	if m.client.created == nil || m.client.clientID() == "" {
		t.Fatalf("run all did not register: client %q, %v\n%s", m.client.clientID(), m.client.err, plainView(m))
	}
	if err := demoLogin(m.token.user.auth.st.URL); err != nil {
		t.Fatal(err)
	}
	m = d.until(m, func(m Model) bool { return m.running < 0 })
	if m.token.state != stateOK || m.call.state != stateOK {
		t.Fatalf("after the login: token %d, call %d; want both ok\n%s", m.token.state, m.call.state, plainView(m))
	}
}

// driver runs commands and feeds their answers back into a model, across
// waits (drive stops at the first one). Clock and spinner ticks are dropped.
type driver struct {
	t    *testing.T
	msgs chan tea.Msg
}

func newDriver(t *testing.T) *driver { return &driver{t: t, msgs: make(chan tea.Msg, 256)} }

func (d *driver) launch(c tea.Cmd) {
	if c != nil {
		go func() { d.msgs <- c() }()
	}
}

// until feeds answers back until done.
func (d *driver) until(m Model, done func(Model) bool) Model {
	d.t.Helper()
	deadline := time.After(15 * time.Second)
	for !done(m) {
		select {
		case msg := <-d.msgs:
			switch msg := msg.(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					d.launch(c)
				}
			case spinner.TickMsg, tickMsg:
			default:
				var cmd tea.Cmd
				m, cmd = updateCmd(d.t, m, msg)
				d.launch(cmd)
			}
		case <-deadline:
			d.t.Fatalf("not done after 15s (step %d running)\n%s", m.running+1, plainView(m))
		}
	}
	return m
}

// Step 2 of a walk New API… opened on an RFC 7591 path (as its profile
// resolves: Options.RegisterClient, no client id, auth none), before and
// after step 1 found the registration endpoint, at 120×40 and 80×24.
func TestNewAPI_RFC7591Step2Golden(t *testing.T) {
	for _, sz := range [][2]int{{120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			p := profiles.Profile{Name: "mcp", Issuer: "https://as.example", AuthMethod: flows.AuthNone,
				Resource: []string{"https://mcp.example/api"}, Scopes: []string{"files:read"},
				APIBaseURL: "https://mcp.example/api", GrantFields: profiles.GrantFields{Grant: "authorization_code"}}
			o, err := ProfileOptions(t.Context(), p)
			if err != nil {
				t.Fatal(err)
			}
			o.Now, o.Title, o.RegisterClient = testOptions().Now, p.Name, true
			o.Store = &profiles.Store{Dir: goldenStoreDir}
			m := press(t, update(t, New(o), tea.WindowSizeMsg{Width: sz[0], Height: sz[1]}), "2")
			if m.client.mode != modeRegister {
				t.Fatalf("step 2 opened in mode %d, want register", m.client.mode)
			}
			before := ansi.Strip(viewText(m))
			if !strings.Contains(before, "● register (RFC 7591)") {
				t.Errorf("the mode bar does not show register chosen:\n%s", before)
			}
			m.client.setRegistration("https://as.example/register") // as step 1's discovery does
			golden.RequireEqual(t, before+"\n----- after step 1 -----\n"+ansi.Strip(viewText(m)))
		})
	}
}
