package walk

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

// Effect is what a front-end does once a fix has been applied to a plan.
type Effect struct {
	// From is the step to run again from (the step the changed setting
	// belongs to).
	From Step
	// Wait is how long to wait first (a server's Retry-After).
	Wait time.Duration
	// Timeout, when set, is the new time allowed for each request.
	Timeout time.Duration
	// RefetchJWKS: fetch the JWKS again and verify again; nothing runs.
	RefetchJWKS bool
	// Changed says what changed, for a status line ("auth method post").
	Changed string
	// Authorize: the token step starts with a new authorization by the
	// user (step-up, RFC 6750 §3.1), not just a new token request.
	Authorize bool
}

// ApplyFix applies a diagnosis's fix to the plan and says what to run
// again. at is the step whose diagnosis offered the fix. A fix without a
// machine action re-runs that step as it is.
func (pl *Plan) ApplyFix(f flows.Fix, at Step) (Effect, error) {
	before, _ := pl.setting(f.Kind)
	e, err := pl.applyFix(f, at)
	if err == nil {
		pl.Tried = append(pl.Tried, TriedFix{Fix: f, Before: before})
	}
	return e, err
}

func (pl *Plan) applyFix(f flows.Fix, at Step) (Effect, error) {
	v := f.Value
	switch f.Kind {
	case flows.FixAuth:
		m, ok := flows.NormalizeAuth(v)
		if !ok {
			return Effect{}, fmt.Errorf("the fix's auth method %q is unknown", v)
		}
		pl.Token.AuthMethod = m
		return Effect{From: StepToken, Changed: "auth method " + ShortAuth(m)}, nil
	case flows.FixBasicEnc:
		e, ok := flows.ParseBasicEncoding(v)
		if !ok {
			return Effect{}, fmt.Errorf("the fix's Basic encoding %q is not form or raw", v)
		}
		pl.Token.BasicEncoding = e
		return Effect{From: StepToken, Changed: "Basic encoding " + string(e)}, nil
	case flows.FixScope:
		pl.Token.Scopes = strings.Fields(v)
		return Effect{From: StepToken, Changed: "scopes " + orNone(v)}, nil
	case flows.FixAudience:
		pl.Token.Audience = v
		return Effect{From: StepToken, Changed: "audience " + orNone(v)}, nil
	case flows.FixTokenURL:
		pl.Token.TokenURL = v
		return Effect{From: StepToken, Changed: "token URL " + v}, nil
	case flows.FixIssuer:
		pl.Issuer = v
		return Effect{From: StepDiscover, Changed: "issuer " + v}, nil
	case flows.FixDiscovery:
		pl.Discovery = v
		return Effect{From: StepDiscover, Changed: "discovery " + v}, nil
	case flows.FixTimeout:
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return Effect{}, fmt.Errorf("the fix's timeout %q is not a duration", v)
		}
		return Effect{From: at, Timeout: d, Changed: "timeout " + d.String()}, nil
	case flows.FixRetryAfter:
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 {
			n = 1
		}
		return Effect{From: at, Wait: time.Duration(n) * time.Second}, nil
	case flows.FixStepUp:
		return pl.stepUp(v), nil
	case flows.FixResource:
		if err := flows.CheckResourceIndicator(v); err != nil {
			return Effect{}, fmt.Errorf("the fix's %w", err)
		}
		pl.Token.Resource = withResource(pl.Token.Resource, v)
		return Effect{From: StepToken, Changed: "resource " + v}, nil
	case flows.FixReacquire:
		return Effect{From: StepToken, Changed: "a new token"}, nil
	case flows.FixRefetchJWKS:
		return Effect{From: at, RefetchJWKS: true, Changed: "the JWKS"}, nil
	}
	return Effect{From: at, Changed: "the same request"}, nil
}

// stepUp adds the scopes an insufficient_scope challenge names to the
// scopes asked for; with the authorization code grant the token step
// starts again with a new authorization (RFC 6750 §3.1).
func (pl *Plan) stepUp(scopes string) Effect {
	for _, s := range strings.Fields(scopes) {
		if !slices.Contains(pl.Token.Scopes, s) {
			pl.Token.Scopes = append(pl.Token.Scopes, s)
		}
	}
	g, _ := flows.NormalizeGrant(pl.GrantPlan.Name)
	return Effect{From: StepToken, Authorize: g == flows.GrantAuthorizationCode,
		Changed: "step-up: scopes " + orNone(strings.Join(pl.Token.Scopes, " "))}
}

// withResource is the resources sent with want sent exactly as the API's
// metadata names it (RFC 8707 §2, RFC 9728 §2): in place of those that
// differ from it only by a trailing slash, else added.
func withResource(sent []string, want string) []string {
	out := make([]string, 0, len(sent)+1)
	for _, s := range sent {
		if strings.TrimSuffix(s, "/") == strings.TrimSuffix(want, "/") {
			s = want
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if !slices.Contains(out, want) {
		out = append(out, want)
	}
	return out
}

// FlagHint is the command-line flag that applies a fix, e.g. " (--auth
// post)"; "" when there is none.
func FlagHint(f flows.Fix) string {
	v := f.Value
	switch f.Kind {
	case flows.FixAuth:
		return " (--auth " + ShortAuth(flows.AuthMethod(v)) + ")"
	case flows.FixScope:
		return fmt.Sprintf(" (--scope %q)", v)
	case flows.FixBasicEnc:
		return " (--basic-encoding " + v + ")"
	case flows.FixAudience:
		return " (--audience " + v + ")"
	case flows.FixTimeout:
		return " (--timeout " + v + ")"
	case flows.FixDiscovery:
		return " (--discovery " + v + ")"
	case flows.FixTokenURL:
		return " (--token-url " + v + ")"
	case flows.FixStepUp: // the scopes asked for are the front-end's: the flag can't be written whole
		return " (add " + v + " to --scope or the profile's scopes, and run the grant again)"
	case flows.FixResource:
		if flows.CheckResourceIndicator(v) != nil {
			return "" // never offered (ApplyFix refuses it)
		}
		return " (--resource " + flows.ShellQuote(v) + ")"
	}
	return ""
}

// ShortAuth is the short name of an auth method ("basic", "post").
func ShortAuth(m flows.AuthMethod) string { return strings.TrimPrefix(string(m), "client_secret_") }

func orNone(v string) string {
	if strings.TrimSpace(v) == "" {
		return "none"
	}
	return v
}
