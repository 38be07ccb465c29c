package flows

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// closedPort returns a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// trustingClient trusts ts's certificate and dials it whatever the host.
func trustingClient(ts *httptest.Server) *http.Client {
	pool := x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	dialer := &net.Dialer{}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, ts.Listener.Addr().String())
		}}
	return &http.Client{Transport: tr}
}

func TestDiagnose_Network(t *testing.T) {
	tlsSrv := httptest.NewUnstartedServer(answer(200, jsonCT, `{}`))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake errors are the point
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	cases := []struct {
		name    string
		url     string
		hc      *http.Client
		timeout time.Duration
		want    want
	}{
		{"DNS failure", "http://no-such-host.invalid/token", http.DefaultClient, 0,
			want{
				code:     "network.dns",
				cause:    "misspelled",
				fix:      "nslookup no-such-host.invalid",
				evidence: "no-such-host.invalid",
			}},
		{"connection refused", "http://" + closedPort(t) + "/token", http.DefaultClient, 0,
			want{
				code:     "network.connection_refused",
				cause:    "not running",
				fix:      "oauthlens demo --serve",
				evidence: "ECONNREFUSED",
			}},
		{"timeout", slow.URL + "/token", slow.Client(), 200 * time.Millisecond,
			want{code: "network.timeout", cause: "slow or stuck", fix: "more time", action: "timeout=60s"}},
		{"TLS unknown authority", tlsSrv.URL + "/token", &http.Client{}, 0,
			want{code: "network.tls_unknown_authority", cause: "corporate proxy", fix: "SSL_CERT_FILE"}},
		{"TLS name mismatch", "https://api.wrong-name.test/token", trustingClient(tlsSrv), 0,
			want{
				code:     "network.tls_name_mismatch",
				cause:    "different name",
				fix:      "example.com",
				evidence: "api.wrong-name.test",
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ex, err := Send(
				context.Background(),
				c.hc,
				Request{Label: "token", Method: http.MethodPost, URL: c.url, Timeout: c.timeout},
			)
			if err == nil {
				t.Fatalf("the request succeeded")
			}
			c.want.check(t, Diagnose(err, Context{Step: StepToken, Exchanges: []Exchange{ex}}))
		})
	}
}

func TestDiagnose_NetworkDuringDiscovery(t *testing.T) {
	_, exs, err := Discover(context.Background(), http.DefaultClient, "http://"+closedPort(t), StyleAuto)
	ds := Diagnose(err, Context{Step: StepDiscovery, Exchanges: exs})
	want{code: "network.connection_refused", cause: "port"}.check(t, ds)
}
