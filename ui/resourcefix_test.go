package ui

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// resourceStrictDemo is `oauthlens demo --fault resource-strict` in
// process: the demo profile's plan (audience ISSUER/api, no resource), with
// resource set to sent, on a started demo server.
func resourceStrictDemo(t *testing.T, w, h int, sent func(iss string) []string) (Model, string) {
	t.Helper()
	srv, err := demo.Start("127.0.0.1:0", demo.Config{Faults: []string{string(demo.FaultResourceStrict)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	iss := srv.Issuer()
	p := profiles.DemoProfile(iss)
	pl, err := walk.Build(context.Background(), &p, walk.Overrides{Audience: iss + "/api", Resource: sent(iss)},
		func(ctx context.Context, _, ref string) (string, error) { return profiles.Resolve(ctx, ref, nil) })
	if err != nil {
		t.Fatal(err)
	}
	opts := PlanOptions(pl)
	opts.Title, opts.Demo, opts.DemoServer, opts.FaultList = "demo", true, srv, demoFaults()
	opts.HTTPClient = &http.Client{Timeout: 5 * time.Second}
	return update(t, New(opts), tea.WindowSizeMsg{Width: w, Height: h}), iss
}

// The demo's resource-strict fault in the TUI: run all (a) stops on step 3
// with the resource diagnosis and offers the fix; ! sends the resource
// exactly as the API's metadata says it, step 3 turns green and the walk
// goes on to a green call. The fix is not offered again.
func TestResourceFix_RunAllThenBang(t *testing.T) {
	for _, tc := range []struct {
		name string
		sent func(string) []string
		code flows.Code
		fix  string
	}{
		{"not sent", func(string) []string { return nil }, flows.CodeResourceNotSent, "send resource="},
		{"trailing slash", func(iss string) []string { return []string{iss + "/api/"} },
			flows.CodeResourceTrailingSlash, "send the resource exactly as the API's metadata says it: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, iss := resourceStrictDemo(t, 120, 40, tc.sent)
			want := iss + "/api"
			m, cmd := updateCmd(t, m, keyMsg("a"))
			m = drive(t, m, cmd)
			expectFix(t, m, stepToken, string(tc.code), tc.fix+want)
			if f, _ := m.base(stepToken).diag.fix(); f.Kind != flows.FixResource || f.Value != want {
				t.Fatalf("offered %+v, want resource=%s", f, want)
			}
			if v := plainView(m); !strings.Contains(v, "[press !]") || !strings.Contains(v, tc.fix+want) {
				t.Errorf("the view does not mark the fix:\n%s", v)
			}
			m, cmd = updateCmd(t, m, keyMsg("!"))
			if !strings.Contains(plainView(m), "applied: "+tc.fix+want) {
				t.Errorf("the status line does not say what was applied:\n%s", plainView(m))
			}
			m = drive(t, m, cmd)
			if m.token.state != stateOK || m.call.state != stateOK {
				t.Fatalf("after !: token %d, call %d, want both ok:\n%s", m.token.state, m.call.state, plainView(m))
			}
			if got := m.token.resources(); len(got) != 1 || got[0] != want {
				t.Errorf("step 3's Resource field %q, want %q", got, want)
			}
			if got := sentResources(t, m); len(got) != 1 || got[0] != want {
				t.Errorf("the token request sent resource %q, want exactly %q", got, want)
			}
			if _, ok := m.plan.Offer([]flows.Diagnosis{{Fixes: []flows.Fix{{Kind: flows.FixResource,
				Value: want}}}}); ok {
				t.Error("the resource fix would be offered again")
			}
			mustNotContain(t, "view", viewText(m), demo.ClientSecret, m.tok.AccessToken)
		})
	}
}

// sentResources are the resource parameters of the last token request of
// the timeline.
func sentResources(t *testing.T, m Model) []string {
	t.Helper()
	for i := len(m.timeline.exs) - 1; i >= 0; i-- {
		if ex := m.timeline.exs[i]; ex.Label == "token" {
			form, err := url.ParseQuery(string(ex.RequestBody))
			if err != nil {
				t.Fatal(err)
			}
			return form["resource"]
		}
	}
	t.Fatalf("no token request in %s", timelineLabels(m))
	return nil
}
