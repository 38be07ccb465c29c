package flows

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// TestSend_BodyOfKnownLength: a body with a Content-Length is read whole,
// or cut at the cap, into a buffer of its size.
func TestSend_BodyOfKnownLength(t *testing.T) {
	body := strings.Repeat("x", 5000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write([]byte(body))
	}))
	defer srv.Close()
	for _, tc := range []struct {
		max       int64
		want      int
		truncated bool
	}{{10000, 5000, false}, {5000, 5000, false}, {4999, 4999, true}, {100, 100, true}} {
		ex, err := Send(context.Background(), srv.Client(), Request{Method: "GET", URL: srv.URL, MaxBody: tc.max})
		if err != nil {
			t.Fatal(err)
		}
		if len(ex.ResponseBody) != tc.want || ex.Truncated != tc.truncated {
			t.Errorf(
				"cap %d: got %d bytes (cut %v), want %d (cut %v)",
				tc.max,
				len(ex.ResponseBody),
				ex.Truncated,
				tc.want,
				tc.truncated,
			)
		}
		if c := cap(ex.ResponseBody); c > int(tc.max)+1+512 {
			t.Errorf("cap %d: a buffer of %d bytes", tc.max, c)
		}
	}
}
