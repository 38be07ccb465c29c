package cli

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// stallingAS is a token endpoint that never answers (/token) and a device
// authorization endpoint that answers at once with a long interval
// (/device). Each request is announced on the returned channel.
func stallingAS(t *testing.T) (*httptest.Server, <-chan string) {
	t.Helper()
	seen := make(chan string, 8)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen <- r.URL.Path
		if r.URL.Path == "/device" {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"device_code":"device-code-123456","user_code":"WDJB-MJHT",`+
				`"verification_uri":"https://example.com/device","expires_in":600,"interval":60}`)
			return
		}
		select { // stall until the client goes away or the test ends
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	return srv, seen
}

// interruptBinary runs the binary with args, sends it os.Interrupt once
// the server has seen a request to path, and returns what it printed.
func interruptBinary(t *testing.T, seen <-chan string, path string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir(), "XDG_CACHE_HOME="+t.TempDir())
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(20 * time.Second)
	for p := ""; p != path; {
		select {
		case p = <-seen:
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("the server never saw %s", path)
		}
	}
	time.Sleep(100 * time.Millisecond) // the device answer read, the poll's wait begun
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	return result{out.String(), errb.String(), code}
}

// TestInterrupt_NoDiagnosis: Ctrl-C during a stalled token request, or
// during the device grant before its first poll, is "interrupted", exit
// 130, with no diagnosis (it said "context canceled" with a diagnosis of
// invalid JSON or "no specific explanation", exit 1), after the exchanges
// made so far under -v.
func TestInterrupt_NoDiagnosis(t *testing.T) {
	srv, seen := stallingAS(t)
	base := []string{"token", "--token-url", srv.URL + "/token", "--client-id", "cli", "--auth", "none", "-v"}
	for name, tc := range map[string]struct {
		path string
		args []string
	}{
		"stalled token request": {"/token", nil},
		"device before the first poll": {"/device", []string{"--grant", "device", "--device-url",
			srv.URL + "/device"}},
		// doctor printed its cut-short checks as failed and exited 1
		"doctor's token check": {"/token", []string{"doctor"}},
	} {
		t.Run(name, func(t *testing.T) {
			args := append(append([]string{}, base...), tc.args...)
			if len(tc.args) == 1 && tc.args[0] == "doctor" {
				args = append([]string{"doctor"}, base[1:]...)
			}
			r := interruptBinary(t, seen, tc.path, args...)
			if r.code != 130 {
				t.Errorf("exit %d, want 130\n%s", r.code, r.stderr)
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if last := lines[len(lines)-1]; last != "oauthlens: interrupted" {
				t.Errorf("last line %q, want %q\n%s", last, "oauthlens: interrupted", r.stderr)
			}
			for _, bad := range []string{"Likely causes", "invalid_json", "(unknown)", "context canceled\n  "} {
				if strings.Contains(r.stderr, bad) {
					t.Errorf("stderr has %q: an interrupt is not a flow failure\n%s", bad, r.stderr)
				}
			}
			if !strings.Contains(r.stderr, "POST "+tc.path) {
				t.Errorf("-v did not report the exchange made (POST %s)\n%s", tc.path, r.stderr)
			}
		})
	}
}
