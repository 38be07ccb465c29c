package main

import (
	"context"
	"net/http"
	"os"
	"os/exec"
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
	req := flows.TokenRequest{TokenURL: srv.Issuer() + "/token", ClientID: demo.ClientID, ClientSecret: demo.ClientSecret}
	for b.Loop() {
		if _, _, err := flows.RequestToken(context.Background(), hc, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTokenProcess measures the whole `oauthlens token --token-url`
// process against the demo server; compare with BenchmarkTokenCurl, the
// same request made by curl (budget: within 1.5x).
func BenchmarkTokenProcess(b *testing.B) {
	iss := benchDemo(b)
	env := append(os.Environ(), "DEMO_SECRET="+demo.ClientSecret)
	benchExec(b, env, binary, "token", "--token-url", iss+"/token", "--client-id", demo.ClientID, "--client-secret", "env:DEMO_SECRET")
}

// BenchmarkTokenCurl is the reference for BenchmarkTokenProcess.
func BenchmarkTokenCurl(b *testing.B) {
	if _, err := exec.LookPath("curl"); err != nil {
		b.Skip("curl is not installed")
	}
	iss := benchDemo(b)
	benchExec(b, nil, "curl", "-sf", "-u", demo.ClientID+":"+demo.ClientSecret, "-d", "grant_type=client_credentials", iss+"/token")
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
