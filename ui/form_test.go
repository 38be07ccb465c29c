package ui

import (
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// TestForm_SecretMaskHasFixedLength checks that a masked secret field
// that is not being edited shows the same eight bullets as everywhere
// else, whatever the secret's length; while it is edited, the input's own
// per-character mask shows.
func TestForm_SecretMaskHasFixedLength(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepClient)
	line := formLine(t, plainView(m), "Client secret")
	if !strings.Contains(line, flows.Mask) || strings.Contains(line, flows.Mask+"•") {
		t.Errorf("got %q, want the fixed mask %q", line, flows.Mask)
	}
	m = press(t, m, "tab", "down") // edit the secret
	line = formLine(t, plainView(m), "Client secret")
	if want := strings.Repeat("•", len(testSecret)); !strings.Contains(line, want) {
		t.Errorf("editing: got %q, want the input's mask %q", line, want)
	}
	mustNotContain(t, "client step", viewText(m), testSecret)
}

// formLine is the line of the view that has label.
func formLine(t *testing.T, v, label string) string {
	t.Helper()
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, label) {
			return l
		}
	}
	t.Fatalf("no %q line in:\n%s", label, v)
	return ""
}
