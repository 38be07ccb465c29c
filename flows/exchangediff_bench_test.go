package flows

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// benchJSON is a JSON array of about n bytes; every 97th item differs
// when variant is set.
func benchJSON(n int, variant bool) []byte {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; b.Len() < n-80; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		score := i % 100
		if variant && i%97 == 0 {
			score++
		}
		fmt.Fprintf(&b, `{"id":%d,"name":"item-%d","tags":["a","b"],"active":true,"score":%d.5}`, i, i, score)
	}
	b.WriteString("]")
	return []byte(b.String())
}

// benchPair is two call exchanges whose answers are two 1 MB JSON bodies
// that differ here and there.
func benchPair() (Exchange, Exchange) {
	ex := func(body []byte) Exchange {
		return Exchange{Label: "call", Method: "GET", URL: "https://api.example.com/items", Status: 200,
			StatusText: "200 OK", ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: body,
			Secrets: []Secret{{Name: "ACCESS_TOKEN", Value: "access-token-0123456789"}}}
	}
	return ex(benchJSON(1<<20, false)), ex(benchJSON(1<<20, true))
}

// BenchmarkDiffExchanges_1MB diffs two exchanges with 1 MB JSON answers.
func BenchmarkDiffExchanges_1MB(b *testing.B) {
	a, c := benchPair()
	b.ReportAllocs()
	for b.Loop() {
		_ = DiffExchanges(a, c, false)
	}
}
