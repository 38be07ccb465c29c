package flows

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestDiagnose_DiscoveryFailures(t *testing.T) {
	cases := []struct {
		name string
		h    http.HandlerFunc
		want want
	}{
		{"404 on every well-known form", answer(404, "text/plain", "not found"),
			want{
				code:     "discovery.not_found",
				cause:    "publishes no metadata",
				fix:      "--token-url",
				evidence: "rfc8414-appended",
			}},
		{
			"HTML login page instead of JSON",
			answer(200, "text/html", "<html><head><title>Sign in</title></head></html>"),
			want{code: "discovery.html", cause: "login page", fix: "--token-url", evidence: "Sign in"},
		},
		{"invalid JSON", answer(200, jsonCT, `{"issuer": `),
			want{code: "discovery.invalid_json", cause: "broken or truncated", fix: "jq"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ts := httptest.NewServer(c.h)
			defer ts.Close()
			_, exs, err := Discover(context.Background(), ts.Client(), ts.URL+"/tenant", StyleAuto)
			if err == nil {
				t.Fatal("discovery succeeded")
			}
			ds := Diagnose(err, Context{Step: StepDiscovery, Exchanges: exs})
			c.want.check(t, ds)
		})
	}
}

func TestDiagnose_DiscoveryNotFoundNamesEveryFormTried(t *testing.T) {
	ts := httptest.NewServer(answer(404, "", ""))
	defer ts.Close()
	_, _, err := Discover(context.Background(), ts.Client(), ts.URL+"/oauth2/x", StyleAuto)
	d, _ := findDiagnosis(Diagnose(err, Context{}), "discovery.not_found")
	for _, form := range []string{"openid-configuration", "path insertion", "appended"} {
		if !strings.Contains(d.Summary, form) {
			t.Errorf("summary %q does not name the %s form", d.Summary, form)
		}
	}
	if len(d.Evidence) != 3 {
		t.Errorf("got %d evidence lines, want one per URL tried: %q", len(d.Evidence), d.Evidence)
	}
}

func TestDiagnose_DiscoveryNotFoundWithOneStyleSaysWhatWasNotTried(t *testing.T) {
	ts := httptest.NewServer(answer(404, "", ""))
	defer ts.Close()
	for style, untried := range map[string]string{StyleOIDC: "RFC 8414 path insertion", StyleRFC8414: "OpenID Connect"} {
		_, _, err := Discover(context.Background(), ts.Client(), ts.URL+"/x", style)
		want{
			code:   "discovery.not_found",
			fix:    "not tried: " + untried,
			action: "discovery=auto",
		}.check(
			t,
			Diagnose(err, Context{}),
		)
	}
	_, _, err := Discover(context.Background(), ts.Client(), ts.URL+"/.well-known/openid-configuration", StyleAuto)
	want{code: "discovery.not_found", fix: "not a .well-known URL"}.check(t, Diagnose(err, Context{}))
}

func TestDiagnose_DiscoveryProblems(t *testing.T) {
	cases := []struct {
		name string
		doc  func(url string) string
		want want
	}{
		{"issuer mismatch", func(u string) string {
			return `{"issuer":"https://idp.internal:8443","token_endpoint":"` + u + `/token"}`
		}, want{code: "discovery.issuer_mismatch", cause: "proxy", fix: "exactly what an attacker"}},
		{"missing token_endpoint", func(u string) string { return `{"issuer":"` + u + `"}` },
			want{code: "discovery.no_token_endpoint", cause: "login service", fix: "--token-url"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ts *httptest.Server
			ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				answer(200, jsonCT, c.doc(ts.URL))(w, r)
			}))
			defer ts.Close()
			d, exs, err := Discover(context.Background(), ts.Client(), ts.URL, StyleAuto)
			if err != nil {
				t.Fatal(err)
			}
			ds := Diagnose(nil, Context{Step: StepDiscovery, Discovery: &d, Exchanges: exs})
			c.want.check(t, ds)
			for _, f := range ds[0].Fixes {
				if f.Kind == FixIssuer {
					t.Errorf("a one-key fix adopts the document's issuer: %+v", f)
				}
			}
		})
	}
}
