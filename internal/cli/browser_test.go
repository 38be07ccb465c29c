package cli

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestToken_AuthorizationCodeInChromium is the real-browser test: a
// headless chromium opens the authorization URL that `oauthlens token
// --grant authorization_code` gives $BROWSER, the person's part (typing the
// password, pressing Allow) is played on the demo's login page, and the
// browser's redirect reaches the loopback listener, whose page the browser
// then shows. It needs Debian's chromium (apt-get install chromium) and is
// skipped without it.
func TestToken_AuthorizationCodeInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no real browser")
	}
	bin := chromiumPath()
	if bin == "" {
		t.Skip("chromium is not installed (Debian: apt-get install chromium): the real-browser test is skipped")
	}
	dir, err := os.MkdirTemp("", "oauthlens-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) }) // chromium's profile; best effort
	page, err := startChromium(bin, dir)
	if err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	defer page.close()
	iss := startDemo(t)
	urlFile := fakeBrowser(t)
	done := make(chan error, 1)
	go func() { done <- playPerson(page, urlFile) }()
	r := runCLI(t, demoSecretEnv, "", tokenArgs(iss, "--grant", "authorization_code", "--scope", "openid api:read")...)
	if err := <-done; err != nil {
		t.Fatalf("in the browser: %v", err)
	}
	wantCode(t, r, 0)
	if tok := strings.TrimSpace(r.stdout); strings.Count(tok, ".") != 2 {
		t.Errorf("stdout is not a JWT: %q\n%s", r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "redirect check state        pass") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}

// playPerson waits for the URL the CLI opened, loads it in chromium, logs
// in on the demo's page and waits for the listener's page.
func playPerson(page *browserPage, urlFile string) error {
	var u string
	for i := 0; i < 250 && u == ""; i++ {
		b, _ := os.ReadFile(urlFile)
		u = string(b)
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := page.call("Page.navigate", map[string]any{"url": u}); err != nil {
		return err
	}
	if err := page.waitFor(`!!document.querySelector('input[name=password]')`, 10*time.Second); err != nil {
		return err
	}
	if _, err := page.eval(`document.querySelector('input[name=password]').value = 'demo-password';
		document.querySelector('button[value=approve]').click(); true`); err != nil {
		return err
	}
	return page.waitFor(`document.body.innerText.includes('You can close this tab')`, 10*time.Second)
}
