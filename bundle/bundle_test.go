package bundle

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

func TestProxies_HostsOnly(t *testing.T) {
	env := map[string]string{"HTTPS_PROXY": "http://user:pa55word@proxy.corp:3128", "no_proxy": "localhost,.corp",
		"http_proxy": "user:pw@bare.corp:80"}
	got := proxies(func(k string) string { return env[k] })
	text := ""
	for _, p := range got {
		text += p.Name + "=" + p.Host + ";"
	}
	if strings.Contains(text, "pa55word") || strings.Contains(text, "pw") || strings.Contains(text, "user") {
		t.Errorf("credentials shown: %s", text)
	}
	if !strings.Contains(text, "HTTPS_PROXY=proxy.corp:3128;") || !strings.Contains(text, "http_proxy=bare.corp:80;") {
		t.Errorf("got %s", text)
	}
}

func TestSkew_FromTheServersDate(t *testing.T) {
	start := time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC)
	ex := flows.Exchange{URL: "https://as.example/token", Started: start, Duration: 2 * time.Second,
		ResponseHeader: http.Header{"Date": {start.Add(5*time.Minute + time.Second).Format(http.TimeFormat)}}}
	if got := skew(hostPort{host: "as.example"}, []flows.Exchange{ex}); got != "5m0s" {
		t.Errorf("got %q, want 5m0s", got)
	}
}

func TestWriteRead_RoundTripAndMasking(t *testing.T) {
	red := flows.NewRedactor(flows.Secret{Name: "X", Value: "very-secret-value"})
	path := t.TempDir() + "/b.tar.gz"
	w, err := Write(path, []File{{Name: "a.txt", Data: []byte("x very-secret-value y")}}, red, time.Now())
	if err != nil || !w.Clean {
		t.Fatalf("write: %v, clean %v", err, w.Clean)
	}
	data := readFile(t, path)
	files, err := Read(data)
	if err != nil || !IsBundle(data) {
		t.Fatal(err)
	}
	if got := string(files["a.txt"]); got != "x "+flows.Mask+" y" {
		t.Errorf("got %q", got)
	}
	if _, err := Read([]byte("not gzip")); err == nil {
		t.Error("Read accepted text")
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCollect_TLSChainAndDNS: an https host that does not verify (a test
// certificate) still has its chain described, with the error; a host that
// does not resolve says so.
func TestCollect_TLSChainAndDNS(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	defer srv.Close()
	exs := []flows.Exchange{{URL: srv.URL + "/token"}, {URL: "https://oauthlens-test.invalid/token"}}
	e := Collect(context.Background(), exs, "test")
	if len(e.Hosts) != 2 {
		t.Fatalf("hosts %+v", e.Hosts)
	}
	h := e.Hosts[0]
	if len(h.TLS) == 0 || !strings.Contains(h.TLSError, "does not verify") || len(h.DNS) == 0 {
		t.Errorf("the test server's host: %+v", h)
	}
	if bad := e.Hosts[1]; bad.DNSError == "" || len(bad.DNS) != 0 {
		t.Errorf("a host that does not resolve: %+v", bad)
	}
	if txt := e.Text(); !strings.Contains(txt, "TLS[0]") || !strings.Contains(txt, "oauthlens-test.invalid:443") {
		t.Errorf("text:\n%s", txt)
	}
}
