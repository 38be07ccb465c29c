package ui

import (
	"os"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/har"
)

// A baseline a browser's devtools wrote (--baseline) holds every secret in
// the clear: D on the token exchange diffs with it and shows none of them,
// anywhere in the diff.
func TestDiff_DevtoolsBaselineLeaksNothing(t *testing.T) {
	data, err := os.ReadFile("../har/testdata/devtools_a.har")
	if err != nil {
		t.Fatal(err)
	}
	exs, err := har.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	m := failedTokenWalk(t, 120, 40)
	m.setBaseline(exs, "devtools_a.har")
	m = press(t, m, "D")
	if v := plain(m); m.screen != screenCompare || !strings.Contains(v, "A baseline #2 token") {
		t.Fatalf("D does not compare with the baseline:\n%s", v)
	}
	secrets := []string{"CODEAAAA1111", "verifier-AAAA-0123456789", "client-secret-AAAA", "tenant-secret-AAAA",
		"session-AAAA-123456"}
	for range 6 {
		mustNotContain(t, "the compare screen", plain(m), secrets...)
		m = press(t, m, "pgdown")
	}
}
