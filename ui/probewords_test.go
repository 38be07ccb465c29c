package ui

import (
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// The probes' conclusion on screen says what to change, and the fix key
// applies it: never "use --auth post", a flag the TUI has no use for.
func TestDiagnosis_ProbeConclusionSpeaksTUI(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepToken)
	change := flows.Fix{Kind: flows.FixAuth, Value: string(flows.AuthPost)}
	d := flows.ConcludeProbes(flows.TokenRequest{AuthMethod: flows.AuthBasic},
		[]flows.ProbeOutcome{{What: "client_secret_post", Change: change}})
	m.setDiag(stepToken, diagnosis{list: []flows.Diagnosis{d}})
	got := m.base(stepToken).diag.list[0]
	all := got.Summary
	for _, f := range got.Fixes {
		all += "\n" + f.Text
	}
	if strings.Contains(all, "--") {
		t.Errorf("the probes' conclusion speaks CLI:\n%s", all)
	}
	if !strings.Contains(all, "client_secret_post") {
		t.Errorf("the conclusion does not name the method:\n%s", all)
	}
}
