package flows

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// timedOut sends a token request with hc to url, which must time out, and
// diagnoses it.
func timedOut(t *testing.T, hc *http.Client, url string) Diagnosis {
	t.Helper()
	ex, err := Send(context.Background(), hc,
		Request{Label: "token", Method: http.MethodPost, URL: url, Timeout: 200 * time.Millisecond})
	if err == nil {
		t.Fatal("the request succeeded")
	}
	ds := Diagnose(err, Context{Step: StepToken, Exchanges: []Exchange{ex}})
	d, ok := findDiagnosis(ds, "network.timeout")
	if !ok {
		t.Fatalf("got %v, want network.timeout", codes(ds))
	}
	return d
}

// TestDiagnose_TimeoutConnectedNoAnswer: a server that accepts the
// connection and never answers is not explained by a firewall or a
// missing proxy, which would have kept the connection from being made.
func TestDiagnose_TimeoutConnectedNoAnswer(t *testing.T) {
	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer stall.Close()
	d := timedOut(t, stall.Client(), stall.URL+"/token")
	all := strings.Join(d.Causes, "\n")
	for _, ruledOut := range []string{"firewall", "proxy (HTTPS_PROXY)", "drops the packets"} {
		if strings.Contains(all, ruledOut) {
			t.Errorf("causes %q name %q, which a made connection rules out", d.Causes, ruledOut)
		}
	}
	want{code: "network.timeout", cause: "slow or stuck", action: "timeout=60s", evidence: "connected in"}.
		check(t, []Diagnosis{d})
	retry := hasFix(d, func(f Fix) bool { return f.Kind == FixRetry })
	if !strings.Contains(d.Summary, "connection was made") || !retry {
		t.Errorf("got %q, fixes %+v; want the connection said to be made and a retry", d.Summary, d.Fixes)
	}
	if !strings.Contains(strings.Join(d.Evidence, " "), "request was sent") {
		t.Errorf("evidence %q does not say the request was sent", d.Evidence)
	}
}

// TestDiagnose_TimeoutNoConnection: a dial that never completes (packets
// dropped) is explained by the firewall and the proxy.
func TestDiagnose_TimeoutNoConnection(t *testing.T) {
	blackhole := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}}}
	d := timedOut(t, blackhole, "http://192.0.2.1:8443/token")
	want{code: "network.timeout", cause: "firewall", fix: "HTTPS_PROXY", action: "timeout=60s",
		evidence: "no TCP connection"}.check(t, []Diagnosis{d})
	if !strings.Contains(d.Summary, "No connection") {
		t.Errorf("summary: got %q", d.Summary)
	}
}
