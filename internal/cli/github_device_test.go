package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// fakeGitHub answers the device flow as GitHub documents it: the device
// code request takes client_id and scope, the token endpoint answers 200
// with error authorization_pending until the second poll, and neither
// request carries a client secret.
func fakeGitHub(t *testing.T) *httptest.Server {
	var polls atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if r.PostForm.Has("client_secret") || r.Header.Get("Authorization") != "" ||
			r.PostForm.Get("client_id") != "Iv1.0123456789abcdef" {
			t.Errorf("%s: not a public client's request: %v %q", r.URL.Path, r.PostForm, r.Header.Get("Authorization"))
		}
		w.Header().Set("Content-Type", "application/json")
		var body any
		switch r.URL.Path {
		case "/login/device/code":
			if r.PostForm.Get("scope") != "read:user" {
				t.Errorf("device code scope: %q", r.PostForm.Get("scope"))
			}
			body = map[string]any{"device_code": "3584d83530557fdd1f46af8289938c8ef79f9dc5", "user_code": "WDJB-MJHT",
				"verification_uri": "https://github.com/login/device", "expires_in": 900, "interval": 1}
		case "/login/oauth/access_token":
			if r.PostForm.Get("grant_type") != "urn:ietf:params:oauth:grant-type:device_code" {
				t.Errorf("grant_type: %q", r.PostForm.Get("grant_type"))
			}
			body = map[string]any{"error": "authorization_pending"}
			if polls.Add(1) > 1 {
				body = map[string]any{"access_token": "gho_16C7e42F292c6912E7710c838347Ae178B4a",
					"token_type": "bearer", "scope": "read:user"}
			}
		default:
			http.NotFound(w, r)
			return
		}
		_ = json.NewEncoder(w).Encode(body)
	}))
	t.Cleanup(ts.Close)
	return ts
}

// TestGitHubDeviceTemplate_AgainstGitHubsDocumentedAnswers: the
// github-device template, moved onto a server that answers as GitHub's
// documentation says, gets a token with the device flow (no discovery,
// no secret, a 200 authorization_pending polled through).
func TestGitHubDeviceTemplate_AgainstGitHubsDocumentedAnswers(t *testing.T) {
	gh := fakeGitHub(t)
	home := t.TempDir()
	wantCode(t, runIn(t, home, nil, "profiles", "new", "gh", "--template", "github-device", "--base-url", gh.URL,
		"--client-id", "Iv1.0123456789abcdef"), 0)
	r := runIn(t, home, nil, "token", "-p", "gh", "-v")
	wantCode(t, r, 0)
	if got := strings.TrimSpace(r.stdout); got != "gho_16C7e42F292c6912E7710c838347Ae178B4a" {
		t.Errorf("stdout %q", got)
	}
	for _, want := range []string{"WDJB-MJHT", "https://github.com/login/device", "authorization_pending"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "well-known") {
		t.Errorf("discovery was tried:\n%s", r.stderr)
	}
}
