package walk

import (
	"fmt"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

func TestApplyFix(t *testing.T) {
	cases := []struct {
		action string
		check  func(Plan) bool
		want   Effect
	}{
		{"auth=client_secret_post", func(p Plan) bool { return p.Token.AuthMethod == flows.AuthPost },
			Effect{From: StepToken, Changed: "auth method post"}},
		{"scope=a b", func(p Plan) bool { return len(p.Token.Scopes) == 2 },
			Effect{From: StepToken, Changed: "scopes a b"}},
		{"scope=", func(p Plan) bool { return len(p.Token.Scopes) == 0 },
			Effect{From: StepToken, Changed: "scopes none"}},
		{"audience=https://api", func(p Plan) bool { return p.Token.Audience == "https://api" },
			Effect{From: StepToken, Changed: "audience https://api"}},
		{"discovery=auto", func(p Plan) bool { return p.Discovery == "auto" },
			Effect{From: StepDiscover, Changed: "discovery auto"}},
		{"timeout=60s", func(Plan) bool { return true },
			Effect{From: StepCall, Timeout: time.Minute, Changed: "timeout 1m0s"}},
		{"retry_after=7", func(Plan) bool { return true }, Effect{From: StepCall, Wait: 7 * time.Second}},
		{"reacquire", func(Plan) bool { return true }, Effect{From: StepToken, Changed: "a new token"}},
		{"refetch_jwks", func(Plan) bool { return true },
			Effect{From: StepCall, RefetchJWKS: true, Changed: "the JWKS"}},
		{"", func(Plan) bool { return true }, Effect{From: StepCall, Changed: "the same request"}},
	}
	for _, c := range cases {
		pl := Plan{}
		pl.Token.Scopes = []string{"x"}
		got, err := pl.ApplyFix(actionFix(c.action), StepCall)
		if err != nil {
			t.Errorf("%q: %v", c.action, err)
			continue
		}
		if got != c.want || !c.check(pl) {
			t.Errorf("%q: got %+v (plan %+v), want %+v", c.action, got, pl.Token, c.want)
		}
	}
	pl := Plan{}
	if _, err := pl.ApplyFix(actionFix("auth=bogus"), StepToken); err == nil {
		t.Error("an unknown auth method was applied")
	}
	if _, err := pl.ApplyFix(actionFix("timeout=soon"), StepToken); err == nil {
		t.Error("a timeout that is not a duration was applied")
	}
}

func TestFlagHint(t *testing.T) {
	for action, want := range map[string]string{
		"auth=client_secret_post": " (--auth post)", "scope=a b": ` (--scope "a b")`,
		"audience=x": " (--audience x)", "timeout=60s": " (--timeout 60s)", "reacquire": "",
		"step_up=api:read": " (add api:read to --scope or the profile's scopes, and run the grant again)",
	} {
		if got := FlagHint(actionFix(action)); got != want {
			t.Errorf("%q: got %q, want %q", action, got, want)
		}
	}
}

func actionFix(action string) flows.Fix {
	k, v := flows.ParseFixAction(action)
	return flows.Fix{Text: action, Kind: k, Value: v}
}

// TestOffer_NoLoops: the auth-method ping-pong of issue 12 cannot happen:
// after switching to post, "switch to basic" is never offered, and a fix
// already tried is not offered again.
func TestOffer_NoLoops(t *testing.T) {
	var pl Plan
	pl.Token.AuthMethod = flows.AuthBasic
	toPost := flows.Diagnosis{Fixes: []flows.Fix{actionFix("auth=client_secret_post")}}
	toBasic := flows.Diagnosis{Fixes: []flows.Fix{actionFix("auth=client_secret_basic")}}
	f, ok := pl.Offer([]flows.Diagnosis{toPost})
	if !ok {
		t.Fatal("switching to post is not offered at first")
	}
	if _, err := pl.ApplyFix(f, StepToken); err != nil {
		t.Fatal(err)
	}
	if f, ok := pl.Offer([]flows.Diagnosis{toBasic}); ok {
		t.Errorf("offered %+v, which undoes the fix just applied", f)
	}
	pl.Token.AuthMethod = flows.AuthBasic // the person switched back by hand
	if f, ok := pl.Offer([]flows.Diagnosis{toPost}); ok {
		t.Errorf("offered %+v again", f)
	}
	if _, ok := pl.Offer([]flows.Diagnosis{{Fixes: []flows.Fix{{Text: "advice only"}}}}); ok {
		t.Error("advice without an action was offered")
	}
	scope := flows.Diagnosis{Fixes: []flows.Fix{actionFix("scope=a"), actionFix("scope=b")}}
	pl.Token.Scopes = []string{"a"}
	if f, _ := pl.Offer([]flows.Diagnosis{scope}); f.Value != "b" {
		t.Errorf("got %+v, want the first fix that changes something", f)
	}
}

// TestOffer_DrivenTenTimesNeverRepeatsAState applies the offered fix ten
// times against diagnoses that always suggest every setting back and forth.
func TestOffer_DrivenTenTimesNeverRepeatsAState(t *testing.T) {
	ds := []flows.Diagnosis{{Fixes: []flows.Fix{actionFix("auth=client_secret_post"),
		actionFix("auth=client_secret_basic"), actionFix("scope="), actionFix("scope=a b"),
		actionFix("audience=x"), actionFix("audience="), actionFix("reacquire"), actionFix("retry")}}}
	var pl Plan
	pl.Token.Scopes = []string{"a", "b"}
	seen := map[string]bool{}
	for i := 0; i < 10; i++ {
		state := fmt.Sprint(pl.Token.AuthMethod, pl.Token.Scopes, pl.Token.Audience, len(pl.Tried))
		key := fmt.Sprint(pl.Token.AuthMethod, pl.Token.Scopes, pl.Token.Audience)
		if seen[key] && i > 0 && pl.Tried[len(pl.Tried)-1].Fix.Kind != flows.FixReacquire &&
			pl.Tried[len(pl.Tried)-1].Fix.Kind != flows.FixRetry {
			t.Fatalf("step %d: state %s came back", i, state)
		}
		seen[key] = true
		f, ok := pl.Offer(ds)
		if !ok {
			return // nothing left to offer: the loop ends
		}
		if _, err := pl.ApplyFix(f, StepToken); err != nil {
			t.Fatal(err)
		}
	}
	t.Errorf("still offering fixes after ten: %+v", pl.Tried)
}
