package flows

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// prettyLines writes what json.Indent writes, and stops at the cap.
func TestPrettyLines_AsJSONIndent(t *testing.T) {
	for _, in := range []string{`{"a":1,"b":[1,2,{"c":"x\"y,:{"}],"d":{},"e":[]}`, `[]`, `"s"`, `3`,
		" {\n \"a\" : [ true , null ] }\n", `{"k":"\\"}`} {
		var want bytes.Buffer
		if err := json.Indent(&want, []byte(in), "", "  "); err != nil {
			t.Fatal(err)
		}
		got, more := prettyLines([]byte(in), 1000)
		if w := strings.TrimRight(want.String(), "\n"); strings.Join(got, "\n") != w || more {
			t.Errorf("%s: got %q, want %q", in, strings.Join(got, "\n"), want.String())
		}
	}
	got, more := capLines([]byte(`[1,2,3,4,5,6]`), 3)
	if len(got) != 3 || !more || got[2] != "  2," {
		t.Errorf("capped: got %q %v", got, more)
	}
}

// A changed line reads as the old (-) before the new (+), and the lines
// around it stay the same (C6).
func TestDiffLines_RemovedBeforeAdded(t *testing.T) {
	got := diffLines(SectionResponseBody, []string{"{", `  "a": 1`, "}"}, []string{"{", `  "a": 2`, "}"})
	want := []DiffOp{DiffSame, DiffRemoved, DiffAdded, DiffSame}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i, l := range got {
		if l.Op != want[i] {
			t.Errorf("line %d: got %v, want %v (%+v)", i, l.Op, want[i], got)
		}
	}
}
