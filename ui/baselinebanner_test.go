package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

// TestBaseline_NamedUnderTheTitle: --baseline FILE is said on screen,
// where the faults are named (nothing said a baseline run was loaded), at
// every size and on the screens over the walk; the name is sanitised.
func TestBaseline_NamedUnderTheTitle(t *testing.T) {
	opts := testOptions()
	opts.Baseline = []flows.Exchange{exchange("token", "POST", testIssuer+"/token", 200, nil, "", `{}`)}
	opts.BaselineName = "/home/me/runs/good-run\x1b[31m.har"
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}} {
		m := update(t, New(opts), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for _, screen := range []Model{m, press(t, m, "?")} {
			lines := strings.Split(plainView(screen), "\n")
			if !strings.Contains(lines[1], "⚖ baseline: good-run.har") {
				t.Errorf("%dx%d: the line under the title does not name the baseline: %q", size[0], size[1], lines[1])
			}
		}
	}
	if v := viewText(update(t, New(testOptions()), tea.WindowSizeMsg{Width: 120, Height: 40})); strings.Contains(v,
		"baseline") {
		t.Errorf("a baseline is named without --baseline")
	}
}
