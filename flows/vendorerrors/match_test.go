package vendorerrors

import (
	"slices"
	"strings"
	"testing"
)

// allCases is every realistic response of the dictionaries' tests.
func allCases() []matchCase {
	return slices.Concat(oktaEntraCases, auth0KeycloakCases, otherCases)
}

// entry finds an entry by id.
func entry(t *testing.T, id string) Entry {
	t.Helper()
	for _, d := range dicts() {
		for _, e := range d.Entries {
			if e.ID == id {
				return e
			}
		}
	}
	t.Fatalf("no entry %q", id)
	return Entry{}
}

func TestMatch_Cases(t *testing.T) {
	for _, c := range allCases() {
		t.Run(c.want, func(t *testing.T) {
			e := entry(t, c.want)
			vendors := []string{e.Vendor}
			if c.vendor != "" {
				vendors = append(vendors, c.vendor)
			}
			if e.Match.strong() {
				vendors = append(vendors, "")
			}
			r := Response{Status: c.status, Body: []byte(c.body), ContentType: "application/json"}
			for _, v := range vendors {
				got, ok := Match(v, r)
				if !ok || got.ID != c.want {
					t.Errorf("Match(%q): got %q (%v), want %q", v, got.ID, ok, c.want)
				}
			}
		})
	}
}

func TestMatch_EveryEntryHasCase(t *testing.T) {
	have := map[string]bool{}
	for _, c := range allCases() {
		have[c.want] = true
	}
	for _, d := range dicts() {
		for _, e := range d.Entries {
			if !have[e.ID] {
				t.Errorf("entry %s has no test case", e.ID)
			}
		}
	}
}

func TestMatch_Unrelated(t *testing.T) {
	bodies := []Response{
		{Status: 401, Body: []byte(`{"error":"invalid_client"}`)},
		{Status: 400, Body: []byte(`{"error":"invalid_grant","error_description":"Invalid authorization code"}`)},
		{Status: 200, Body: []byte(`{"access_token":"eyJ","token_type":"Bearer","expires_in":3600}`)},
		{Status: 502, Body: []byte("<html><body><h1>502 Bad Gateway</h1></body></html>"), ContentType: "text/html"},
		{Status: 401, Body: []byte("error=invalid_client&error_description=bad+secret"),
			ContentType: "application/x-www-form-urlencoded"},
		{Status: 500},
		{Status: 404, Body: []byte(`[1,2,3]`)},
		{Status: 401, WWWAuthenticate: `Bearer realm="api", error="invalid_token"`},
	}
	for _, r := range bodies {
		if got, ok := Match("", r); ok {
			t.Errorf("Match(%q): got %q, want no match", r.Body, got.ID)
		}
	}
}

func TestMatch_UnknownVendor(t *testing.T) {
	r := Response{Status: 401, Body: []byte(`{"errorCode":"E0000011","errorSummary":"Invalid token provided"}`)}
	if got, ok := Match("percolate", r); ok {
		t.Errorf("got %q, want no match", got.ID)
	}
	if got, ok := Match("entra", r); ok {
		t.Errorf("Match(entra) on an Okta body: got %q, want no match", got.ID)
	}
}

func TestMatch_Evidence(t *testing.T) {
	i := slices.IndexFunc(oktaEntraCases, func(c matchCase) bool { return c.want == "entra.AADSTS7000215" })
	c := oktaEntraCases[i]
	got, ok := Match("", Response{Status: c.status, Body: []byte(c.body)})
	if !ok {
		t.Fatal("no match")
	}
	want := []string{"HTTP 401", "error=invalid_client", "code=AADSTS7000215",
		"trace_id=0d5a3e57-2f3b-4a4e-9e0c-5b1f9c3d1e00", "correlation_id=6c2d5c3a-8a9b-4e21-a1a6-0f2c5d4e3b2a",
		"timestamp=2025-03-04 10:11:12Z"}
	for _, w := range want {
		if !slices.Contains(got.Evidence, w) {
			t.Errorf("evidence %q lacks %q", got.Evidence, w)
		}
	}
	okta, _ := Match("floriday", Response{Status: 401, Body: []byte(`{"errorCode":"E0000011",` +
		`"errorSummary":"Invalid token provided","errorId":"oae\u0007B0Q\u009b[31m"}`)})
	if !slices.Contains(okta.Evidence, "errorId=oaeB0Q[31m") {
		t.Errorf("got %q, want errorId without control characters", okta.Evidence)
	}
}

func TestMatch_FormAndHeader(t *testing.T) {
	form := Response{Status: 400, ContentType: "application/x-www-form-urlencoded",
		Body: []byte("error=unauthorized_client&error_description=Client+not+enabled+to+retrieve+service+account")}
	if got, _ := Match("", form); got.ID != "keycloak.unauthorized_client.service_account" {
		t.Errorf("form: got %q", got.ID)
	}
	hdr := Response{Status: 401, WWWAuthenticate: `Bearer error="invalid_client", ` +
		`error_description="Invalid client or Invalid client credentials"`}
	if got, _ := Match("keycloak", hdr); got.ID != "keycloak.invalid_client.credentials" {
		t.Errorf("header: got %q", got.ID)
	}
	text := Response{Status: 400, ContentType: "text/plain",
		Body: []byte("AADSTS90002: Tenant 'x' not found.\r\nTrace ID: 1")}
	if got, _ := Match("", text); got.ID != "entra.AADSTS90002" {
		t.Errorf("text: got %q", got.ID)
	}
}

func TestMatch_BodyCap(t *testing.T) {
	body := `{"pad":"` + strings.Repeat("x", MaxBody) + `","errorCode":"E0000011","errorSummary":"x"}`
	if got, ok := Match("", Response{Status: 401, Body: []byte(body)}); ok {
		t.Errorf("got %q past MaxBody, want no match", got.ID)
	}
}

func TestMatch_ResultIsACopy(t *testing.T) {
	r := Response{Status: 401, Body: []byte(`{"errorCode":"E0000011","errorSummary":"Invalid token provided"}`)}
	first, _ := Match("okta", r)
	first.Causes[0] = "changed"
	first.Fixes[0].Text = "changed"
	second, _ := Match("okta", r)
	if second.Causes[0] == "changed" || second.Fixes[0].Text == "changed" {
		t.Error("changing a result changed the dictionary")
	}
}
