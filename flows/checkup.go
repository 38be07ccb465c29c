package flows

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// CheckStatus is the outcome of one Check.
type CheckStatus string

// Check statuses.
const (
	CheckPass CheckStatus = "pass"
	CheckWarn CheckStatus = "warn" // passed, with doubtful points in Diagnoses
	CheckFail CheckStatus = "fail"
	CheckSkip CheckStatus = "skip"
)

// Check is one line of a checkup: a step, whether it passed, a one-line
// detail, and the diagnoses (of the failure, or warnings).
type Check struct {
	Step      Step // StepDiscovery, StepToken, StepVerify, StepCall
	Status    CheckStatus
	Detail    string
	Diagnoses []Diagnosis
	Exchanges []Exchange
}

// CheckupRequest says what to check: discovery (when Issuer is set), the
// token request, and the test call (when Call is not nil).
type CheckupRequest struct {
	Issuer    string
	Discovery string // discovery style (StyleAuto when empty)
	Token     TokenRequest
	Call      *CallRequest
	// Guard, when set, is asked before any credential is sent, with the
	// discovery (nil when none ran) and the token endpoint. Its error stops
	// the checkup at discovery (no credential is sent); its diagnoses are
	// added to the discovery check as warnings. The walk layer passes its
	// issuer and destination checks.
	Guard func(d *Discovery, tokenURL string) ([]Diagnosis, error)
	// Probe, when set, is called after the token endpoint refused the
	// client (IsClientRefusal) with the metadata (nil without discovery),
	// the token request sent and the diagnoses; it sends the follow-up
	// requests (walk.Probe) and returns their exchanges and the diagnoses
	// to show instead.
	Probe func(ctx context.Context, md *Metadata, tr TokenRequest, ds []Diagnosis) ([]Exchange, []Diagnosis)
	// Vendor names the vendor error dictionary (Context.Vendor).
	Vendor string
	// Resource is the API's protected resource metadata (Context.Resource,
	// RFC 9728), when the caller found it.
	Resource *ResourceMetadata
}

// checkup carries the state between the steps.
type checkup struct {
	hc     *http.Client
	r      CheckupRequest
	c      Context
	checks []Check
}

// Checkup runs discovery, the token request, the signature check and the
// test call in order, stopping at the first failure that leaves nothing to
// check, and returns one Check per step with its diagnoses.
func Checkup(ctx context.Context, hc *http.Client, r CheckupRequest) []Check {
	k := &checkup{hc: hc, r: r, c: Context{Request: &r.Token, Vendor: r.Vendor, Resource: r.Resource}}
	steps := []func(context.Context) bool{k.discover, k.token, k.verify, k.call}
	names := []Step{StepDiscovery, StepToken, StepVerify, StepCall}
	for i, step := range steps {
		if !step(ctx) {
			for _, later := range names[i+1:] {
				k.add(Check{Step: later, Status: CheckSkip, Detail: "not run: an earlier step failed"})
			}
			break
		}
	}
	return k.checks
}

// Failed reports whether any check failed.
func Failed(checks []Check) bool {
	for _, c := range checks {
		if c.Status == CheckFail {
			return true
		}
	}
	return false
}

func (k *checkup) add(c Check) { k.checks = append(k.checks, c) }

func (k *checkup) fail(step Step, detail string, err error, exs []Exchange) bool {
	k.c.Step, k.c.Exchanges = step, append(k.c.Exchanges, exs...)
	k.add(Check{Step: step, Status: CheckFail, Detail: detail, Diagnoses: Diagnose(err, k.c), Exchanges: exs})
	return false
}

func (k *checkup) discover(ctx context.Context) bool {
	if k.r.Issuer == "" {
		k.add(
			Check{
				Step:   StepDiscovery,
				Status: CheckSkip,
				Detail: "no issuer given; token URL " + Sanitize(k.r.Token.TokenURL),
			},
		)
		return k.guard(nil, nil)
	}
	d, exs, err := Discover(ctx, k.hc, k.r.Issuer, k.r.Discovery)
	if err != nil {
		return k.fail(StepDiscovery, "no metadata at "+Sanitize(k.r.Issuer), err, exs)
	}
	k.c.Discovery, k.c.Metadata, k.c.Exchanges = &d, &d.Metadata, append(k.c.Exchanges, exs...)
	check := Check{Step: StepDiscovery, Status: CheckPass, Detail: fmt.Sprintf("%s (%s)", Sanitize(d.URL), d.Form),
		Diagnoses: DiagnoseDiscovery(d), Exchanges: exs}
	if len(check.Diagnoses) > 0 {
		check.Status = CheckFail
	} else if ws := DiscoveryWarnings(d); len(ws) > 0 {
		check.Status, check.Diagnoses = CheckWarn, ws
	}
	k.add(check)
	if k.r.Token.TokenURL == "" {
		k.r.Token.TokenURL = d.Metadata.TokenEndpoint
	}
	return k.r.Token.TokenURL != "" && k.guard(&d, &k.checks[len(k.checks)-1])
}

// guard asks the request's Guard whether credentials may go to the token
// endpoint; a refusal fails the discovery check, warnings are added to it.
func (k *checkup) guard(d *Discovery, check *Check) bool {
	if k.r.Guard == nil {
		return true
	}
	ds, err := k.r.Guard(d, k.r.Token.TokenURL)
	if check == nil && (err != nil || len(ds) > 0) {
		k.checks[len(k.checks)-1] = Check{Step: StepDiscovery, Status: CheckPass,
			Detail: "no issuer given; token URL " + Sanitize(k.r.Token.TokenURL)}
		check = &k.checks[len(k.checks)-1]
	}
	if err != nil {
		check.Status = CheckFail
		check.Detail += ": " + Sanitize(err.Error())
		return false
	}
	if check == nil { // no issuer and nothing to say: the skipped discovery check stands
		return true
	}
	check.Diagnoses = append(check.Diagnoses, ds...)
	if len(ds) > 0 && check.Status == CheckPass {
		check.Status = CheckWarn
	}
	return true
}

func (k *checkup) token(ctx context.Context) bool {
	tok, ex, err := RequestToken(ctx, k.hc, k.r.Token)
	if err != nil && k.r.Probe != nil && IsClientRefusal(err) {
		k.c.Step, k.c.Exchanges = StepToken, append(k.c.Exchanges, ex)
		exs, ds := k.r.Probe(ctx, k.c.Metadata, k.r.Token, Diagnose(err, k.c))
		k.add(Check{Step: StepToken, Status: CheckFail, Detail: "POST " + Sanitize(k.r.Token.TokenURL),
			Diagnoses: ds, Exchanges: append([]Exchange{ex}, exs...)})
		return false
	}
	if err != nil {
		return k.fail(StepToken, "POST "+Sanitize(k.r.Token.TokenURL), err, []Exchange{ex})
	}
	k.c.Token, k.c.Exchanges = &tok, append(k.c.Exchanges, ex)
	if d, err := DecodeJWT(tok.AccessToken); err == nil {
		k.c.JWT = &d
	}
	check := Check{
		Step:      StepToken,
		Status:    CheckPass,
		Detail:    tokenDetail(tok, k.c.JWT, k.c.Now),
		Exchanges: []Exchange{ex},
		Diagnoses: InspectToken(tok, k.c),
	}
	if len(check.Diagnoses) > 0 {
		check.Status = CheckWarn
	}
	k.add(check)
	return true
}

// tokenDetail is "Bearer token, expires in 1h, scope a b". A JWT's exp
// wins over expires_in when they disagree by more than the clock leeway.
func tokenDetail(t Token, jwt *DecodedJWT, now time.Time) string {
	if now.IsZero() {
		now = time.Now()
	}
	s := Sanitize(t.TokenType) + " token"
	exp := t.ExpiresAt
	if jwt != nil {
		if e, ok := jwt.Time("exp"); ok && (exp.IsZero() || e.Sub(exp).Abs() > ClockLeeway) {
			exp = e
			s += " (by its exp claim)"
		}
	}
	if !exp.IsZero() {
		verb := ", expires "
		if exp.Before(now) {
			verb = ", expired "
		}
		s += verb + Relative(exp, now)
	}
	if t.Scope != "" {
		s += ", scope " + Sanitize(t.Scope)
	}
	return s
}

func (k *checkup) verify(ctx context.Context) bool {
	switch {
	case k.c.JWT == nil:
		k.add(
			Check{
				Step:   StepVerify,
				Status: CheckSkip,
				Detail: "opaque token (not a JWT): only the server can check it",
			},
		)
		return true
	case k.c.Metadata == nil || k.c.Metadata.JWKSURI == "":
		k.add(Check{Step: StepVerify, Status: CheckSkip, Detail: "no jwks_uri to check the signature with"})
		return true
	}
	jwks, ex, err := FetchJWKS(ctx, k.hc, k.c.Metadata.JWKSURI)
	if err != nil {
		k.fail(StepJWKS, "GET "+Sanitize(k.c.Metadata.JWKSURI), err, []Exchange{ex})
		return true
	}
	v := VerifyJWT(k.c.Token.AccessToken, jwks)
	k.c.Verification = &v
	if !v.Verified {
		k.add(Check{Step: StepVerify, Status: CheckFail, Detail: "signature not verified: " + oneLine(v.Err),
			Diagnoses: []Diagnosis{verificationNote(v)}, Exchanges: []Exchange{ex}})
		return true
	}
	k.add(
		Check{
			Step:      StepVerify,
			Status:    CheckPass,
			Detail:    fmt.Sprintf("signature verified (%s, kid %s)", v.Alg, v.KID),
			Exchanges: []Exchange{ex},
		},
	)
	return true
}

func (k *checkup) call(ctx context.Context) bool {
	if k.r.Call == nil {
		k.add(Check{Step: StepCall, Status: CheckSkip, Detail: "no test call configured"})
		return true
	}
	reacquire := func(ctx context.Context) (Token, Exchange, error) { return RequestToken(ctx, k.hc, k.r.Token) }
	res, exs, err := Call(ctx, k.hc, *k.r.Call, *k.c.Token, reacquire)
	line := cmp.Or(k.r.Call.Method, http.MethodGet) + " " + Sanitize(k.r.Call.URL)
	if err != nil {
		tok := res.Token
		k.c.Token = &tok
		var oe *OAuthError
		if errors.As(err, &oe) {
			line += fmt.Sprintf(" → HTTP %d", oe.StatusCode)
		}
		return k.fail(StepCall, line, err, exs)
	}
	detail := fmt.Sprintf("%s → HTTP %d", line, res.Status)
	if res.Retried {
		detail += " (after re-acquiring the token once)"
	}
	k.add(Check{Step: StepCall, Status: CheckPass, Detail: detail, Exchanges: exs})
	return true
}
