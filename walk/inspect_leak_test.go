package walk

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// pastedSecret is in every paste of these tests and must never be shown.
const pastedSecret = "SuperSecret123456"

// TestInspect_UnknownPasteIsNotQuoted: a paste oauthlens cannot read is
// described (its size, its shape), never quoted, and its secrets are
// learnt (S1: its first 60 characters were quoted into Problem).
func TestInspect_UnknownPasteIsNotQuoted(t *testing.T) {
	cases := []struct{ paste, shape string }{
		{"curl -u myclient:" + pastedSecret + " https://as.example/token", "curl command"},
		{"client_secret=" + pastedSecret + "&grant_type=client_credentials&client_id=myclient", "form body"},
		{"curl https://as.example/token -H 'Authorization: Bearer " + pastedSecret + "' -d x=1", "curl command"},
		{"curl https://as.example/token -d 'client_id=a&client_secret=" + pastedSecret + "'", "curl command"},
		{"curl -X POST https://as.example/token --user=myclient:" + pastedSecret, "curl command"},
	}
	for _, c := range cases {
		in := Inspect(c.paste, Expect{})
		if in.Kind != PasteUnknown {
			t.Errorf("%q: kind %s, want unknown", c.paste, in.Kind)
		}
		if shown := in.Summary + "\n" + in.Problem; strings.Contains(shown, pastedSecret[:8]) ||
			strings.Contains(shown, "myclient") || strings.Contains(shown, "as.example") {
			t.Errorf("%q: the paste is quoted: %q", c.paste, shown)
		}
		if !strings.Contains(in.Problem, c.shape) || !strings.Contains(in.Problem, "bytes") {
			t.Errorf("%q: problem %q does not say it looks like a %s, or its size", c.paste, in.Problem, c.shape)
		}
		if !hasSecret(in.Secrets(), pastedSecret) {
			t.Errorf("%q: the secret is not learnt: %+v", c.paste, in.Secrets())
		}
	}
}

// TestInspect_CurlVBasicSecretFormDecoded: the secret of a pasted Basic
// credential is read form-decoded (RFC 6749 §2.3.1): a secret with + / %
// is learnt as issued (it was learnt still encoded).
func TestInspect_CurlVBasicSecretFormDecoded(t *testing.T) {
	const secret = "s3cr+t/with%25=and space"
	basic := flows.BasicCredentials("my client", secret)
	paste := "> POST /token HTTP/1.1\n> Host: as.example\n> Authorization: Basic " + basic + "\n>\n" +
		"< HTTP/1.1 401 Unauthorized\n< Content-Type: application/json\n<\n{\"error\":\"invalid_client\"}"
	in := Inspect(paste, Expect{})
	if !hasSecret(in.Secrets(), secret) {
		t.Errorf("the secret %q is not among %+v", secret, in.Secrets())
	}
}

// TestInspect_BasicCredentialPasted: "Authorization: Basic …" pasted is
// read as a client's id and secret, never as an opaque token, and never
// introspected (S5: it was joined into "Basic<b64>" and sent as token=).
func TestInspect_BasicCredentialPasted(t *testing.T) {
	basic := base64.StdEncoding.EncodeToString([]byte("myclient:" + pastedSecret))
	var hits atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"active":true}`))
	}))
	defer ts.Close()
	d := &flows.Discovery{Metadata: flows.Metadata{Issuer: ts.URL, IntrospectionEndpoint: ts.URL + "/introspect"}}
	pastes := []string{"Authorization: Basic " + basic, "basic " + basic, "'Authorization: Basic\n" + basic + "'"}
	for _, paste := range pastes {
		in := Inspect(paste, Expect{})
		if in.Kind != PasteBasic || in.Token != "" || in.ClientID != "myclient" || in.ClientSecret != pastedSecret {
			t.Errorf("%q: kind %s, token %q, client %q", paste, in.Kind, in.Token, in.ClientID)
		}
		if strings.Contains(in.Summary+in.Problem, pastedSecret) || !strings.Contains(in.Summary, "Basic") {
			t.Errorf("%q: summary %q, problem %q", paste, in.Summary, in.Problem)
		}
		if !hasSecret(in.Secrets(), pastedSecret) || !hasSecret(in.Secrets(), basic) {
			t.Errorf("%q: secrets %+v", paste, in.Secrets())
		}
		in.Introspect(context.Background(), ts.Client(), Plan{Issuer: ts.URL}, d, Guards{}, true)
		if in.IntrospectErr == nil || in.Introspection != nil {
			t.Errorf("%q: introspected: %+v, %v", paste, in.Introspection, in.IntrospectErr)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests were sent for a Basic credential", n)
	}
}

// TestInspect_IntrospectionWarnsBeforeSending: an introspection endpoint
// on another host than the issuer's is warned about before the walk's
// client credentials go there; without sendAnyway nothing is sent (T1:
// the warnings were dropped and the request sent).
func TestInspect_IntrospectionWarnsBeforeSending(t *testing.T) {
	var hits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"active":true}`))
	}))
	defer other.Close()
	iss := "http://127.0.0.1:1" // the issuer's host: another port than the endpoint's
	d := &flows.Discovery{Metadata: flows.Metadata{Issuer: iss, IntrospectionEndpoint: other.URL + "/introspect"}}
	pl := Plan{Issuer: iss, Token: flows.TokenRequest{ClientID: "c", ClientSecret: pastedSecret,
		AuthMethod: flows.AuthBasic}}
	in := Inspect(strings.Repeat("Zm9vYmFy", 4), Expect{})
	var told []Warning
	g := Guards{OnWarning: func(w Warning) { told = append(told, w) }}
	in.Introspect(context.Background(), other.Client(), pl, d, g, false)
	if !in.IntrospectHeld || len(in.Warnings) == 0 || in.Warnings[0].Code != WarnOtherHost || len(told) == 0 {
		t.Fatalf("held %v, warnings %+v, told %+v", in.IntrospectHeld, in.Warnings, told)
	}
	if n := hits.Load(); n != 0 || in.Introspection != nil {
		t.Fatalf("%d requests before the person confirmed", n)
	}
	in.Introspect(context.Background(), other.Client(), pl, d, g, true)
	if n := hits.Load(); n != 1 || in.Introspection == nil || in.IntrospectHeld || len(in.Warnings) == 0 {
		t.Errorf("sent anyway: %d requests, %+v, held %v", n, in.Introspection, in.IntrospectHeld)
	}
}

func hasSecret(ss []flows.Secret, v string) bool {
	for _, s := range ss {
		if s.Value == v {
			return true
		}
	}
	return false
}

// Truncated commands and credentials are explained, never a panic.
func TestInspect_TruncatedPastes(t *testing.T) {
	for _, p := range []string{"Basic", "Basic ", "basic ####", "Authorization: Basic =", "curl -H", "curl -u",
		"curl --user=", "curl -H 'Authorization:'", "curl -d", "-H x", "a=b&c", "Authorization: Basic Og=="} {
		in := Inspect(p, Expect{})
		if in.Kind == PasteJWT || in.Problem == "" && in.Kind != PasteBasic {
			t.Errorf("%q: kind %s, problem %q", p, in.Kind, in.Problem)
		}
	}
}
