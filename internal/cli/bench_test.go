package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"syscall"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// BenchmarkTokenRequest measures one client credentials request made with
// flows.RequestToken against the in-process demo server (keep-alive).
func BenchmarkTokenRequest(b *testing.B) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	hc := &http.Client{}
	req := flows.TokenRequest{
		TokenURL:     srv.Issuer() + "/token",
		ClientID:     demo.ClientID,
		ClientSecret: demo.ClientSecret,
	}
	for b.Loop() {
		if _, _, err := flows.RequestToken(context.Background(), hc, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTokenProcess measures the whole `oauthlens token --token-url`
// process against the demo server; compare with BenchmarkTokenCurl, the
// same request made by curl (budget: within 1.0x).
func BenchmarkTokenProcess(b *testing.B) {
	iss := benchDemo(b)
	env := append(os.Environ(), "DEMO_SECRET="+demo.ClientSecret)
	benchExec(
		b,
		env,
		binary,
		"token",
		"--token-url",
		iss+"/token",
		"--client-id",
		demo.ClientID,
		"--client-secret",
		"env:DEMO_SECRET",
	)
}

// BenchmarkTokenCurl is the reference for BenchmarkTokenProcess.
func BenchmarkTokenCurl(b *testing.B) {
	if _, err := exec.LookPath("curl"); err != nil {
		b.Skip("curl is not installed")
	}
	iss := benchDemo(b)
	benchExec(
		b,
		nil,
		"curl",
		"-sf",
		"-u",
		demo.ClientID+":"+demo.ClientSecret,
		"-d",
		"grant_type=client_credentials",
		iss+"/token",
	)
}

func benchDemo(b *testing.B) string {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close() })
	return srv.Issuer()
}

func benchExec(b *testing.B, env []string, name string, args ...string) {
	for b.Loop() {
		cmd := exec.Command(name, args...)
		cmd.Env = env
		if out, err := cmd.Output(); err != nil || len(out) == 0 {
			b.Fatalf("%s: %v", name, err)
		}
	}
}

// BenchmarkCall10MB runs `oauthlens call` against an API that answers a
// 10 MB JSON body and reports the process's peak resident memory (budget:
// under 60 MB).
func BenchmarkCall10MB(b *testing.B) {
	iss := benchDemo(b)
	body := bigJSON(10 << 20)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	defer api.Close()
	env := append(os.Environ(), "DEMO_SECRET="+demo.ClientSecret)
	var peak int64
	for b.Loop() {
		cmd := exec.Command(binary, "call", "--token-url", iss+"/token", "--client-id", demo.ClientID,
			"--client-secret", "env:DEMO_SECRET", api.URL)
		cmd.Env, cmd.Stdout = env, io.Discard
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
		peak = max(peak, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
	}
	b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
}

// bigJSON returns a JSON array of about n bytes.
func bigJSON(n int) []byte {
	var buf bytes.Buffer
	buf.WriteString("[")
	for i := 0; buf.Len() < n; i++ {
		if i > 0 {
			buf.WriteString(",")
		}
		fmt.Fprintf(&buf, `{"id":%d,"name":"item-%d","tags":["a","b","c"]}`, i, i)
	}
	buf.WriteString("]")
	return buf.Bytes()
}
