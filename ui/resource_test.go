package ui

import (
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// resourceWalk is a walk on the demo server with the resource-strict fault
// (the token endpoint wants resource exactly as the API's metadata says),
// sending resource, on step 3 after discovery.
func resourceWalk(t *testing.T, resource func(iss string) []string) Model {
	t.Helper()
	srv, err := demo.Start("127.0.0.1:0", demo.Config{Faults: []string{string(demo.FaultResourceStrict)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	iss := srv.Issuer()
	opts := Options{Issuer: iss, Discovery: flows.StyleAuto, ClientID: demo.ClientID,
		ClientSecret: demo.ClientSecret, AuthMethod: flows.AuthBasic, Resource: resource(iss),
		APIMethod: http.MethodGet, APIURL: iss + "/api/me", HTTPClient: &http.Client{Timeout: 5 * time.Second},
		Demo: true, DemoServer: srv, FaultList: demoFaults()}
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 140, Height: 60})
	m = runReal[discoveredMsg](t, m, "enter")
	return press(t, m, "enter", "3")
}

// The demo's resource faults reach step 3's diagnosis: the TUI looks up the
// API's resource metadata (walk.FindResource) when the token request fails,
// shows its exchanges in the timeline and names the mistake.
func TestResource_DiagnosisInTheTUI(t *testing.T) {
	for _, tc := range []struct {
		name     string
		resource func(string) []string
		want     flows.Code
		summary  string
	}{
		{"not sent", func(string) []string { return nil }, flows.CodeResourceNotSent, "sent no resource parameter"},
		{"trailing slash", func(iss string) []string { return []string{iss + "/api/"} },
			flows.CodeResourceTrailingSlash, "only by a trailing slash"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := resourceWalk(t, tc.resource)
			m = runReal[tokenFetchedMsg](t, m, "enter")
			list := m.base(stepToken).diag.list
			if len(list) == 0 || list[0].Code != tc.want {
				t.Fatalf("diagnoses %v, want %s first", list, tc.want)
			}
			if !strings.Contains(list[0].Summary, tc.summary) {
				t.Errorf("summary %q, want %q", list[0].Summary, tc.summary)
			}
			if v := plainView(m); !strings.Contains(v, "Code      "+string(tc.want)) {
				t.Errorf("the view lacks the code %s:\n%s", tc.want, v)
			}
			if l := timelineLabels(m); !strings.Contains(l, "resource metadata") {
				t.Errorf("timeline %q lacks the resource metadata exchange", l)
			}
			mustNotContain(t, "view", viewText(m), demo.ClientSecret)
		})
	}
}
