package cli

import (
	"bytes"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/internal/formbrowser"
)

// urlWatch is the stderr of an in-process run that hands over the
// authorization URL as soon as it is printed.
type urlWatch struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	urls chan string
	sent bool
}

func (w *urlWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	const prefix = "authorization URL: "
	if s := w.buf.String(); !w.sent && strings.Contains(s, prefix) {
		line := s[strings.Index(s, prefix)+len(prefix):]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			w.urls <- line[:i]
			w.sent = true
		}
	}
	return len(p), nil
}

func (w *urlWatch) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// freePort is a loopback port nothing listens on (just now).
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// writeRedirectProfile saves profile NAME for the demo's client with a
// fixed redirect_uri.
func writeRedirectProfile(t *testing.T, home, name, iss, ru string) {
	t.Helper()
	dir := filepath.Join(home, "oauthlens", "profiles")
	yaml := "issuer: " + iss + "\nclient_id: " + demo.ClientID + "\nclient_secret: env:DEMO_SECRET\n" +
		"scopes: [openid, api:read]\nredirect_uri: " + ru + "\n"
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".yaml"), []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
}

// runWatched runs the CLI in-process with home as the config directory,
// the authorization URL handed to login as soon as it is printed.
func runWatched(t *testing.T, home string, login func(authURL string), args ...string) result {
	t.Helper()
	restore := setenv(append([]string{"XDG_CONFIG_HOME=" + home, "XDG_CACHE_HOME=" + t.TempDir()}, demoSecretEnv...))
	defer restore()
	errw := &urlWatch{urls: make(chan string, 1)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		select {
		case u := <-errw.urls:
			login(u)
		case <-t.Context().Done():
		}
	}()
	var out bytes.Buffer
	code := Run(args, strings.NewReader(""), &out, errw)
	if code == 0 {
		<-done
	}
	return result{out.String(), errw.String(), code}
}

// TestToken_ProfileRedirectURI: a profile's fixed redirect_uri (a server
// that registers exact URIs, RFC 8252 §7.3) is where the listener listens,
// port and path, and what the authorization and token requests send.
func TestToken_ProfileRedirectURI(t *testing.T) {
	iss := startDemo(t)
	home := t.TempDir()
	ru := fmt.Sprintf("http://127.0.0.1:%d/oauth/cb", freePort(t))
	writeRedirectProfile(t, home, "fixed", iss, ru)
	var landed formbrowser.Page
	login := func(authURL string) {
		u, err := url.Parse(authURL)
		if err != nil || u.Query().Get("redirect_uri") != ru {
			t.Errorf("authorization URL %s: redirect_uri %q, want %q", authURL, u.Query().Get("redirect_uri"), ru)
		}
		b := formbrowser.New("")
		page, err := b.Get(authURL)
		if err != nil {
			t.Errorf("authorization page: %v", err)
			return
		}
		landed, err = b.Submit(page, url.Values{"username": {demo.UserName}, "password": {demo.UserPassword},
			"action": {"approve"}})
		if err != nil {
			t.Errorf("login: %v", err)
		}
	}
	r := runWatched(t, home, login, "token", "-p", "fixed", "--grant", "authorization_code", "--no-browser", "-v")
	wantCode(t, r, 0)
	if got := landed.URL.String(); !strings.HasPrefix(got, ru+"?") ||
		!strings.Contains(landed.Body, "You can close this tab") {
		t.Errorf("the browser ended on %s:\n%s", got, landed.Body)
	}
	for _, want := range []string{"redirect uri: " + ru, "redirect_uri=" + url.QueryEscape(ru),
		"redirect check state        pass"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

// TestToken_RedirectPortInUse: a fixed redirect_uri whose port is taken
// stops before anything is sent, and says which port and what to do.
func TestToken_RedirectPortInUse(t *testing.T) {
	iss := startDemo(t)
	home := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	ru := fmt.Sprintf("http://127.0.0.1:%d/callback", port)
	writeRedirectProfile(t, home, "busy", iss, ru)
	r := runWatched(t, home, func(string) { t.Error("an authorization URL was printed") },
		"token", "-p", "busy", "--grant", "authorization_code", "--no-browser")
	wantCode(t, r, 2)
	for _, want := range []string{fmt.Sprintf("port %d", port), "in use", "redirect_uri"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "authorization URL") || strings.Contains(r.stderr, "discovery") {
		t.Errorf("something was sent:\n%s", r.stderr)
	}
}
