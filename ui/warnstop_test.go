package ui

import (
	"strings"
	"testing"
)

// Bug 4: step 2 sees that discovery does not advertise the chosen auth
// method: the step is ! with a fix, and the walk stops there to be read;
// enter then goes on to step 3.
func TestClientStep_AuthNotAdvertisedStops(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "1", "enter")
	d := discoveredOK(m.seq)
	d.disc.Metadata.TokenEndpointAuthMethodsSupported = []string{"client_secret_post"}
	m = press(t, update(t, m, d), "2", "a")
	if m.current != stepClient || m.running >= 0 {
		t.Fatalf("a on step 2 with a warning went on: on screen %d, running %d", m.current+1, m.running+1)
	}
	b := m.base(stepClient)
	if f, ok := b.diag.fix(); !ok || f.Value != "client_secret_post" || !b.diag.notes {
		t.Errorf("no switch-to-post fix on step 2: %+v", b.diag)
	}
	v := plainView(m)
	for _, want := range []string{"[2 Client !]", "[press !]", "step 2 passed with a warning"} {
		if !strings.Contains(v, want) {
			t.Errorf("missing %q:\n%s", want, v)
		}
	}
	m = press(t, m, "enter")
	if m.current != stepToken || m.running != stepToken {
		t.Errorf("enter after the warning: on screen %d, running %d; want step 3 running (a goes on)", m.current+1,
			m.running+1)
	}
}
