package ui

import (
	"strings"
	"testing"
)

// TestStepResult_MoreIndicator: at 80×24 the token's result does not fit;
// the last line of the step pane says how much is below, and once
// scrolled, how much is above; at the bottom only "↑" is left.
func TestStepResult_MoreIndicator(t *testing.T) {
	m := walkTo(t, newTestModel(t, 80, 24), stepCall)
	m = press(t, m, "3")
	v := plainView(m)
	if !strings.Contains(v, "↓ 21 more lines (j/pgdn)") || strings.Contains(v, "above (k/pgup)") {
		t.Fatalf("no ↓ indicator, or ↑ at the top:\n%s", v)
	}
	m = press(t, m, "j")
	if v := plainView(m); !strings.Contains(v, "↓ 20 more lines (j/pgdn) · ↑ 1 above (k/pgup)") {
		t.Errorf("after j:\n%s", v)
	}
	m = press(t, m, "G")
	if v := plainView(m); strings.Contains(v, "more lines") || !strings.Contains(v, "↑ 21 above (k/pgup)") {
		t.Errorf("at the bottom:\n%s", v)
	}
	// A result that fits has no indicator.
	if v := plainView(newTestModel(t, 120, 40)); strings.Contains(v, "(j/pgdn)") {
		t.Errorf("an indicator on a result that fits:\n%s", v)
	}
}
