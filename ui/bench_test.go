package ui

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// jsonBody builds a JSON array of about n bytes.
func jsonBody(n int) string {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; b.Len() < n-80; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":%d,"name":"item-%d","tags":["a","b"],"active":true,"score":%d.5}`, i, i, i%100)
	}
	b.WriteString("]")
	return b.String()
}

// callWithBody is a model after a call that answered body, with the
// exchange pane showing it.
func callWithBody(b *testing.B, body string) Model {
	m := walkTo(b, newTestModel(b, 120, 40), stepCall)
	m = press(b, m, "enter")
	msg := calledOK(m.seq, testJWT())
	msg.exs[0].ResponseBody = []byte(body)
	m = update(b, m, msg)
	if !strings.Contains(m.exchange.title(), "/me") {
		b.Fatalf("the exchange pane shows %q", m.exchange.title())
	}
	return m
}

func benchView(b *testing.B, size int) {
	m := callWithBody(b, jsonBody(size))
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// The frame budget: under 2 ms, and the 1 MB frame within 2× of the 1 KB
// one (only visible lines are drawn; formatted text is cached).
func BenchmarkView_1KB(b *testing.B) { benchView(b, 1<<10) }
func BenchmarkView_1MB(b *testing.B) { benchView(b, 1<<20) }

// BenchmarkView_1MB_Scrolled draws the middle of the body.
func BenchmarkView_1MB_Scrolled(b *testing.B) {
	m := callWithBody(b, jsonBody(1<<20))
	m = press(b, m, "tab", "tab")
	m.exchange.off = m.exchange.rowCount() / 2
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkFormat_1MB is the one-off cost of formatting a 1 MB body when
// an exchange is selected (not paid per frame).
func BenchmarkFormat_1MB(b *testing.B) {
	m := callWithBody(b, jsonBody(1<<20))
	ex := m.timeline.exs[len(m.timeline.exs)-1]
	for b.Loop() {
		_ = formatExchange(m.c.styles, ex, false, 60)
	}
}

// heapMB is the heap in use after a collection and the bytes allocated so
// far, in MB.
func heapMB() (inUse, allocated float64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapInuse) / (1 << 20), float64(ms.TotalAlloc) / (1 << 20)
}

// BenchmarkView_10MB is the memory budget (the whole process under 60 MB):
// a model that received a 10 MB body, with the exchange pane showing it.
// heap-inuse-MB is what the model holds after a collection, the body's own
// 10 MB included; build-alloc-MB is all that receiving it allocated (the
// garbage a collection must catch up with).
func BenchmarkView_10MB(b *testing.B) {
	body := jsonBody(10 << 20)
	inUse0, alloc0 := heapMB()
	m := callWithBody(b, body)
	inUse1, alloc1 := heapMB()
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
	b.ReportMetric(inUse1-inUse0, "heap-inuse-MB")
	b.ReportMetric(alloc1-alloc0, "build-alloc-MB")
	runtime.KeepAlive(m)
	runtime.KeepAlive(body)
}
