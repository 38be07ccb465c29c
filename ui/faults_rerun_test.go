package ui

import (
	"strings"
	"testing"
)

// Bug 3: after a fault is switched, a runs the walk again from step 1, and
// the results on show say they are from before the change.
func TestFaults_RunAllAfterAChangeStartsAtStep1(t *testing.T) {
	m := walkTo(t, demoModel(t, 120, 40, newFakeSwitch()), stepCall)
	m = pressRun(t, m, "f", "space", "esc")
	if v := plain(press(t, m, "1")); !strings.Contains(v, "from before the demo's faults changed") {
		t.Errorf("step 1's result does not say it is from before the fault change:\n%s", v)
	}
	if !strings.Contains(plain(m), "a runs the walk again from step 1") {
		t.Errorf("the status line does not say which key runs the walk again:\n%s", plain(m))
	}
	m = press(t, m, "a")
	if m.running != stepDiscover || m.current != stepDiscover {
		t.Errorf("a after a fault change runs step %d (on screen %d); want step 1", m.running+1, m.current+1)
	}
	m = update(t, m, discoveredOK(m.seq))
	if m.running != stepClient && m.running != stepToken {
		t.Errorf("a did not go on after step 1: running %d", m.running+1)
	}
}
