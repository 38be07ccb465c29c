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

// stallingServer answers nothing until the client gives up; with
// headersFirst it sends a 200 and its headers, then stalls the body.
func stallingServer(t *testing.T, headersFirst bool) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if headersFirst {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(`{"issuer":`))
			w.(http.Flusher).Flush()
		}
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestDiscover_OneBudget checks that the time limit bounds the whole
// discovery: against a server that stalls, three well-known URLs take
// about one limit, not three. The bound asserted is loose (twice the
// limit) so that a loaded machine does not fail it.
func TestDiscover_OneBudget(t *testing.T) {
	const limit = 400 * time.Millisecond
	for _, tt := range []struct {
		name         string
		headersFirst bool
		viaClient    bool // the limit is http.Client.Timeout (the CLI's --timeout), else a ctx deadline
	}{
		{"no answer, client timeout", false, true},
		{"stalled body, client timeout", true, true},
		{"stalled body, context deadline", true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := stallingServer(t, tt.headersFirst)
			hc := srv.Client()
			ctx := context.Background()
			if tt.viaClient {
				hc.Timeout = limit
			} else {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, limit)
				defer cancel()
			}
			start := time.Now()
			_, exs, err := Discover(ctx, hc, srv.URL+"/tenant", StyleAuto)
			if took := time.Since(start); took >= 2*limit {
				t.Errorf("discovery took %s with a limit of %s, want about one limit", took, limit)
			}
			var de *DiscoveryError
			if !errors.As(err, &de) || !de.TimedOut() || len(exs) != 1 {
				t.Fatalf("got %v after %d exchange(s), want a timed-out DiscoveryError after 1", err, len(exs))
			}
			msg := err.Error()
			if !strings.Contains(msg, "the time limit of") || !strings.Contains(msg, "spent)") {
				t.Errorf("got %q, want the time spent on each URL", msg)
			}
			if tt.headersFirst && (len(de.NotTried) != 2 || !strings.Contains(msg, "not tried, no time left: ")) {
				t.Errorf("got %q, not tried %v, want the two other URLs not tried", msg, de.NotTried)
			}
		})
	}
}
