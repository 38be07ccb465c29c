package flows

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCall_TruncatedBody(t *testing.T) {
	for _, tt := range []struct {
		name string
		size int64
		cut  bool
	}{{"at the cap", MaxAPIBody, false}, {"over the cap", MaxAPIBody + 1, true}} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.CopyN(w, zeroReader{}, tt.size)
			}))
			defer srv.Close()
			res, _, err := Call(
				context.Background(),
				srv.Client(),
				CallRequest{URL: srv.URL},
				Token{AccessToken: "t"},
				nil,
			)
			if err != nil || res.Truncated != tt.cut || int64(len(res.Body)) != min(tt.size, MaxAPIBody) {
				t.Fatalf("got truncated=%v, %d bytes, %v; want truncated=%v", res.Truncated, len(res.Body), err, tt.cut)
			}
			if note := res.TruncatedNote(); tt.cut != strings.Contains(note, "cut") {
				t.Errorf("got note %q", note)
			}
		})
	}
}
