package cli

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// givenFlag is a string flag that knows whether it was given, so that an
// empty value (--scope "") can override a profile's.
type givenFlag struct {
	v   string
	set bool
}

func (g *givenFlag) String() string     { return g.v }
func (g *givenFlag) Set(v string) error { g.v, g.set = v, true; return nil }

// Type implements pflag.Value.
func (g *givenFlag) Type() string { return "string" }

// probeHint is said after a refusal that probes could explain, when no
// diagnosis said it already.
const probeHint = "  Hint: run again with --probe to let oauthlens ask the server which part is wrong " +
	"(" + flows.ProbeNote + ")"

// explainToken explains a failed token request. A refusal of the client
// (walk.ShouldProbe) is followed, with --probe, by the probes, whose
// conclusion comes first; without it, by the hint to use --probe.
func (env *cliEnv) explainToken(ctx context.Context, hc *http.Client, c commonFlags, s *tokenSetup, probe bool,
	err error, fc flows.Context) int {
	if _, ok := interruption(err); ok {
		return env.fail(err) // no diagnosis, no probe, no resource look-up
	}
	fc.Vendor = s.Vendor
	env.withResource(ctx, hc, c, s.Plan, err, &fc) // resource.go
	if !walk.ShouldProbe(err) {
		return env.explain(err, fc)
	}
	if !probe {
		code := env.fail(err)
		ds := flows.Diagnose(err, fc)
		printDiagnoses(env.stderr, ds, "  ")
		if code == exitFailed && !mentionsProbe(ds) {
			fmt.Fprintln(env.stderr, probeHint)
		}
		return code
	}
	var md *flows.Metadata
	if fc.Discovery != nil {
		md = &fc.Discovery.Metadata
	}
	p := walk.Probe(ctx, hc, s.Plan, md)
	env.report(c, false, p.Exchanges())
	code := env.fail(err)
	printDiagnoses(env.stderr, p.Explain(flows.Diagnose(err, fc)), "  ")
	return code
}

// mentionsProbe reports whether a diagnosis already suggests --probe.
func mentionsProbe(ds []flows.Diagnosis) bool {
	for _, d := range ds {
		for _, f := range d.Fixes {
			if strings.Contains(f.Text, "--probe") {
				return true
			}
		}
	}
	return false
}

// probeHook is doctor's CheckupRequest.Probe: the walk's probes.
func (s *tokenSetup) probeHook(hc *http.Client) func(context.Context, *flows.Metadata, flows.TokenRequest,
	[]flows.Diagnosis) ([]flows.Exchange, []flows.Diagnosis) {
	return func(ctx context.Context, md *flows.Metadata, tr flows.TokenRequest, ds []flows.Diagnosis) ([]flows.Exchange,
		[]flows.Diagnosis) {
		pl := s.Plan
		pl.Token = tr
		p := walk.Probe(ctx, hc, pl, md)
		return p.Exchanges(), p.Explain(ds)
	}
}
