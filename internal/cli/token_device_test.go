package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/demo"
)

// startDemoWith starts the demo server with cfg and returns it.
func startDemoWith(t *testing.T, cfg demo.Config) *demo.Server {
	t.Helper()
	srv, err := demo.Start("127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// approveSoon approves (or denies) the demo's latest device authorization
// as soon as there is one.
func approveSoon(srv *demo.Server, approve bool) {
	go func() {
		for i := 0; i < 200; i++ {
			if srv.ApproveDevice("", approve) == nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
}

func TestToken_DeviceGrant(t *testing.T) {
	srv := startDemoWith(t, demo.Config{DeviceInterval: 1})
	approveSoon(srv, true)
	r := runCLI(
		t,
		demoSecretEnv,
		"",
		tokenArgs(srv.Issuer(), "--grant", "device", "--scope", "openid api:read", "-v")...)
	wantCode(t, r, 0)
	if tok := strings.TrimSpace(r.stdout); strings.Count(tok, ".") != 2 || strings.Contains(tok, "\n") {
		t.Fatalf("stdout is not a bare JWT: %q", r.stdout)
	}
	lines := strings.Split(r.stderr, "\n")
	for _, want := range []string{"user code: ", "verification uri: " + srv.Issuer() + "/device",
		"verification uri complete: " + srv.Issuer() + "/device?user_code=", "poll 1: "} {
		if !hasLinePrefix(lines, want) {
			t.Errorf("stderr has no line starting %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "refresh_token") && strings.Contains(r.stderr, "warning") {
		t.Errorf("a refresh token from the device grant is warned about:\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, "approved: token issued") {
		t.Errorf("stderr does not say the token came:\n%s", r.stderr)
	}
	if strings.Contains(r.stderr, strings.TrimSpace(r.stdout)) {
		t.Error("the access token shows on stderr")
	}
	masked := strings.Contains(r.stderr, `"device_code":"••••••••"`)
	if !masked || strings.Contains(r.stderr, "device_code=") && !strings.Contains(r.stderr, "device_code=••••••••") {
		t.Errorf("the device code is not masked:\n%s", r.stderr)
	}
}

func TestToken_DeviceGrantDenied(t *testing.T) {
	srv := startDemoWith(t, demo.Config{DeviceInterval: 1})
	approveSoon(srv, false)
	r := runCLI(t, demoSecretEnv, "", tokenArgs(srv.Issuer(), "--grant", "device")...)
	wantCode(t, r, 1)
	if r.stdout != "" || !strings.Contains(r.stderr, "denied the request") {
		t.Errorf("got stdout %q stderr:\n%s", r.stdout, r.stderr)
	}
}

func hasLinePrefix(lines []string, prefix string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

func TestToken_RefreshGrantRotates(t *testing.T) {
	srv := startDemoWith(t, demo.Config{DeviceInterval: 1})
	approveSoon(srv, true)
	r := runCLI(t, demoSecretEnv, "", tokenArgs(srv.Issuer(), "--grant", "device", "--scope", "openid api:read",
		"--json")...)
	wantCode(t, r, 0)
	var first map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &first); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	rt, _ := first["refresh_token"].(string)
	env := append([]string{"RT=" + rt}, demoSecretEnv...)
	r = runCLI(t, env, "", tokenArgs(srv.Issuer(), "--grant", "refresh_token", "--refresh-token", "env:RT",
		"--scope", "api:read", "-v")...)
	wantCode(t, r, 0)
	if !strings.Contains(r.stderr, "refresh token: rotated") {
		t.Errorf("stderr does not say the token rotated:\n%s", r.stderr)
	}
	if rt == "" || strings.Contains(r.stderr, rt) {
		t.Errorf("the refresh token shows on stderr (or none came):\n%s", r.stderr)
	}
	r = runCLI(t, env, "", tokenArgs(srv.Issuer(), "--grant", "refresh_token", "--refresh-token", "env:RT")...)
	wantCode(t, r, 1)
	if !strings.Contains(r.stderr, "invalid_grant") || !strings.Contains(r.stderr, "already used") ||
		strings.Contains(r.stderr, rt) {
		t.Errorf("reuse: got stderr:\n%s", r.stderr)
	}
}
