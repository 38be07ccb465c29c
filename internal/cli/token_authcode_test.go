package cli

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/internal/formbrowser"
)

// fakeBrowser writes a $BROWSER script that records the URL it is given
// in a file, and returns the file's path: the test then plays the browser.
func fakeBrowser(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "url")
	script := filepath.Join(dir, "browser")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nprintf '%s' \"$1\" > "+out+".tmp && mv "+out+".tmp "+out+"\n"),
		0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BROWSER", script)
	return out
}

// loginWhenOpened waits for the URL the fake browser got, logs in on the
// demo's page and lets the redirect reach the loopback listener.
func loginWhenOpened(t *testing.T, urlFile string) {
	go func() {
		var u []byte
		for i := 0; i < 250; i++ {
			if b, err := os.ReadFile(urlFile); err == nil && len(b) > 0 {
				u = b
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		b := formbrowser.New("")
		page, err := b.Get(string(u))
		if err != nil {
			t.Errorf("authorization page: %v", err)
			return
		}
		if _, err := b.Submit(page, url.Values{"username": {demo.UserName}, "password": {demo.UserPassword},
			"action": {"approve"}}); err != nil {
			t.Errorf("login: %v", err)
		}
	}()
}

func TestToken_AuthorizationCodeWithBrowser(t *testing.T) {
	iss := startDemo(t)
	loginWhenOpened(t, fakeBrowser(t))
	r := runCLI(t, demoSecretEnv, "", tokenArgs(iss, "--grant", "authorization_code", "--scope", "openid api:read",
		"-v")...)
	wantCode(t, r, 0)
	tok := strings.TrimSpace(r.stdout)
	if strings.Count(tok, ".") != 2 || strings.Contains(r.stderr, tok) {
		t.Fatalf("stdout %q; stderr:\n%s", r.stdout, r.stderr)
	}
	for _, want := range []string{"authorization URL: " + iss + "/authorize?", "redirect check state        pass",
		"redirect check iss          pass", "id_token check signature    pass", "id_token check nonce        pass",
		"id_token check userinfo sub pass", "code_verifier=••••••••"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

func TestToken_AuthorizationCodePastedRedirect(t *testing.T) {
	srv := startDemoWith(t, demo.Config{Faults: []string{string(demo.FaultStateMismatch)}})
	t.Setenv("BROWSER", "/nonexistent-browser")
	// The person pastes a redirect with another state: nothing is sent.
	r := runCLI(t, demoSecretEnv, "http://127.0.0.1:1/callback?code=stolen-code-0123456789&state=forged\n",
		tokenArgs(srv.Issuer(), "--grant", "authorization_code", "--no-browser", "--par")...)
	wantCode(t, r, 1)
	if !strings.Contains(r.stderr, "redirect check state        fail") || strings.Contains(r.stderr, "stolen-code") ||
		strings.Contains(r.stderr, "POST /token") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, "PAR: the request was pushed") {
		t.Errorf("no PAR line:\n%s", r.stderr)
	}
}

func readFileIfAny(p string) ([]byte, error) { return os.ReadFile(p) }
