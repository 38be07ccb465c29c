package walk

import (
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
		got, err := pl.ApplyFix(flows.Fix{Action: c.action}, StepCall)
		if err != nil {
			t.Errorf("%q: %v", c.action, err)
			continue
		}
		if got != c.want || !c.check(pl) {
			t.Errorf("%q: got %+v (plan %+v), want %+v", c.action, got, pl.Token, c.want)
		}
	}
	pl := Plan{}
	if _, err := pl.ApplyFix(flows.Fix{Action: "auth=bogus"}, StepToken); err == nil {
		t.Error("an unknown auth method was applied")
	}
	if _, err := pl.ApplyFix(flows.Fix{Action: "timeout=soon"}, StepToken); err == nil {
		t.Error("a timeout that is not a duration was applied")
	}
}

func TestFlagHint(t *testing.T) {
	for action, want := range map[string]string{
		"auth=client_secret_post": " (--auth post)", "scope=a b": ` (--scope "a b")`,
		"audience=x": " (--audience x)", "timeout=60s": " (--timeout 60s)", "reacquire": "",
	} {
		if got := FlagHint(flows.Fix{Action: action}); got != want {
			t.Errorf("%q: got %q, want %q", action, got, want)
		}
	}
}
