package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/har"
)

const diffTestSecret = "diff-cli-secret-0123456789"

// diffRun writes a run of a token request answered with status and body
// as a HAR, masked as w and --har write it.
func diffRun(t *testing.T, name string, status int, body string) string {
	t.Helper()
	ex := flows.Exchange{Label: "token", Method: "POST", URL: "https://auth.example.com/token", Proto: "HTTP/1.1",
		RequestHeader: []flows.HeaderField{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}},
		RequestBody:   []byte("grant_type=client_credentials&client_id=c&client_secret=" + diffTestSecret),
		Status:        status, StatusText: fmt.Sprintf("%d %s", status, http.StatusText(status)),
		ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: []byte(body),
		Secrets: []flows.Secret{{Name: "CLIENT_SECRET", Value: diffTestSecret}}}
	path := filepath.Join(t.TempDir(), name)
	if _, err := har.Save(path, []flows.Exchange{ex}, flows.RedactorFor([]flows.Exchange{ex}), "test"); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDiff_TwoRuns(t *testing.T) {
	good := diffRun(t, "good.har", 200, `{"access_token":"tok-0123456789abcdef","token_type":"Bearer"}`)
	bad := diffRun(t, "bad.har", 400, `{"error":"invalid_scope"}`)
	r := runCLI(t, nil, "", "diff", good, bad)
	if r.code != exitFailed {
		t.Errorf("exit %d, want 1 (the runs differ); stderr %q", r.code, r.stderr)
	}
	wants := []string{"== token: A #1, B #1", "- 200 OK", "+ 400 Bad Request", `+   "error": "invalid_scope"`}
	for _, want := range wants {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %q in:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, diffTestSecret) || strings.Contains(r.stdout, "tok-0123456789abcdef") {
		t.Errorf("a secret shows:\n%s", r.stdout)
	}
	if same := runCLI(t, nil, "", "diff", good, good); same.code != exitOK {
		t.Errorf("a run against itself: exit %d, want 0:\n%s", same.code, same.stdout)
	}
	js := runCLI(t, nil, "", "diff", "--json", good, bad)
	var pairs []diffPair
	if err := json.Unmarshal([]byte(js.stdout), &pairs); err != nil || len(pairs) != 1 || pairs[0].Same {
		t.Fatalf("--json: %v %+v\n%s", err, pairs, js.stdout)
	}
	if !strings.Contains(js.stdout, `"op": "changed"`) || !strings.Contains(js.stdout, `"section": "status"`) {
		t.Errorf("--json does not name the sections and operations:\n%s", js.stdout)
	}
	// A label neither run has is a usage error naming the labels there
	// are, not "the runs are the same" (exit 0 before; newcomer trial).
	if none := runCLI(t, nil, "", "diff", "--label", "call", good, bad); none.code != exitUsage ||
		!strings.Contains(none.stderr, "the labels are: token") {
		t.Errorf("--label call (none in either run): exit %d, stderr %q", none.code, none.stderr)
	}
}

func TestDiff_Usage(t *testing.T) {
	good := diffRun(t, "good.har", 200, `{}`)
	for _, args := range [][]string{{"diff", good}, {"diff", good, filepath.Join(t.TempDir(), "missing.har")}} {
		if r := runCLI(t, nil, "", args...); r.code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, r.code)
		}
	}
}

// A changed body line prints the old (-) before the new (+), as diff does.
func TestDiff_RemovedBeforeAdded(t *testing.T) {
	good := diffRun(t, "good.har", 200, `{"access_token":"tok-0123456789abcdef","token_type":"Bearer"}`)
	bad := diffRun(t, "bad.har", 400, `{"error":"invalid_scope"}`)
	out := runCLI(t, nil, "", "diff", good, bad).stdout
	minus, plus := strings.Index(out, `-   "token_type": "Bearer"`), strings.Index(out, `+   "error": "invalid_scope"`)
	if minus < 0 || plus < 0 || minus > plus {
		t.Errorf("got - at %d and + at %d, want - first:\n%s", minus, plus, out)
	}
}
