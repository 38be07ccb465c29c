package walk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// mixupServer publishes metadata that names another issuer than its own
// URL and counts the token requests it receives.
func mixupServer(t *testing.T, issuer func(self string) string) (*httptest.Server, *atomic.Int32) {
	var tokenCalls atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/openid-configuration"):
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"issuer":%q,"token_endpoint":%q}`, issuer(srv.URL), srv.URL+"/token")
		case r.URL.Path == "/token":
			tokenCalls.Add(1)
			io.ReadAll(r.Body)
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"at-0123456789","token_type":"Bearer","expires_in":60}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &tokenCalls
}

func TestAcquire_IssuerMismatchSendsNoCredentials(t *testing.T) {
	srv, calls := mixupServer(t, func(string) string { return "https://evil.example" })
	pl := Plan{Issuer: srv.URL}
	pl.Token.ClientID, pl.Token.ClientSecret = "cid", "secret-never-sent"
	res, err := Acquire(context.Background(), srv.Client(), &pl, Guards{})
	var me *IssuerMismatchError
	if !errors.As(err, &me) {
		t.Fatalf("got %v, want an IssuerMismatchError", err)
	}
	if calls.Load() != 0 {
		t.Errorf("the token endpoint got %d requests; want none", calls.Load())
	}
	if res.Discovery == nil || len(res.Exchanges) != 1 {
		t.Errorf("the discovery and its exchange are kept for display: %+v", res)
	}
	if !strings.Contains(err.Error(), "no credentials were sent") || !strings.Contains(err.Error(), "evil.example") {
		t.Errorf("the message should say what happened: %v", err)
	}
}

func TestAcquire_AllowIssuerMismatchWarnsFirst(t *testing.T) {
	srv, calls := mixupServer(t, func(string) string { return "https://evil.example" })
	pl := Plan{Issuer: srv.URL}
	pl.Token.ClientID, pl.Token.ClientSecret = "cid", "s"
	var warned []WarningCode
	g := Guards{AllowIssuerMismatch: true, OnWarning: func(w Warning) {
		if calls.Load() != 0 {
			t.Errorf("warning %s came after the request was sent", w.Code)
		}
		warned = append(warned, w.Code)
	}}
	if _, err := Acquire(context.Background(), srv.Client(), &pl, g); err != nil {
		t.Fatal(err)
	}
	// The endpoint is on the test server's host, not on evil.example.
	if len(warned) != 2 || warned[0] != WarnIssuerMismatchAllowed || warned[1] != WarnOtherHost {
		t.Errorf("warnings: got %v", warned)
	}
}

func TestAcquire_MatchingIssuerNoWarning(t *testing.T) {
	srv, calls := mixupServer(t, func(self string) string { return self })
	pl := Plan{Issuer: srv.URL}
	pl.Token.ClientID, pl.Token.ClientSecret = "cid", "s"
	res, err := Acquire(context.Background(), srv.Client(), &pl, Guards{})
	if err != nil || calls.Load() != 1 || len(res.Warnings) != 0 {
		t.Fatalf("err %v, calls %d, warnings %v", err, calls.Load(), res.Warnings)
	}
	if pl.Token.TokenURL != srv.URL+"/token" {
		t.Errorf("token URL not taken from discovery: %q", pl.Token.TokenURL)
	}
}

func TestDestination(t *testing.T) {
	cases := []struct {
		endpoint, issuer string
		want             []WarningCode
	}{
		{"https://as.example/token", "https://as.example", nil},
		{"https://as.example:443/token", "https://as.example/", nil},
		{"https://as.example:8443/token", "https://as.example", []WarningCode{WarnOtherHost}},
		{"https://other.example/token", "https://as.example", []WarningCode{WarnOtherHost}},
		{"http://as.example/token", "", []WarningCode{WarnPlainHTTP}},
		{"http://127.0.0.1:9400/token", "http://127.0.0.1:9400", nil},
		{"http://localhost/token", "", nil},
	}
	for _, c := range cases {
		var got []WarningCode
		for _, w := range Destination("token endpoint", c.endpoint, c.issuer) {
			got = append(got, w.Code)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s for %s: got %v, want %v", c.endpoint, c.issuer, got, c.want)
		}
	}
}
