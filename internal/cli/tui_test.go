package cli

import (
	"testing"

	"github.com/oauthlens/oauthlens/profiles"
)

// The demo walk's options come from walk's plan of the demo profile, so
// the TUI and the CLI send the same requests for it.
func TestDemoOptions_PlanFromWalk(t *testing.T) {
	const iss = "http://127.0.0.1:9"
	o, err := demoOptions(iss)
	if err != nil {
		t.Fatal(err)
	}
	if o.Plan == nil {
		t.Fatal("Options.Plan is nil: the demo's options were filled by hand")
	}
	if o.APIURL != iss+"/api/me" || o.Audience != iss+"/api" || o.ClientSecret != "demo-secret" || !o.Demo {
		t.Errorf("got %+v", o)
	}
	if o.Plan.Token.Audience != iss+"/api" {
		t.Errorf("plan audience: got %q", o.Plan.Token.Audience)
	}
}

// -p demo opens a saved profile named demo when there is one.
func TestHasSavedProfile_DemoSavedWins(t *testing.T) {
	restore := setenv([]string{"XDG_CONFIG_HOME=" + t.TempDir()})
	defer restore()
	env := &cliEnv{}
	if env.hasSavedProfile("demo") {
		t.Fatal("no profile saved yet, but hasSavedProfile says demo exists")
	}
	store, err := profiles.DefaultStore()
	if err != nil {
		t.Fatal(err)
	}
	p := profiles.DemoProfile("http://127.0.0.1:9")
	p.Builtin = false
	p.ClientSecret = "env:MY_DEMO_SECRET"
	if err := store.Save(p); err != nil {
		t.Fatal(err)
	}
	if !env.hasSavedProfile("demo") {
		t.Error("a saved profile named demo is ignored by -p demo")
	}
}
