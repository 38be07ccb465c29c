package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpen_PrintHARAndBundle: a failing doctor run saved as HAR and as a
// bundle opens (--print) to the same timeline and the same diagnoses, with
// no secret; a file that is neither is a usage error.
func TestOpen_PrintHARAndBundle(t *testing.T) {
	const secret = "Cl1ent+Secret/with=chars"
	iss := echoServer(t, "json")
	dir := t.TempDir()
	harPath, bundlePath := filepath.Join(dir, "w.har"), filepath.Join(dir, "b.tar.gz")
	r := runCLI(t, []string{"S=" + secret}, "", "doctor", "--issuer", iss, "--client-id", "cid",
		"--client-secret", "env:S", "--har", harPath, "--bundle", bundlePath)
	wantCode(t, r, 1)
	fromHAR := runCLI(t, nil, "", "open", "--print", harPath)
	fromBundle := runCLI(t, nil, "", "open", "--print", bundlePath)
	wantCode(t, fromHAR, 0)
	wantCode(t, fromBundle, 0)
	body := func(s string) string { _, rest, _ := strings.Cut(s, "\n"); return rest } // the first line names the file
	if body(fromHAR.stdout) != body(fromBundle.stdout) {
		t.Errorf("HAR and bundle differ:\n%s\n---\n%s", fromHAR.stdout, fromBundle.stdout)
	}
	for _, want := range []string{"token", "400", "(token.", "recorded at"} {
		if !strings.Contains(fromHAR.stdout, want) {
			t.Errorf("open --print lacks %q:\n%s", want, fromHAR.stdout)
		}
	}
	for _, f := range secretForms("cid", secret) {
		if strings.Contains(fromHAR.stdout+fromBundle.stdout, f) {
			t.Errorf("open shows the secret form %q", f)
		}
	}
	junk := filepath.Join(dir, "junk.txt")
	os.WriteFile(junk, []byte("hello"), 0o600)
	wantCode(t, runCLI(t, nil, "", "open", "--print", junk), 2)
}
