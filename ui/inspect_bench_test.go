package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// inspectWithBody is the inspector showing a pasted HTTP answer whose
// JSON body is about n bytes.
func inspectWithBody(b *testing.B, n int) Model {
	text := "HTTP/1.1 200 OK\nContent-Type: application/json\n\n" + jsonBody(n-64)
	m := pasteAndRun(b, inspectModel(b, 120, 40, &jwksServer{}), text)
	if m.screen != screenInspect || m.inspect.in == nil || m.inspect.in.Response == nil {
		b.Fatalf("the paste was not read as a response")
	}
	return m
}

func benchInspectView(b *testing.B, n int) {
	m := inspectWithBody(b, n)
	_ = m.View() // the lines are built once, on the first frame (BenchmarkInspectBuild_1MB)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// The inspector's frame budget (DESIGN.md: under 2 ms, within 2× of the
// 1 KB frame): the lines are cached, only the visible ones drawn.
func BenchmarkInspectView_1KB(b *testing.B) { benchInspectView(b, 1<<10) }
func BenchmarkInspectView_1MB(b *testing.B) { benchInspectView(b, 1<<20) }

// BenchmarkInspectKey_1MB is a scroll key and the frame after it.
func BenchmarkInspectKey_1MB(b *testing.B) {
	m := inspectWithBody(b, 1<<20)
	down := tea.KeyPressMsg{Code: tea.KeyDown}
	_ = m.View()
	b.ReportAllocs()
	for b.Loop() {
		m = update(b, m, down)
		_ = m.View()
	}
}

// BenchmarkInspectBuild_1MB is the one-off cost of the lines of a 1 MB
// paste (paid once per paste, width, reveal or style, not per frame).
func BenchmarkInspectBuild_1MB(b *testing.B) {
	m := inspectWithBody(b, 1<<20)
	for b.Loop() {
		_ = m.inspectLines(120)
	}
}
