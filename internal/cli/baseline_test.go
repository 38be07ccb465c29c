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
