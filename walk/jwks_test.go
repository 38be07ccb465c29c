package walk

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// rotatingJWKS serves a JWK Set with the kid in *kid and counts requests;
// fail makes it answer 500.
func rotatingJWKS(t *testing.T, kid *atomic.Value, n *atomic.Int32, fail *atomic.Bool) *httptest.Server {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		if fail.Load() {
			http.Error(w, "down", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"keys":[{"kty":"RSA","kid":%q,"n":"AQAB","e":"AQAB"}]}`, kid.Load())
	}))
	t.Cleanup(ts.Close)
	return ts
}

func TestJWKSCache_OnceThenRotation(t *testing.T) {
	var kid atomic.Value
	kid.Store("k1")
	var n atomic.Int32
	var fail atomic.Bool
	ts := rotatingJWKS(t, &kid, &n, &fail)
	c := NewJWKSCache()
	ctx := t.Context()
	get := func(k string) (string, bool) {
		t.Helper()
		body, ex, err := c.Keys(ctx, ts.Client(), ts.URL, k)
		if err != nil {
			t.Fatalf("kid %s: %v", k, err)
		}
		return string(body), ex != nil
	}
	if _, sent := get("k1"); !sent || n.Load() != 1 {
		t.Fatalf("first use: sent %v, %d requests", sent, n.Load())
	}
	for _, k := range []string{"k1", ""} {
		if _, sent := get(k); sent || n.Load() != 1 {
			t.Errorf("kid %q again: sent %v, %d requests, want the cached set", k, sent, n.Load())
		}
	}
	kid.Store("k2") // the server rotates its key
	if body, sent := get("k2"); !sent || n.Load() != 2 || !flows.JWKSHasKID([]byte(body), "k2") {
		t.Errorf("rotated kid: sent %v, %d requests, set %s", sent, n.Load(), body)
	}
	if _, sent := get("k3"); !sent || n.Load() != 3 {
		t.Errorf("unknown kid: got %d requests, want one more fetch", n.Load())
	}
	if _, sent := get("k3"); sent || n.Load() != 3 {
		t.Errorf("unknown kid again: got %d requests, want no more (once per kid)", n.Load())
	}
	c.Forget(ts.URL)
	fail.Store(true)
	if _, ex, err := c.Keys(ctx, ts.Client(), ts.URL, "k2"); err == nil || ex == nil {
		t.Errorf("a failed fetch: err %v, exchange %v", err, ex)
	}
	fail.Store(false)
	if _, sent := get("k2"); !sent || n.Load() != 5 {
		t.Errorf("after a failure: sent %v, %d requests (a failure is not cached)", sent, n.Load())
	}
	var none *JWKSCache
	for i := 0; i < 2; i++ {
		if _, ex, err := none.Keys(ctx, ts.Client(), ts.URL, "k2"); err != nil || ex == nil {
			t.Errorf("nil cache: %v %v", ex, err)
		}
	}
	if n.Load() != 7 {
		t.Errorf("nil cache: got %d requests, want a fetch each time", n.Load())
	}
}

// A refetch for an unknown kid that failed is tried again next time (it was
// marked as done before the fetch, and never retried); and a JWKS that
// stalls does not hold the cache: another JWKS is served meanwhile, and the
// stalled caller's ctx ends its own wait.
func TestJWKSCache_FailedRefetchRetriedAndNoLockWhileFetching(t *testing.T) {
	var kid atomic.Value
	kid.Store("k1")
	var n atomic.Int32
	var fail atomic.Bool
	ts := rotatingJWKS(t, &kid, &n, &fail)
	c := NewJWKSCache()
	ctx := t.Context()
	if _, _, err := c.Keys(ctx, ts.Client(), ts.URL, "k1"); err != nil {
		t.Fatal(err)
	}
	fail.Store(true)
	if _, _, err := c.Keys(ctx, ts.Client(), ts.URL, "k9"); err == nil {
		t.Fatal("the refetch for k9 should have failed")
	}
	fail.Store(false)
	kid.Store("k9")
	if body, ex, err := c.Keys(ctx, ts.Client(), ts.URL, "k9"); err != nil || ex == nil ||
		!flows.JWKSHasKID(body, "k9") {
		t.Errorf("after a failed refetch, k9: sent %v, err %v (want it fetched again)", ex != nil, err)
	}

	stall, arrived := make(chan struct{}), make(chan struct{}, 1)
	stalled := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-stall:
		case <-r.Context().Done():
		}
	}))
	defer stalled.Close()
	defer close(stall)
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		_, _, err := c.Keys(sctx, stalled.Client(), stalled.URL, "k1")
		done <- err
	}()
	<-arrived // the stalled fetch is in flight
	// The other JWKS is served meanwhile (before, the cache's lock was held
	// across the fetch, and this waited until the stalled one ended).
	if _, _, err := c.Keys(ctx, ts.Client(), ts.URL, "k9"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
		t.Fatal("the stalled fetch ended on its own")
	default:
	}
	cancel()
	if err := <-done; err == nil {
		t.Error("the stalled fetch was not ended by its ctx")
	}
}
