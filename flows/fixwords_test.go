package flows

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// noFlag fails when a text of d names a command-line flag ("--…") for a
// fix that a front-end applies: the CLI adds the flag (walk.FlagHint) and
// the TUI its fix key, so the text must be in no front-end's words.
func noFlag(t *testing.T, d Diagnosis) {
	t.Helper()
	applicable := false
	for _, f := range d.Fixes {
		if f.Kind != FixNone && strings.Contains(f.Text, "--") {
			t.Errorf("%s: fix %q (%s) names a flag", d.Code, f.Text, f.Action())
		}
		applicable = applicable || f.Kind != FixNone
	}
	if applicable && strings.Contains(d.Summary, " --") {
		t.Errorf("%s: summary %q names a flag", d.Code, d.Summary)
	}
}

// TestFixWords_NoFlags: the probes' conclusions, the wrong audience and
// the timeout say what to change, not which flag changes it.
func TestFixWords_NoFlags(t *testing.T) {
	req := TokenRequest{AuthMethod: AuthBasic}
	scopeErr := &OAuthError{Code: "invalid_scope", StatusCode: 400, Description: "scope x"}
	changes := []Fix{{Kind: FixAuth, Value: string(AuthPost)}, {Kind: FixBasicEnc, Value: string(BasicRaw)},
		{Kind: FixScope, Value: "api:read api:write"}}
	for _, ch := range changes {
		accepted := ConcludeProbes(req, []ProbeOutcome{{What: "x", Change: ch}})
		authenticated := ConcludeProbes(req, []ProbeOutcome{{What: "x", Change: ch, Err: scopeErr}})
		for _, d := range []Diagnosis{accepted, authenticated} {
			if d.Code != CodeProbeAccepted && d.Code != CodeProbeAuthenticated {
				t.Fatalf("%s: got %s", ch.Action(), d.Code)
			}
			noFlag(t, d)
			if d.Fixes[0].Action() != ch.Action() {
				t.Errorf("%s: fix %+v", ch.Action(), d.Fixes[0])
			}
		}
	}
	aud := &OAuthError{Step: callStep, StatusCode: 401, Code: "invalid_token",
		Description: "the access token is for audience 'https://other.example', not this API " +
			"('https://api.example/v1')"}
	ds := Diagnose(aud, Context{Step: StepCall})
	want{code: "call.wrong_audience", action: "audience=https://api.example/v1"}.check(t, ds)
	for _, d := range ds {
		noFlag(t, d)
	}
	to := &TimeoutError{After: time.Second, Err: errors.New("deadline")}
	for _, d := range Diagnose(to, Context{Step: StepToken}) {
		noFlag(t, d)
	}
}

// TestFixWords_NoProbeAdviceAfterProbes: once the probes ran (doctor, the
// TUI, token --probe), "run again with --probe" is not offered any more.
func TestFixWords_NoProbeAdviceAfterProbes(t *testing.T) {
	req := TokenRequest{AuthMethod: AuthBasic, ClientID: "c", ClientSecret: "s"}
	ds := tokenFailure(t, answer(401, jsonCT, `{"error":"invalid_client"}`), req, nil)
	if !hasFix(ds[0], func(f Fix) bool { return strings.Contains(f.Text, "--probe") }) {
		t.Fatalf("without probes: fixes %+v, want the advice to probe", ds[0].Fixes)
	}
	refused := &OAuthError{Code: "invalid_client", StatusCode: 401}
	post := Fix{Kind: FixAuth, Value: string(AuthPost)}
	for _, outs := range [][]ProbeOutcome{nil, {{What: "client_secret_post", Change: post, Err: refused}}} {
		for _, d := range ExplainProbes(req, outs, ds) {
			if hasFix(d, func(f Fix) bool { return strings.Contains(f.Text, "--probe") }) {
				t.Errorf("after %d probe(s): %s still says to probe: %+v", len(outs), d.Code, d.Fixes)
			}
		}
	}
}
