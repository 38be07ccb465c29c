package flows

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Servers that lie about their resource metadata: the document is not
// used, and the error says why.
func TestFetchResourceMetadata_LyingServers(t *testing.T) {
	big := `{"resource":"x","pad":"` + strings.Repeat("a", 2<<20) + `"}`
	for _, tc := range []struct {
		name, ctype, body string
		want              string
		wantErr           error
	}{
		{"other resource", "application/json",
			`{"resource":"https://evil.example/api","authorization_servers":["https://as"]}`,
			"does not name the API", nil},
		{"2 MiB", "application/json", big, "too large", new(TooLargeError)},
		{"HTML", "text/html", "<html><body>login</body></html>", "not a JSON document (text/html)", ErrNotJSON},
		{"JSON array", "application/json", `["https://as"]`, "not a JSON document", ErrNotJSON},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.ctype)
				_, _ = w.Write([]byte(tc.body))
			}))
			defer ts.Close()
			_, _, ex, err := FetchResourceMetadata(context.Background(), ts.Client(),
				ts.URL+ResourceMetadataWellKnown+"/api", ts.URL+"/api")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			var te *TooLargeError
			if tc.wantErr == ErrNotJSON && !errors.Is(err, ErrNotJSON) ||
				tc.wantErr != nil && tc.wantErr != ErrNotJSON && !errors.As(err, &te) {
				t.Errorf("error %v is not %T", err, tc.wantErr)
			}
			if ex.Method == "" || int64(len(ex.ResponseBody)) > MaxResourceMetadata {
				t.Errorf("exchange %q with %d bytes kept", ex.Method, len(ex.ResponseBody))
			}
		})
	}
}

// A stalled metadata server: the fetch ends when the context is cancelled
// (esc in the TUI) and when the client's timeout runs out.
func TestFetchResourceMetadata_Stalls(t *testing.T) {
	stop := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-stop:
		case <-r.Context().Done():
		}
	}))
	defer ts.Close()
	defer close(stop)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	if _, _, _, err := FetchResourceMetadata(ctx, ts.Client(), ts.URL, ts.URL); err == nil {
		t.Error("a cancelled fetch succeeded")
	}
	hc := *ts.Client()
	hc.Timeout = 100 * time.Millisecond
	_, _, ex, err := FetchResourceMetadata(context.Background(), &hc, ts.URL, ts.URL)
	var to *TimeoutError
	if err == nil || !errors.As(err, &to) && !strings.Contains(err.Error(), "timed out") {
		t.Errorf("got %v (%s), want a timeout", err, ex.Err)
	}
}
