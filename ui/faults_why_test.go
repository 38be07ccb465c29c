package ui

import (
	"strings"
	"testing"
)

// Issue 16 (Presenter): a fault that cannot show in the current walk says
// why in the fault list: wrong-audience with an audience filled in, and
// basic-only while the walk already sends client_secret_basic.
func TestFaults_SayWhyTheyCannotShow(t *testing.T) {
	m := press(t, demoModel(t, 120, 40, newFakeSwitch()), "f")
	if m.screen != screenFaults {
		t.Fatalf("f opened %T", m.screen)
	}
	for i, f := range m.faults.list {
		if f.Name == "wrong-audience" {
			m.faults.cursor = i
			m.faults.clamp()
		}
	}
	v := plainView(m)
	for _, want := range []string{"can't show here: step 3 asks for audience", "can't show here: step 2 already sends"} {
		if !strings.Contains(v, want) {
			t.Errorf("the fault list lacks %q:\n%s", want, v)
		}
	}
}
