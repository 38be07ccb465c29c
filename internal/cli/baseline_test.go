package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/har"
	"github.com/oauthlens/oauthlens/ui"
)

func TestBaseline_Unreadable(t *testing.T) {
	for _, args := range [][]string{{"demo"}, {}} {
		missing := filepath.Join(t.TempDir(), "missing.har")
		r := runCLI(t, nil, "", append(args, "--baseline", missing)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "--baseline") {
			t.Errorf("%v: got %d %q, want exit 2 naming --baseline", args, r.code, r.stderr)
		}
	}
}

func TestBaseline_ReadsAHAR(t *testing.T) {
	path := filepath.Join(t.TempDir(), "good.har")
	ex := flows.Exchange{Label: "token", Method: "POST", URL: "https://auth.example.com/token", Status: 200,
		StatusText: "200 OK", RequestBody: []byte("grant_type=client_credentials&client_secret=s3cr3t-0123456789"),
		Secrets: []flows.Secret{{Name: "CLIENT_SECRET", Value: "s3cr3t-0123456789"}}}
	if _, err := har.Save(path, []flows.Exchange{ex}, flows.RedactorFor([]flows.Exchange{ex}), "test"); err != nil {
		t.Fatal(err)
	}
	env := &cliEnv{baseline: path}
	var opts ui.Options
	if err := env.withBaseline(&opts); err != nil {
		t.Fatal(err)
	}
	if len(opts.Baseline) != 1 || opts.Baseline[0].Label != "token" || opts.BaselineName != path {
		t.Errorf("got %d exchanges named %q", len(opts.Baseline), opts.BaselineName)
	}
	if strings.Contains(string(opts.Baseline[0].RequestBody), "s3cr3t") {
		t.Errorf("the baseline holds the secret: %s", opts.Baseline[0].RequestBody)
	}
}

// A --baseline a browser's devtools wrote brings its secrets along, so
// that the TUI's D masks them (ui's TestDiff_DevtoolsBaselineLeaksNothing
// draws it).
func TestBaseline_DevtoolsHARSecrets(t *testing.T) {
	env := &cliEnv{baseline: filepath.Join("..", "..", "har", "testdata", "devtools_a.har")}
	var opts ui.Options
	if err := env.withBaseline(&opts); err != nil {
		t.Fatal(err)
	}
	red := flows.RedactorFor(opts.Baseline)
	for _, s := range devtoolsSecrets { // run A's
		if strings.Contains(s, "BBBB") {
			continue
		}
		if got := red.String("x " + s + " x"); strings.Contains(got, s) {
			t.Errorf("the baseline does not know the secret %q", s)
		}
	}
}
