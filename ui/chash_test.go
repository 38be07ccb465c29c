package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/demo"
)

// loginAuthCode runs the authorization code grant of a demo walk to its
// token, approving the login with o.
func loginAuthCode(t *testing.T, cfg demo.Config) (Model, string) {
	t.Helper()
	t.Setenv("BROWSER", "true") // a browser that opens nothing: o logs in instead
	m, _ := demoWalk(t, cfg, 1)
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	m, wait := runCmd[authStartedMsg](t, m, cmd)
	if m.token.user.auth == nil {
		t.Fatalf("no authorization request: %v", m.token.err)
	}
	m = runReal[approvedMsg](t, m, "o")
	m, cmd = runCmd[callbackMsg](t, m, wait)
	fin, ok := findMsg[authFinishedMsg](cmd).(authFinishedMsg)
	if !ok {
		t.Fatal("no authFinishedMsg")
	}
	m, _ = updateCmd(t, m, fin)
	code := fin.res.Callback.Code
	if m.tok == nil {
		t.Fatalf("no token: %v", m.token.err)
	}
	return press(t, m, "3"), code
}

// TestAuthCode_CHashRow: the ID token check compares c_hash with the code
// (OIDC Core §3.3.2.11), passed or failed like at_hash; the code itself is
// never on screen.
func TestAuthCode_CHashRow(t *testing.T) {
	clock := func() time.Time { return time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC) }
	for _, tc := range []struct {
		faults []string
		want   string
	}{{nil, "✓ c_hash"}, {[]string{string(demo.FaultBadCHash)}, "✗ c_hash"}} {
		m, code := loginAuthCode(t, demo.Config{Now: clock, Faults: tc.faults})
		v := plainView(m)
		if !strings.Contains(v, tc.want) {
			t.Errorf("faults %v: the view lacks %q:\n%s", tc.faults, tc.want, v)
		}
		if code == "" {
			t.Fatal("no code in the callback")
		}
		mustNotContain(t, "view", viewText(m), code)
	}
}
