package interop

import (
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// testWrongSecretProbes: a wrong secret, as the TUI meets it (walk.Probe
// after a refusal, then the conclusion before the diagnoses): the first
// thing said is that the secret or client id is wrong, and the probes,
// to the same token endpoint, show why.
func testWrongSecretProbes(t *testing.T, s *server) {
	for _, cl := range []client{ccBasic, ccPost, ccSpecial} {
		t.Run(cl.id, func(t *testing.T) {
			r := s.tokenRequest(cl)
			r.ClientSecret = "not-the-secret+/="
			_, ex, err := flows.RequestToken(t.Context(), s.hc, r)
			if !walk.ShouldProbe(err) {
				t.Fatalf("got %v, want a refusal to probe", err)
			}
			pl := walk.Plan{Issuer: s.issuer, Token: r}
			p := walk.Probe(t.Context(), s.hc, pl, &s.md)
			ds := p.Explain(flows.Diagnose(err, flows.Context{Step: flows.StepToken, Request: &r, Metadata: &s.md,
				Exchanges: []flows.Exchange{ex}}))
			if ds[0].Code != flows.CodeProbeCredentialsWrong ||
				!strings.Contains(ds[0].Summary, "the client id or secret is wrong") {
				t.Fatalf("first diagnosis %s %q, want the credentials", ds[0].Code, ds[0].Summary)
			}
			if len(p.Outcomes) == 0 || len(p.Outcomes) > walk.MaxProbes {
				t.Fatalf("%d probes", len(p.Outcomes))
			}
			for _, o := range p.Outcomes {
				if o.Exchange.URL != s.md.TokenEndpoint || !strings.HasPrefix(o.Exchange.Label, "probe: ") ||
					o.Exchange.Status != 401 {
					t.Errorf(
						"probe %s: %s %d, want a refused request to %s",
						o.Label,
						o.Exchange.URL,
						o.Exchange.Status,
						s.md.TokenEndpoint,
					)
				}
			}
			if !strings.Contains(strings.Join(ds[0].Evidence, " "), "→ HTTP 401") {
				t.Errorf("the evidence does not show the probes: %q", ds[0].Evidence)
			}
		})
	}
}

// testCLIWrongSecretDoctor: doctor with a wrong secret says first that the
// secret or client id is wrong and shows the probes (-v prints them).
func testCLIWrongSecretDoctor(t *testing.T, c *cli) {
	wrong := ccBasic
	wrong.secret = "wrong-secret-doctor"
	flags, env := c.clientFlags(wrong)
	r := c.run(t, env, append(append([]string{"doctor"}, flags...), "-v")...)
	if r.code != 1 {
		t.Fatalf("doctor: exit %d, want 1\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	lines := strings.Split(r.stdout, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "✗ token") {
			if i+1 >= len(lines) || !strings.Contains(lines[i+1], "the client id or secret is wrong") {
				t.Errorf("the line after %q is not the credentials:\n%s", l, r.stdout)
			}
		}
	}
	if !strings.Contains(r.stdout, "probe: client_secret_post → HTTP 401") ||
		!strings.Contains(r.stderr, "probe: client_secret_post") {
		t.Errorf("the probes are not shown:\nstdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
	r.noSecret(t, wrong.id, wrong.secret)
}
