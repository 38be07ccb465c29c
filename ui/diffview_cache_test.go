package ui

import (
	"net/http"
	"strings"
	"testing"
)

// compareWithBodies is the compare screen on two calls whose answers are
// 1 MB JSON bodies that differ here and there.
func compareWithBodies(b testing.TB) Model {
	m := newTestModel(b, 120, 40)
	for _, variant := range []bool{false, true} {
		body := jsonBody(1 << 20)
		if variant {
			body = strings.Replace(body, `"name":"item-50"`, `"name":"item-fifty"`, 1)
			body = strings.Replace(body, `"name":"item-900"`, `"name":"item-nine hundred"`, 1)
		}
		ex := exchange("call", "GET", testIssuer+"/api/items", 200, nil, "", "")
		ex.ResponseHeader = http.Header{"Content-Type": {"application/json"}}
		ex.ResponseBody = []byte(body)
		m.timeline.add(ex)
	}
	m.openCompare(0, 1, false)
	return m
}

// BenchmarkCompareView_1MB draws a frame of the compare screen with two
// 1 MB JSON bodies (the frame budget: under 2 ms).
func BenchmarkCompareView_1MB(b *testing.B) {
	m := compareWithBodies(b)
	if m.screen != screenCompare {
		b.Fatal("the compare screen is not open")
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// The compare screen computes its diff once and draws only the rows that
// show; s (reveal) computes it again, unmasked.
func TestCompareView_CachedAndVisibleOnly(t *testing.T) {
	m := compareWithBodies(t)
	k := m.sup.compare.cache
	if k == nil || !k.ready || len(k.lines) < 2000 {
		t.Fatalf("the diff was not computed when the screen opened")
	}
	lines := k.lines
	_ = plain(m)
	_ = plain(m)
	drawn := 0
	for _, d := range k.done {
		if d {
			drawn++
		}
	}
	if &k.lines[0] != &lines[0] || drawn == 0 || drawn > 40 {
		t.Errorf("got the diff computed again or %d rows drawn for a 40-row screen", drawn)
	}
	m = press(t, m, "s")
	_ = plain(m)
	if !k.reveal || &k.lines[0] == &lines[0] {
		t.Errorf("reveal did not compute the diff again")
	}
}
