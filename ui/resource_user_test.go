package ui

import (
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// resourceStrict is the demo's resource-strict fault, with a device
// polling interval of a second.
var resourceStrict = demo.Config{DeviceInterval: 1, Faults: []string{string(demo.FaultResourceStrict)}}

// pollOnce feeds one poll of the device grant on screen back.
func pollOnce(t *testing.T, m Model) Model {
	t.Helper()
	m, cmd := updateCmd(t, m, pollDueMsg{seq: m.seq})
	m, _ = runCmd[devicePolledMsg](t, m, cmd)
	return m
}

// wantResourceDiagnosis checks step 3's first diagnosis and that the API's
// resource metadata was looked up (its exchange in the timeline).
func wantResourceDiagnosis(t *testing.T, m Model, code flows.Code) {
	t.Helper()
	list := m.base(stepToken).diag.list
	// a refused refresh is the refresh's failure: the token that still works stays (step 3 keeps it)
	failed := m.token.state == stateFailed || m.token.user.refreshErr != nil && m.tok != nil
	if !failed || len(list) == 0 || list[0].Code != code {
		t.Fatalf("step 3: state %d, diagnoses %v; want %s first\n%s", m.token.state, codes(list), code,
			plainView(m))
	}
	if l := timelineLabels(m); !strings.Contains(l, "resource metadata") {
		t.Errorf("timeline %q lacks the resource metadata exchange", l)
	}
	// the timeline's cursor is on the exchange shown: the refused token request
	if ex, _, _ := m.timeline.selected(); ex.Label != "token" || !strings.Contains(plainView(m), "· token · POST") {
		t.Errorf("the timeline's cursor is on %q; the token request is shown\n%s", ex.Label, plainView(m))
	}
}

// The device grant on the demo's resource-strict fault: the poll refused
// with invalid_target looks up the API's resource metadata, the diagnosis
// names the resource not sent, and ! sends it: a new device authorization,
// approved, gets a token.
func TestResource_DevicePollLooksUpTheMetadata(t *testing.T) {
	m, srv := demoWalk(t, resourceStrict, 2)
	m = pollOnce(t, runReal[deviceStartedMsg](t, m, "enter"))
	wantResourceDiagnosis(t, m, flows.CodeResourceNotSent)
	want := srv.Issuer() + "/api"
	if f, ok := m.base(stepToken).diag.fix(); !ok || f.Kind != flows.FixResource || f.Value != want {
		t.Fatalf("offered %+v (%v), want resource=%s", f, ok, want)
	}
	m = runReal[deviceStartedMsg](t, m, "!")
	m = runReal[approvedMsg](t, m, "o")
	m = pollOnce(t, m)
	if m.tok == nil {
		t.Fatalf("no token after the fix: %v\n%s", m.token.err, plainView(m))
	}
	mustNotContain(t, "view", viewText(m), demo.ClientSecret, m.tok.AccessToken, m.tok.RefreshToken)
}

// A refresh refused with invalid_target (step 3's Resource emptied after
// the token came) looks up the API's resource metadata too; the reuse of
// a rotated refresh token, refused on purpose, looks nothing up.
func TestResource_RefreshLooksUpTheMetadata(t *testing.T) {
	m, srv := demoWalk(t, resourceStrict, 2)
	m.token.form.setValue(fResource, srv.Issuer()+"/api")
	m = runReal[deviceStartedMsg](t, m, "enter")
	m = pollOnce(t, runReal[approvedMsg](t, m, "o"))
	if m.tok == nil || m.tok.RefreshToken == "" {
		t.Fatalf("no token with a refresh token: %v", m.token.err)
	}
	m = runReal[refreshedMsg](t, press(t, m, "3"), "R")
	m = press(t, m, "3")
	if m.token.user.rotation == nil {
		t.Fatalf("the refresh with the resource failed: %v", m.token.err)
	}
	m = runReal[refreshedMsg](t, m, "u") // the old one again: refused, no look-up
	if l := timelineLabels(m); strings.Contains(l, "resource metadata") {
		t.Errorf("the reuse looked up the resource metadata: %s", l)
	}
	m.token.form.setValue(fResource, "")
	m = runReal[refreshedMsg](t, press(t, m, "3"), "R")
	wantResourceDiagnosis(t, m, flows.CodeResourceNotSent)
}
