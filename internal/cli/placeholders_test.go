package cli

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestToken_UnfilledTemplate: a profile made from a template whose
// client_id is still YOUR-CLIENT-ID sent the device authorization request
// (and any other); it is a configuration error before anything is sent,
// naming the field and the command to edit it. A flag that fills the field
// lets the request go.
func TestToken_UnfilledTemplate(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
	}))
	defer srv.Close()
	xdg := "XDG_CONFIG_HOME=" + t.TempDir()
	if r := runCLI(t, []string{xdg}, "", "profiles", "new", "gh", "--template", "github-device",
		"--base-url", srv.URL); r.code != exitOK {
		t.Fatalf("profiles new: exit %d: %s", r.code, r.stderr)
	}
	for _, cmd := range [][]string{{"token", "-p", "gh"}, {"doctor", "-p", "gh"}, {"call", "-p", "gh", "/user"}} {
		r := runCLI(t, []string{xdg, "EDITOR=nano"}, "", cmd...)
		if r.code != exitUsage || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 ||
			!strings.Contains(r.stderr, "client_id") || !strings.Contains(r.stderr, "nano ") ||
			!strings.Contains(r.stderr, "gh.yaml") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2, one line naming client_id and 'nano …/gh.yaml'",
				cmd, r.code, r.stderr)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests were sent with a placeholder client id", n)
	}
	r := runCLI(t, []string{xdg}, "", "token", "-p", "gh", "--client-id", "Iv1.real")
	if hits.Load() == 0 || strings.Contains(r.stderr, "placeholder") {
		t.Errorf("--client-id fills the field, yet nothing was sent: %s", r.stderr)
	}
}
