package flows

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Probe diagnosis codes: the conclusion of the follow-up requests the walk
// sends after a token request was refused (walk.Probe).
const (
	CodeProbeAccepted         Code = "probe.accepted"          // a probe got a token: use its setting
	CodeProbeAuthenticated    Code = "probe.authenticated"     // a probe got past client authentication
	CodeProbeCredentialsWrong Code = "probe.credentials_wrong" // every probe was refused as well
	CodeProbeNone             Code = "probe.none"              // nothing was worth probing
)

// ProbeNote says why the probes are few: it is shown with them.
const ProbeNote = "at most three follow-up requests, to the same token endpoint with the same credentials: " +
	"many servers lock a client out after a few failed authentications"

// ProbeOutcome is one probe: what it changed from the refused request
// (a Fix that would make the request the same), its exchange and its
// error (nil: the server issued a token).
type ProbeOutcome struct {
	Label    string // "probe: client_secret_post"
	What     string // "client_secret_post", "client_secret_basic with the raw id:secret", "scope a b"
	Change   Fix
	Exchange Exchange
	Err      error
}

// Accepted reports whether the probe got a token.
func (o ProbeOutcome) Accepted() bool { return o.Err == nil }

// Authenticated reports whether the server got past client authentication
// for the probe: a token, or an error that is not a client refusal (the
// scope, the grant), which servers check after the client.
func (o ProbeOutcome) Authenticated() bool {
	var oe *OAuthError
	return o.Err == nil || errors.As(o.Err, &oe) && !IsClientRefusal(o.Err) && oe.StatusCode < 500 &&
		oe.StatusCode != http.StatusTooManyRequests
}

// IsClientRefusal reports whether err is the token endpoint refusing the
// client: invalid_client (or a non-standard code that reads like it), or a
// 401/403 with no OAuth error code. These are what probes may explain.
func IsClientRefusal(err error) bool {
	var oe *OAuthError
	if !errors.As(err, &oe) || oe.Step != "" && oe.Step != "token" {
		return false
	}
	if oe.Code == "" {
		return oe.StatusCode == http.StatusUnauthorized || oe.StatusCode == http.StatusForbidden
	}
	if standardCodes[oe.Code] {
		return oe.Code == "invalid_client"
	}
	return nearestCode(oe.Code, oe.Description) == "invalid_client" && oe.Code != "access_denied"
}

// ConcludeProbes states plainly what the probes showed, as the first
// diagnosis after a refused token request. req is the refused request.
func ConcludeProbes(req TokenRequest, outs []ProbeOutcome) Diagnosis {
	used, _ := NormalizeAuth(req.AuthMethod)
	d := Diagnosis{Refs: []string{refOAuthErrors, "RFC 6749 §2.3.1"}}
	for _, o := range outs {
		d.Evidence = append(d.Evidence, probeLine(o))
	}
	d.Evidence = append(d.Evidence, "note: "+ProbeNote)
	for _, o := range outs {
		if o.Accepted() {
			d.Code = CodeProbeAccepted
			d.Summary = fmt.Sprintf("%s accepted → %s.", o.What, useText(o.Change))
			d.Causes = []string{
				fmt.Sprintf(
					"the request as sent (%s) is refused, the same request with %s is not",
					sentWith(req, used),
					o.What,
				),
			}
			d.Fixes = []Fix{{Text: useText(o.Change), Kind: o.Change.Kind, Value: o.Change.Value}}
			return d
		}
	}
	for _, o := range outs {
		if o.Authenticated() {
			d.Code = CodeProbeAuthenticated
			d.Summary = fmt.Sprintf("%s got past client authentication (the server then said: %s) → %s.",
				o.What, oneLine(strings.TrimPrefix(o.Err.Error(), "token failed: ")), useText(o.Change))
			d.Causes = []string{
				fmt.Sprintf("the client authenticates with %s, not as sent (%s)", o.What, sentWith(req, used)),
			}
			d.Fixes = []Fix{
				{
					Text:  useText(o.Change) + ", then see what the server says next",
					Kind:  o.Change.Kind,
					Value: o.Change.Value,
				},
			}
			return d
		}
	}
	d.Causes = []string{"the client secret is wrong, expired or was rotated",
		"the client id is wrong, or belongs to another environment (staging vs live) or tenant",
		"the client is disabled, or not allowed to use the client credentials grant"}
	d.Fixes = []Fix{{Text: "copy the secret again from where it was issued, or create a new one"},
		{
			Text: "check that the client id and the token URL are from the same environment, and that the client is enabled",
		}}
	if len(outs) == 0 {
		d.Code = CodeProbeNone
		d.Summary = "Nothing else was worth trying (no other method advertised, a secret that Basic encodes the same " +
			"either way, scopes asked) → the client id or secret is wrong, or the client is disabled."
		return d
	}
	d.Code = CodeProbeCredentialsWrong
	var tried []string
	for _, o := range outs {
		tried = append(tried, o.What)
	}
	d.Summary = fmt.Sprintf("%s refused, and %s too → the client id or secret is wrong, or the client is disabled.",
		sentWith(req, used), strings.Join(tried, ", "))
	if hasMethodProbe(outs) {
		d.Summary = "Both methods refused → the client id or secret is wrong, or the client is disabled."
	}
	return d
}

// hasMethodProbe reports whether a probe tried the other auth method.
func hasMethodProbe(outs []ProbeOutcome) bool {
	for _, o := range outs {
		if o.Change.Kind == FixAuth {
			return true
		}
	}
	return false
}

// sentWith names how the refused request authenticated.
func sentWith(req TokenRequest, used AuthMethod) string {
	if used == AuthBasic && req.BasicEncoding == BasicRaw {
		return "client_secret_basic with the raw id:secret"
	}
	return string(used)
}

// useText is the plain advice for a change, "use client_secret_post",
// in no front-end's words: each names how to apply it (the CLI adds the
// flag, walk.FlagHint; the TUI its fix key), so the text names no flag.
func useText(f Fix) string {
	switch f.Kind {
	case FixAuth:
		return "use " + f.Value
	case FixBasicEnc:
		if f.Value == string(BasicRaw) {
			return "send the raw id:secret in Basic"
		}
		return "send the form-encoded id:secret in Basic (RFC 6749 §2.3.1)"
	case FixScope:
		if strings.TrimSpace(f.Value) == "" {
			return "ask for no scope"
		}
		return fmt.Sprintf("ask for scope %q", f.Value)
	}
	return f.Text
}

// probeLine is one probe as evidence: "probe: client_secret_post → HTTP 401, invalid_client".
func probeLine(o ProbeOutcome) string {
	s := o.Label + " → "
	switch {
	case o.Err == nil:
		s += fmt.Sprintf("HTTP %d, token issued", o.Exchange.Status)
	default:
		s += oneLine(strings.TrimPrefix(o.Err.Error(), "token failed: "))
	}
	return s
}

// ProbeLabelPrefix starts the label of every probe's exchange.
const ProbeLabelPrefix = "probe: "

// probeAdvice is the fix that says to let oauthlens probe: for a refused
// request that no probe followed (token without --probe). Once the probes
// ran (doctor, the TUI, token --probe) ExplainProbes drops it.
var probeAdvice = Fix{Text: "let oauthlens ask the server which part is wrong: run again with --probe " +
	"(at most three more requests to the same token endpoint)"}

// ExplainProbes puts the probes' conclusion before the diagnoses of the
// refused request and drops their fixes that a probe tried and the server
// refused as well, so that a walk never offers what it knows fails, and
// the advice to probe, which was followed.
func ExplainProbes(req TokenRequest, outs []ProbeOutcome, ds []Diagnosis) []Diagnosis {
	out := []Diagnosis{ConcludeProbes(req, outs)}
	for _, d := range ds {
		d.Fixes = slices.DeleteFunc(slices.Clone(d.Fixes), func(f Fix) bool {
			return f == probeAdvice || probeRefused(outs, f)
		})
		out = append(out, d)
	}
	return out
}

// probeRefused reports whether a probe tried f and was refused.
func probeRefused(outs []ProbeOutcome, f Fix) bool {
	if f.Kind == FixNone {
		return false
	}
	for _, o := range outs {
		if !o.Authenticated() && o.Change.Kind == f.Kind && sameSetting(o.Change, f) {
			return true
		}
	}
	return false
}

// sameSetting compares two fixes' values as their setting holds them.
func sameSetting(a, b Fix) bool {
	switch a.Kind {
	case FixAuth:
		x, _ := NormalizeAuth(a.Value)
		y, _ := NormalizeAuth(b.Value)
		return x == y
	case FixScope:
		return strings.Join(strings.Fields(a.Value), " ") == strings.Join(strings.Fields(b.Value), " ")
	}
	return a.Value == b.Value
}

// RecordedProbe rebuilds a probe's outcome from its recorded exchange
// (label "probe: …"), for a walk diagnosed again from a recording; ok is
// false for any other exchange.
func RecordedProbe(ex Exchange) (ProbeOutcome, bool) {
	what, ok := strings.CutPrefix(ex.Label, ProbeLabelPrefix)
	if !ok {
		return ProbeOutcome{}, false
	}
	o := ProbeOutcome{Label: ex.Label, What: what, Exchange: ex, Err: ReplayError(ex)}
	switch {
	case strings.HasPrefix(what, "scope "):
		o.Change = Fix{Kind: FixScope, Value: strings.TrimPrefix(what, "scope ")}
	case strings.HasPrefix(what, string(AuthBasic)+", "):
		enc := strings.TrimSuffix(strings.TrimPrefix(what, string(AuthBasic)+", "), " encoding")
		o.Change = Fix{Kind: FixBasicEnc, Value: enc}
	default:
		o.Change = Fix{Kind: FixAuth, Value: what}
	}
	return o, true
}
