package flows

import (
	"net/http"
	"strings"
	"testing"
)

// TestDiagnose_InvalidClientDoesNotGuessTheMethod: a generic invalid_client
// puts the credentials first; on a Basic-only server it never says to
// switch to post (issue 12, item 1).
func TestDiagnose_InvalidClientDoesNotGuessTheMethod(t *testing.T) {
	ds := tokenFailure(t, answer(401, jsonCT, invalidClientBody), TokenRequest{AuthMethod: AuthBasic}, mdBasicOnly)
	if ds[0].Code != CodeTokenInvalidClient || !strings.Contains(ds[0].Summary, "secret or the client id is wrong") {
		t.Fatalf("first diagnosis %s %q", ds[0].Code, ds[0].Summary)
	}
	for _, f := range ds[0].Fixes {
		if f.Kind == FixAuth {
			t.Errorf("a Basic-only server got the fix %+v", f)
		}
	}
	ds = tokenFailure(t, answer(401, jsonCT, invalidClientBody), TokenRequest{AuthMethod: AuthBasic}, mdBoth)
	if ds[0].Fixes[0].Kind != FixNone || !strings.Contains(ds[0].Fixes[0].Text, "copy the secret") {
		t.Errorf("first fix %+v, want the secret", ds[0].Fixes[0])
	}
}

// TestDiagnose_VendorDictionaries: Okta-shaped errors are read by the
// Okta dictionary, not as "a plain message" (issue 12, item 2).
func TestDiagnose_VendorDictionaries(t *testing.T) {
	cases := []struct {
		name, body, vendor, code, evidence string
	}{
		{"okta errorCode", `{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorLink":"E0000011",` +
			`"errorId":"oaeXyZ123","errorCauses":[]}`, "", "vendor.okta.E0000011", "errorId=oaeXyZ123"},
		{"okta policy", `{"error":"access_denied","error_description":"Policy evaluation failed for this request, ` +
			`please check the policy configurations."}`, "okta", "vendor.okta.access_denied.policy", "error=access_denied"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := &OAuthError{Step: "token", StatusCode: 400, Header: hdr("Content-Type", jsonCT), Body: []byte(c.body)}
			e.Code, e.Description, _, _ = parseOAuthError(e.Body, jsonCT)
			ds := Diagnose(e,
				Context{Step: StepToken, Vendor: c.vendor, Request: &TokenRequest{AuthMethod: AuthBasic}})
			if len(ds) == 0 || string(ds[0].Code) != c.code {
				t.Fatalf("got %v, want %s first", codes(ds), c.code)
			}
			ev := strings.Join(ds[0].Evidence, "\n")
			if !strings.Contains(ev, c.evidence) || !strings.Contains(ds[0].Body, "error") {
				t.Errorf("evidence %q lacks %q or the body", ev, c.evidence)
			}
			for _, d := range ds {
				if d.Code == CodeTokenPlainTextError || strings.Contains(d.Summary, "plain message") {
					t.Errorf("read as a plain message: %+v", d)
				}
			}
		})
	}
}

// TestDiagnose_WholeBody: the whole body is shown pretty-printed, the
// field that names the failing header included, capped with "… N more
// bytes" (issue 12, item 6).
func TestDiagnose_WholeBody(t *testing.T) {
	body := `{"error":"invalid_request","error_description":"` + strings.Repeat("x", 150) +
		`","detail":"header X-Tenant is missing"}`
	ds := Diagnose(&OAuthError{Step: "token", Code: "invalid_request", StatusCode: 400,
		Header: hdr("Content-Type", jsonCT), Body: []byte(body)}, Context{Step: StepToken})
	if !strings.Contains(ds[0].Body, `"detail": "header X-Tenant is missing"`) {
		t.Errorf("body lacks the detail field:\n%s", ds[0].Body)
	}
	big := wholeBody([]byte(strings.Repeat("y", maxEvidenceBody+100)))
	if !strings.HasSuffix(big, "\n… 100 more bytes") {
		t.Errorf("long body ends %q", big[len(big)-30:])
	}
	if got := wholeBody([]byte("a\x1b[31mred\n")); strings.Contains(got, "\x1b") {
		t.Errorf("escape kept: %q", got)
	}
	plain := Diagnose(
		&OAuthError{Step: "token", Code: "invalid_client", StatusCode: 401, Header: hdr("Content-Type", jsonCT),
			Body: []byte(`{"error":"invalid_client"}`)},
		Context{Step: StepToken},
	)
	if plain[0].Body != "" {
		t.Errorf("a body with only the RFC 6749 fields is repeated: %q", plain[0].Body)
	}
}

// hdr is a header with one field.
func hdr(k, v string) http.Header { h := http.Header{}; h.Set(k, v); return h }
