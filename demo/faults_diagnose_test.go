package demo_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// faultCase turns a fault on, runs a checkup against the demo server and
// expects a diagnosis with code in the check of step, with a cause and a
// fix (text or action) that say the right thing.
type faultCase struct {
	fault      demo.Fault
	change     func(*flows.CheckupRequest)
	step       flows.Step
	status     string
	code       string
	cause, fix string // substrings
	action     string // exact
}

// tokenURLOnly skips discovery and posts to the issuer's URL plus path.
func tokenURLOnly(path string) func(*flows.CheckupRequest) {
	return func(r *flows.CheckupRequest) { r.Token.TokenURL, r.Issuer = r.Issuer+path, "" }
}

// rawClient uses the client whose secret Basic encodes differently raw.
func rawClient(r *flows.CheckupRequest) {
	r.Token.ClientID, r.Token.ClientSecret = demo.RawClientID, demo.RawClientSecret
}

func scopes(s ...string) func(*flows.CheckupRequest) {
	return func(r *flows.CheckupRequest) { r.Token.Scopes = s }
}

func auth(m flows.AuthMethod) func(*flows.CheckupRequest) {
	return func(r *flows.CheckupRequest) { r.Token.AuthMethod = m }
}

var faultCases = []faultCase{
	{
		fault:  demo.FaultWrongSecret,
		step:   "token",
		status: "fail",
		code:   "token.invalid_client",
		cause:  "secret is wrong",
		fix:    "copy the secret again",
	},
	{
		fault:  demo.FaultBasicOnly,
		change: auth(flows.AuthPost),
		step:   "token",
		status: "fail",
		code:   "token.invalid_client.try_basic",
		cause:  "registered for client_secret_basic",
		action: "auth=client_secret_basic",
	},
	{
		fault:  demo.FaultPostOnly,
		step:   "token",
		status: "fail",
		code:   "token.invalid_client.try_post",
		cause:  "registered for client_secret_post",
		action: "auth=client_secret_post",
	},
	{
		fault:  demo.FaultUnknownScope,
		change: scopes("api:read", "api:write"),
		step:   "token",
		status: "fail",
		code:   "token.invalid_scope",
		cause:  "does not list api:write",
		action: "scope=api:read",
	},
	{
		fault:  demo.FaultUnauthorizedClient,
		step:   "token",
		status: "fail",
		code:   "token.unauthorized_client",
		cause:  "not enabled",
		fix:    "enable the client credentials grant",
	},
	{
		fault:  demo.FaultRateLimit,
		step:   "token",
		status: "fail",
		code:   "token.rate_limited",
		cause:  "rate limit",
		action: "retry_after=5",
	},
	{
		fault:  demo.FaultHTMLError,
		step:   "token",
		status: "fail",
		code:   "token.html_error",
		cause:  "proxy",
		action: "retry",
	},
	{
		fault:  demo.FaultInvalidJSON,
		step:   "token",
		status: "fail",
		code:   "token.invalid_json",
		cause:  "broken or truncated",
		action: "retry",
	},
	{
		fault:  demo.FaultNonstandardError,
		step:   "token",
		status: "fail",
		code:   "token.nonstandard_error",
		cause:  "closest to the standard invalid_client",
		fix:    "treat it as invalid_client",
	},
	{
		fault:  demo.FaultBare401,
		step:   "token",
		status: "fail",
		code:   "token.bare_401",
		cause:  "gateway",
		action: "auth=client_secret_post",
	},
	{
		fault:  demo.FaultTextError,
		step:   "token",
		status: "fail",
		code:   "token.plain_text_error",
		cause:  "does not follow RFC 6749",
		fix:    "invalid_client",
	},
	{
		fault:  demo.FaultServerError,
		step:   "token",
		status: "fail",
		code:   "token.server_error",
		cause:  "outage",
		action: "retry",
	},
	{
		fault:  demo.FaultEntraError,
		step:   "token",
		status: "fail",
		code:   "vendor.entra.AADSTS7000215",
		cause:  "secret's ID was used",
		fix:    "not its Secret ID",
	},
	{
		fault:  demo.FaultDiscovery404,
		step:   "discovery",
		status: "fail",
		code:   "discovery.not_found",
		cause:  "publishes no metadata",
		fix:    "--token-url",
	},
	{
		fault:  demo.FaultDiscoveryHTML,
		step:   "discovery",
		status: "fail",
		code:   "discovery.html",
		cause:  "login page",
		fix:    "--token-url",
	},
	{
		fault:  demo.FaultIssuerMismatch,
		step:   "discovery",
		status: "fail",
		code:   "discovery.issuer_mismatch",
		cause:  "proxy",
		fix:    "exactly what an attacker",
	},
	{
		fault:  demo.FaultNoTokenEndpoint,
		step:   "discovery",
		status: "fail",
		code:   "discovery.no_token_endpoint",
		fix:    "--token-url",
	},
	{
		fault:  demo.FaultExpiredToken,
		step:   "token",
		status: "warn",
		code:   "token.already_expired",
		cause:  "server's clock is behind",
		fix:    "date -u",
	},
	{
		fault:  demo.FaultExpiredToken,
		step:   "call",
		status: "fail",
		code:   "call.token_expired",
		cause:  "already expired",
		action: "reacquire",
	},
	{
		fault:  demo.FaultClockSkew,
		step:   "token",
		status: "warn",
		code:   "token.clock_skew",
		cause:  "this machine's clock is wrong",
		fix:    "timedatectl",
	},
	{
		fault:  demo.FaultRotatedKey,
		step:   "verify",
		status: "fail",
		code:   "jwt.kid_not_found",
		cause:  "rotated",
		action: "refetch_jwks",
	},
	{
		fault:  demo.FaultRotatedKey,
		step:   "call",
		status: "fail",
		code:   "call.invalid_token.signature",
		cause:  "key rotation",
		action: "reacquire",
	},
	{
		fault:  demo.FaultStringExpiresIn,
		step:   "token",
		status: "warn",
		code:   "token.expires_in_string",
		cause:  "strings",
		fix:    "nothing to do",
	},
	{
		fault:  demo.FaultLowercaseBearer,
		step:   "token",
		status: "warn",
		code:   "token.type_lowercase",
		cause:  "lower case",
		fix:    "nothing to do",
	},
	{
		fault:  demo.FaultRefreshToken,
		step:   "token",
		status: "warn",
		code:   "token.refresh_token",
		cause:  "every grant",
		fix:    "ignore it",
	},
	{
		fault:  demo.FaultWrongAudience,
		step:   "call",
		status: "fail",
		code:   "call.wrong_audience",
		cause:  "did not name this API",
		action: "audience=ISSUER/api",
	},
	{
		fault:  demo.FaultAPINeedsKey,
		step:   "call",
		status: "fail",
		code:   "call.no_challenge",
		cause:  "API key header",
		fix:    "X-Api-Key",
	},
	{
		fault:  demo.FaultAPINeedsKey,
		step:   "call",
		status: "fail",
		code:   "call.refused_after_reacquire",
		cause:  "besides the token",
	},
	{fault: demo.FaultOktaErrors, change: scopes("api:read", "api:write"), step: "token", status: "fail",
		code: "vendor.okta.access_denied.policy", cause: "does not grant every scope", fix: "only for the scopes"},
	{
		fault:  demo.FaultBare403NoScope,
		step:   "token",
		status: "fail",
		code:   "token.bare_403",
		cause:  "no scope was asked",
		action: "scope=api:read api:write",
	},
	{
		fault:  demo.FaultScopeRequired,
		step:   "token",
		status: "fail",
		code:   "token.invalid_scope",
		cause:  "no scope was asked",
		action: "scope=api:read api:write",
	},
	{fault: demo.FaultTrailingSlash301, change: tokenURLOnly("/token"), step: "token", status: "fail",
		code: "token.redirect", cause: "trailing slash", action: "token_url=ISSUER/token/"},
	{fault: demo.FaultExpiryInBody, step: "call", status: "fail", code: "call.token_expired", cause: "already expired",
		action: "reacquire"},
	{fault: demo.FaultBasicRawOnly, change: rawClient, step: "token", status: "fail", code: "token.invalid_client",
		cause: "without form-urldecoding", action: "basic_encoding=raw"},
	{
		change: scopes("api:write"),
		step:   "call",
		status: "fail",
		code:   "call.insufficient_scope",
		cause:  "without that scope",
		action: "scope=api:write api:read",
	},
}

func TestFaults_Diagnosed(t *testing.T) {
	for _, c := range faultCases {
		t.Run(string(c.fault)+"/"+c.code, func(t *testing.T) {
			var faults []string
			if c.fault != "" {
				faults = []string{string(c.fault)}
			}
			iss, checks := checkupWithFaults(t, c.change, faults...)
			check, ok := findCheck(checks, c.step)
			if !ok || string(check.Status) != c.status {
				t.Fatalf("step %s: got %+v, want status %s", c.step, summarize(checks), c.status)
			}
			d, ok := findDiagnosis(check.Diagnoses, c.code)
			if !ok {
				t.Fatalf("step %s: no diagnosis %s in %v", c.step, c.code, diagCodes(check.Diagnoses))
			}
			if !strings.Contains(strings.Join(d.Causes, "\n"), c.cause) {
				t.Errorf("causes %q do not mention %q", d.Causes, c.cause)
			}
			if c.fix != "" && !hasFix(d, func(f flows.Fix) bool { return strings.Contains(f.Text, c.fix) }) {
				t.Errorf("fixes %+v do not mention %q", d.Fixes, c.fix)
			}
			action := strings.ReplaceAll(c.action, "ISSUER", iss)
			if action != "" && !hasFix(d, func(f flows.Fix) bool { return f.Action() == action }) {
				t.Errorf("fixes %+v have no action %q", d.Fixes, action)
			}
		})
	}
}

func TestFaults_EveryFaultHasACase(t *testing.T) {
	covered := map[demo.Fault]bool{demo.FaultSlow: true, demo.FaultAPI401First: true, // tested below
		// introspection and revocation are no checkup step: internal/cli/endpoint_test.go
		demo.FaultRevokeIgnored: true, demo.FaultIntrospectBasicOnly: true}
	for _, c := range faultCases {
		covered[c.fault] = true
	}
	tested := append(append(hostileCovered, userFaultsTested...), recoveryFaultsTested...)
	for _, f := range tested { // tested elsewhere: the hostile-server and user-flow tests
		covered[f] = true
	}
	for _, f := range demo.Faults {
		if !covered[f.Name] {
			t.Errorf("fault %s has no diagnosis test", f.Name)
		}
	}
}

func TestFaults_SlowIsATimeout(t *testing.T) {
	hc := &http.Client{Timeout: 300 * time.Millisecond}
	_, checks := checkupWithFaultsClient(t, hc, nil, string(demo.FaultSlow))
	check, _ := findCheck(checks, "token")
	d, ok := findDiagnosis(check.Diagnoses, "network.timeout")
	if !ok || !hasFix(d, func(f flows.Fix) bool { return f.Action() == "timeout=60s" }) {
		t.Fatalf("got %+v, want network.timeout with a longer timeout to try", check)
	}
	if !strings.Contains(d.Summary, "300ms") {
		t.Errorf("summary %q does not say how long it waited", d.Summary)
	}
}

func TestFaults_API401FirstRetryWorks(t *testing.T) {
	_, checks := checkupWithFaults(t, nil, string(demo.FaultAPI401First))
	check, _ := findCheck(checks, "call")
	if check.Status != "pass" || !strings.Contains(check.Detail, "after re-acquiring") {
		t.Fatalf("call check %+v, want a pass after one re-acquisition", check)
	}
}

func checkupWithFaults(t *testing.T, change func(*flows.CheckupRequest), faults ...string) (string, []flows.Check) {
	return checkupWithFaultsClient(t, http.DefaultClient, change, faults...)
}

// checkupWithFaultsClient runs a checkup (discovery, token, signature, GET
// /api/me) against a demo server with the faults on.
func checkupWithFaultsClient(
	t *testing.T,
	hc *http.Client,
	change func(*flows.CheckupRequest),
	faults ...string,
) (string, []flows.Check) {
	t.Helper()
	s := demo.New(demo.Config{Faults: faults})
	if got := s.Faults(); len(got) != len(faults) {
		t.Fatalf("Faults() = %v, want %v", got, faults)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	r := flows.CheckupRequest{Issuer: ts.URL,
		Token: flows.TokenRequest{
			ClientID:     demo.ClientID,
			ClientSecret: demo.ClientSecret,
			AuthMethod:   flows.AuthBasic,
		},
		Call: &flows.CallRequest{URL: ts.URL + "/api/me"}}
	if change != nil {
		change(&r)
	}
	return ts.URL, flows.Checkup(context.Background(), hc, r)
}

func findCheck(cs []flows.Check, step flows.Step) (flows.Check, bool) {
	for _, c := range cs {
		if c.Step == step {
			return c, true
		}
	}
	return flows.Check{}, false
}

func findDiagnosis(ds []flows.Diagnosis, code string) (flows.Diagnosis, bool) {
	for _, d := range ds {
		if string(d.Code) == code {
			return d, true
		}
	}
	return flows.Diagnosis{}, false
}

func hasFix(d flows.Diagnosis, ok func(flows.Fix) bool) bool {
	for _, f := range d.Fixes {
		if ok(f) {
			return true
		}
	}
	return false
}

func diagCodes(ds []flows.Diagnosis) []string {
	var out []string
	for _, d := range ds {
		out = append(out, string(d.Code))
	}
	return out
}

func summarize(cs []flows.Check) []string {
	var out []string
	for _, c := range cs {
		out = append(out, string(c.Step)+":"+string(c.Status)+" "+strings.Join(diagCodes(c.Diagnoses), ","))
	}
	return out
}
