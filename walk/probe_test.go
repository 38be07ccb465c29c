package walk_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// demoServer starts a demo server with the faults on.
func demoServer(t *testing.T, faults ...string) (*demo.Server, string) {
	t.Helper()
	s := demo.New(demo.Config{Faults: faults})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts.URL
}

// refusedPlan acquires a token for the plan, expects a refusal that probes
// can explain, and returns the plan (token URL filled) and the metadata.
func refusedPlan(t *testing.T, pl walk.Plan) (walk.Plan, *flows.Metadata) {
	t.Helper()
	res, err := walk.Acquire(context.Background(), http.DefaultClient, &pl, walk.Guards{})
	if !walk.ShouldProbe(err) {
		t.Fatalf("token request: got %v, want a refusal of the client", err)
	}
	var md *flows.Metadata
	if res.Discovery != nil {
		md = &res.Discovery.Metadata
	}
	return pl, md
}

func demoPlan(iss string) walk.Plan {
	return walk.Plan{Issuer: iss, Token: flows.TokenRequest{ClientID: demo.ClientID, ClientSecret: demo.ClientSecret,
		AuthMethod: flows.AuthBasic}}
}

func TestProbe_Conclusions(t *testing.T) {
	cases := []struct {
		name, fault string
		change      func(*walk.Plan)
		code        flows.Code
		summary     string
		action      string
		labels      []string
	}{
		{"wrong secret: both methods refused", "wrong-secret", nil, flows.CodeProbeCredentialsWrong,
			"Both methods refused → the client id or secret is wrong, or the client is disabled", "",
			[]string{"probe: client_secret_post", "probe: scope api:read api:write"}},
		{"post accepted", "post-only", nil, flows.CodeProbeAccepted,
			"client_secret_post accepted → use client_secret_post",
			"auth=client_secret_post", []string{"probe: client_secret_post"}},
		{"raw Basic accepted, post not tried on a Basic-only server", "basic-raw-only", func(p *walk.Plan) {
			p.Token.ClientID, p.Token.ClientSecret = demo.RawClientID, demo.RawClientSecret
		}, flows.CodeProbeAccepted, "send the raw id:secret in Basic", "basic_encoding=raw",
			[]string{"probe: client_secret_basic, raw encoding"}},
		{
			"a scope is wanted",
			"bare-403-without-scope",
			nil,
			flows.CodeProbeAccepted,
			`ask for scope "api:read api:write"`,
			"scope=api:read api:write",
			[]string{"probe: client_secret_post", "probe: scope api:read api:write"},
		},
		{"unknown client: nothing else worth trying", "basic-only", func(p *walk.Plan) { p.Token.ClientID = "nobody" },
			flows.CodeProbeNone, "the client id or secret is wrong", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, iss := demoServer(t, c.fault)
			pl := demoPlan(iss)
			if c.fault == "bare-403-without-scope" || c.fault == "basic-only" {
				pl.Token.Scopes = nil
			}
			if c.change != nil {
				c.change(&pl)
			}
			if c.fault == "basic-only" {
				pl.Token.Scopes = []string{"api:read"} // scopes asked: no scope probe
			}
			pl, md := refusedPlan(t, pl)
			p := walk.Probe(context.Background(), http.DefaultClient, pl, md)
			if p.Conclusion.Code != c.code || !strings.Contains(p.Conclusion.Summary, c.summary) {
				t.Fatalf("conclusion %s %q, want %s %q", p.Conclusion.Code, p.Conclusion.Summary, c.code, c.summary)
			}
			if c.action != "" && (len(p.Conclusion.Fixes) == 0 || p.Conclusion.Fixes[0].Action() != c.action) {
				t.Errorf("fixes %+v, want %s first", p.Conclusion.Fixes, c.action)
			}
			var labels []string
			for _, ex := range p.Exchanges() {
				labels = append(labels, ex.Label)
				if ex.URL != pl.Token.TokenURL {
					t.Errorf("a probe went to %s, not the token endpoint %s", ex.URL, pl.Token.TokenURL)
				}
			}
			if strings.Join(labels, "|") != strings.Join(c.labels, "|") {
				t.Errorf("probes %q, want %q", labels, c.labels)
			}
			if !strings.Contains(strings.Join(p.Conclusion.Evidence, " "), "lock a client out") {
				t.Errorf("the evidence does not say why probes are few: %q", p.Conclusion.Evidence)
			}
		})
	}
}

// TestProbeSpecs_AtMostThree: with everything worth probing, three probes,
// each changing one setting, all to the same token endpoint.
func TestProbeSpecs_AtMostThree(t *testing.T) {
	pl := walk.Plan{Token: flows.TokenRequest{TokenURL: "https://as.example/token", ClientID: "c",
		ClientSecret: "a+b/c=", AuthMethod: flows.AuthBasic}}
	specs := pl.ProbeSpecs(&flows.Metadata{ScopesSupported: []string{"openid", "read"}})
	if len(specs) != walk.MaxProbes {
		t.Fatalf("got %d probes, want %d: %+v", len(specs), walk.MaxProbes, specs)
	}
	want := []string{"auth=client_secret_post", "basic_encoding=raw", "scope=read"}
	for i, s := range specs {
		if s.Change.Action() != want[i] || s.Request.TokenURL != pl.Token.TokenURL ||
			!strings.HasPrefix(s.Label, "probe: ") {
			t.Errorf("probe %d: %+v, want %s", i, s, want[i])
		}
	}
	plain := walk.Plan{Token: flows.TokenRequest{ClientID: "c", ClientSecret: "plain", AuthMethod: flows.AuthBasic,
		Scopes: []string{"read"}}}
	if specs := plain.ProbeSpecs(&flows.Metadata{TokenEndpointAuthMethodsSupported: []string{"client_secret_basic"}}); len(
		specs,
	) != 0 {
		t.Errorf("a Basic-only server, a plain secret and scopes asked: got probes %+v", specs)
	}
}

// TestProbe_AfterAFailedFix: after switching to post (the fix) was refused
// too, the probes do not send basic again, and the conclusion counts the
// earlier refusal: both methods refused (issue 12: the probes' conclusion
// instead of another fix after a failed fix).
func TestProbe_AfterAFailedFix(t *testing.T) {
	_, iss := demoServer(t, "wrong-secret")
	pl := demoPlan(iss)
	pl.Token.Scopes = []string{"api:read"}
	pl, md := refusedPlan(t, pl)
	if _, err := pl.ApplyFix(flows.Fix{Kind: flows.FixAuth, Value: string(flows.AuthPost)}, walk.StepToken); err != nil {
		t.Fatal(err)
	}
	pl, md = refusedPlan(t, pl)
	p := walk.Probe(context.Background(), http.DefaultClient, pl, md)
	if n := len(p.Exchanges()); n != 0 {
		t.Errorf("%d probes sent; basic was refused already", n)
	}
	if p.Conclusion.Code != flows.CodeProbeCredentialsWrong ||
		!strings.Contains(p.Conclusion.Summary, "Both methods refused") {
		t.Errorf("conclusion %s %q", p.Conclusion.Code, p.Conclusion.Summary)
	}
	if _, ok := pl.Offer(p.Explain(nil)); ok {
		t.Errorf("a fix is still offered after the conclusion")
	}
}
