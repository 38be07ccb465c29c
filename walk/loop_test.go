package walk_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// checkup runs the walk as doctor and the TUI do (discovery, token with
// probes on a refusal, signature, call) and returns the diagnoses of the
// first failed step, nil when every step passed.
func checkup(t *testing.T, hc *http.Client, pl walk.Plan) []flows.Diagnosis {
	t.Helper()
	r := flows.CheckupRequest{Issuer: pl.Issuer, Discovery: pl.Discovery, Token: pl.Token,
		Call: &flows.CallRequest{Method: pl.API.Method, URL: pl.API.URL, Header: http.Header{}}}
	r.Probe = func(ctx context.Context, md *flows.Metadata, tr flows.TokenRequest, ds []flows.Diagnosis) ([]flows.Exchange,
		[]flows.Diagnosis) {
		p := pl
		p.Token = tr
		pr := walk.Probe(ctx, hc, p, md)
		return pr.Exchanges(), pr.Explain(ds)
	}
	for _, h := range pl.API.Headers {
		r.Call.Header.Set(h.Name, h.Value)
	}
	for _, c := range flows.Checkup(context.Background(), hc, r) {
		if c.Status == flows.CheckFail {
			return c.Diagnoses
		}
	}
	return nil
}

// state is what a press of ! can change, with the fix it would offer next.
func state(pl walk.Plan, offer flows.Fix) string {
	return fmt.Sprintf("%s|%s|%q|%s|%s|%s|%s → %s", pl.Token.AuthMethod, pl.Token.BasicEncoding, pl.Token.Scopes,
		pl.Token.Audience, pl.Token.TokenURL, pl.Issuer, pl.Discovery, offer.Action())
}

// loopScenarios are the scenarios besides the bare faults: a plan that
// starts wrong in one setting.
var loopScenarios = []struct {
	name, fault string
	change      func(p *walk.Plan, iss string)
}{
	{"basic on a post-only server", "post-only", nil},
	{"post on a basic-only server", "basic-only", func(p *walk.Plan, _ string) { p.Token.AuthMethod = flows.AuthPost }},
	{
		"an unknown scope",
		"unknown-scope",
		func(p *walk.Plan, _ string) { p.Token.Scopes = []string{"api:read", "api:write"} },
	},
	{"too few scopes for the API", "", func(p *walk.Plan, _ string) { p.Token.Scopes = []string{"api:write"} }},
	{"raw Basic wanted", "basic-raw-only", func(p *walk.Plan, _ string) {
		p.Token.ClientID, p.Token.ClientSecret = demo.RawClientID, demo.RawClientSecret
	}},
	{"no scope where one is required", "scope-required", func(p *walk.Plan, _ string) { p.Token.Scopes = nil }},
	{
		"no scope where a bare 403 answers",
		"bare-403-without-scope",
		func(p *walk.Plan, _ string) { p.Token.Scopes = nil },
	},
	{"a token URL without its slash", "trailing-slash-301", func(p *walk.Plan, iss string) {
		p.Issuer, p.Token.TokenURL = "", iss+"/token"
	}},
	{"a wrong secret", "wrong-secret", nil},
	{"an unknown client", "", func(p *walk.Plan, _ string) { p.Token.ClientID = "nobody" }},
}

// TestWalk_PressingBangTenTimesNeverLoops drives the walk as the TUI's !
// does (apply the offered fix, run again) ten times on every demo fault
// and every scenario, and fails when a state (the settings and the fix
// offered in them) repeats: the loop "switch to post" → "switch to basic"
// → … of issue 12 cannot come back.
func TestWalk_PressingBangTenTimesNeverLoops(t *testing.T) {
	type run struct {
		name, fault string
		change      func(p *walk.Plan, iss string)
	}
	var runs []run
	for _, f := range demo.Faults {
		if f.Name == demo.FaultSlow {
			continue // a 3s answer is no failure with the default client; it only slows the test
		}
		runs = append(runs, run{"fault " + string(f.Name), string(f.Name), nil})
	}
	for _, s := range loopScenarios {
		runs = append(runs, run{s.name, s.fault, s.change})
	}
	hc := &http.Client{Timeout: 10 * time.Second}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			var faults []string
			if r.fault != "" {
				faults = []string{r.fault}
			}
			_, iss := demoServer(t, faults...)
			pl := demoPlan(iss)
			pl.Token.Scopes = []string{"api:read"}
			pl.API = walk.API{Method: "GET", URL: iss + "/api/me"}
			if r.change != nil {
				r.change(&pl, iss)
			}
			seen := map[string]int{}
			var path []string
			for press := 0; press < 10; press++ {
				ds := checkup(t, hc, pl)
				if ds == nil {
					return // the walk passes
				}
				fix, ok := pl.Offer(ds)
				if !ok {
					return // nothing left to apply: the diagnosis is the answer
				}
				st := state(pl, fix)
				path = append(path, st)
				if first, ok := seen[st]; ok {
					t.Fatalf("press %d repeats the state of press %d:\n%s", press+1, first+1, strings.Join(path, "\n"))
				}
				seen[st] = press
				if _, err := pl.ApplyFix(fix, walk.StepToken); err != nil {
					t.Fatalf("press %d: %v", press+1, err)
				}
			}
		})
	}
}

// TestWalk_FollowingTheProbesFixesIt: in each scenario where a setting is
// wrong, pressing ! until nothing is offered ends with a passing walk.
func TestWalk_FollowingTheProbesFixesIt(t *testing.T) {
	hc := &http.Client{Timeout: 10 * time.Second}
	for _, s := range loopScenarios {
		if s.fault == "wrong-secret" || s.name == "an unknown client" {
			continue // no setting can fix a wrong secret
		}
		t.Run(s.name, func(t *testing.T) {
			var faults []string
			if s.fault != "" {
				faults = []string{s.fault}
			}
			_, iss := demoServer(t, faults...)
			pl := demoPlan(iss)
			pl.Token.Scopes = []string{"api:read"}
			pl.API = walk.API{Method: "GET", URL: iss + "/api/me"}
			if s.change != nil {
				s.change(&pl, iss)
			}
			for press := 0; press < 5; press++ {
				ds := checkup(t, hc, pl)
				if ds == nil {
					return
				}
				fix, ok := pl.Offer(ds)
				if !ok {
					t.Fatalf("press %d: still failing and nothing offered: %v", press+1, ds[0].Summary)
				}
				if _, err := pl.ApplyFix(fix, walk.StepToken); err != nil {
					t.Fatal(err)
				}
			}
			t.Fatalf("still failing after 5 presses")
		})
	}
}
