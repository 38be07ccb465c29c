package flows

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

const jsonCT = "application/json"

var (
	mdBoth = &Metadata{
		TokenEndpointAuthMethodsSupported: []string{string(AuthBasic), string(AuthPost)},
		ScopesSupported:                   []string{"read", "write"},
	}
	mdBasicOnly       = &Metadata{TokenEndpointAuthMethodsSupported: []string{string(AuthBasic)}}
	invalidClientBody = `{"error":"invalid_client","error_description":"client authentication failed"}`
)

// tokenErrorCases are token endpoint answers and what Diagnose must say.
var tokenErrorCases = []struct {
	name string
	h    http.Handler
	req  TokenRequest
	md   *Metadata
	want want
}{
	{
		"invalid_client with basic, post advertised",
		answer(401, jsonCT, invalidClientBody, "WWW-Authenticate", `Basic realm="x"`),
		TokenRequest{AuthMethod: AuthBasic},
		mdBoth,
		want{
			code:     "token.invalid_client",
			cause:    "registered for client_secret_post",
			fix:      "--probe",
			action:   "auth=client_secret_post",
			evidence: "WWW-Authenticate: Basic",
		},
	},
	{
		"invalid_client naming the method, post advertised",
		answer(
			401,
			jsonCT,
			`{"error":"invalid_client","error_description":"client 'x' may not use client_secret_basic"}`,
		),
		TokenRequest{AuthMethod: AuthBasic},
		mdBoth,
		want{
			code:   "token.invalid_client.try_post",
			cause:  "registered for client_secret_post",
			fix:    "switch to client_secret_post and retry",
			action: "auth=client_secret_post",
		},
	},
	{"invalid_client with post, basic advertised", answer(401, jsonCT, invalidClientBody),
		TokenRequest{AuthMethod: AuthPost}, mdBoth,
		want{
			code:     "token.invalid_client",
			fix:      "switch to client_secret_basic",
			action:   "auth=client_secret_basic",
			evidence: "sent with client_secret_post",
		}},
	{
		"invalid_client with basic, only basic advertised",
		answer(401, jsonCT, `{"error":"invalid_client","error_description":"the client secret is wrong"}`),
		TokenRequest{AuthMethod: AuthBasic},
		mdBasicOnly,
		want{code: "token.invalid_client", cause: "secret is wrong", fix: "copy the secret again"},
	},
	{
		"invalid_client for an unknown client",
		answer(401, jsonCT, `{"error":"invalid_client","error_description":"unknown client 'dyn-123'"}`),
		TokenRequest{AuthMethod: AuthBasic},
		mdBoth,
		want{code: "token.invalid_client", cause: "client id is wrong", fix: "the server does not know it"},
	},
	{"invalid_client: un-encoded special character in a Basic secret", basicNoDecoding("p+ss:w/rd"),
		TokenRequest{AuthMethod: AuthBasic, ClientID: "client", ClientSecret: "p+ss:w/rd"}, nil,
		want{
			code:   "token.invalid_client",
			cause:  `without form-urldecoding them (the secret has "+"`,
			action: "basic_encoding=raw",
		}},
	{"invalid_client: special character in a Basic secret, post advertised", basicNoDecoding("a b%c"),
		TokenRequest{AuthMethod: AuthBasic, ClientID: "client", ClientSecret: "a b%c"}, mdBoth,
		want{code: "token.invalid_client", cause: `"%"`, action: "basic_encoding=raw"}},
	{"invalid_scope", answer(400, jsonCT, `{"error":"invalid_scope"}`),
		TokenRequest{Scopes: []string{"read", "admin"}}, mdBoth,
		want{
			code:     "token.invalid_scope",
			cause:    "does not list admin",
			action:   "scope=read",
			evidence: "scopes_supported: read write",
		}},
	{"invalid_scope with commas", answer(400, jsonCT, `{"error":"invalid_scope"}`),
		TokenRequest{Scopes: []string{"read,write"}}, mdBoth,
		want{code: "token.invalid_scope", cause: "separated by commas", action: "scope=read write"}},
	{"unauthorized_client", answer(400, jsonCT, `{"error":"unauthorized_client"}`), TokenRequest{}, nil,
		want{code: "token.unauthorized_client", cause: "not enabled", fix: "enable the client credentials grant"}},
	{"unsupported_grant_type", answer(400, jsonCT, `{"error":"unsupported_grant_type"}`), TokenRequest{},
		&Metadata{GrantTypesSupported: []string{"authorization_code"}},
		want{
			code:     "token.unsupported_grant_type",
			cause:    "does not list client_credentials",
			fix:      "token_endpoint",
			evidence: "grant_types_supported: authorization_code",
		}},
	{
		"invalid_request asking for an audience",
		answer(400, jsonCT, `{"error":"invalid_request","error_description":"audience is required"}`),
		TokenRequest{},
		nil,
		want{code: "token.invalid_request", cause: "audience or resource", fix: "--audience"},
	},
	{
		"invalid_target",
		answer(400, jsonCT, `{"error":"invalid_target"}`),
		TokenRequest{Audience: "https://api.example"},
		nil,
		want{
			code:     "token.invalid_target",
			cause:    "registered identifier",
			fix:      "identifier exactly",
			evidence: "audience=https://api.example",
		},
	},
	{"429 with Retry-After", answer(429, "text/plain", "slow down", "Retry-After", "5"), TokenRequest{}, nil,
		want{
			code:     "token.rate_limited",
			cause:    "rate limit",
			fix:      "wait 5s",
			action:   "retry_after=5",
			evidence: "Retry-After: 5",
		}},
	{"5xx", answer(503, jsonCT, `{"error":"temporarily_unavailable"}`, "X-Request-Id", "abc123"), TokenRequest{}, nil,
		want{code: "token.server_error", cause: "outage", action: "retry", evidence: "X-Request-Id: abc123"}},
	{
		"500 with an HTML page",
		answer(500, "text/html", "<html><title>502 Bad Gateway</title></html>"),
		TokenRequest{},
		nil,
		want{code: "token.html_error", cause: "proxy", evidence: "502 Bad Gateway"},
	},
	{"200 with broken JSON", answer(200, jsonCT, `{"access_token": "x", `), TokenRequest{}, nil,
		want{code: "token.invalid_json", cause: "broken or truncated", action: "retry"}},
}

func TestDiagnose_TokenErrors(t *testing.T) {
	for _, c := range tokenErrorCases {
		t.Run(c.name, func(t *testing.T) {
			c.want.check(t, tokenFailure(t, c.h, c.req, c.md))
		})
	}
}

func TestDiagnose_TokenNonStandardAnswers(t *testing.T) {
	cases := []struct {
		name  string
		h     http.Handler
		wants []want
	}{
		{"bare 401 with an empty body", answer(401, "", ""), []want{
			{
				code:     "token.bare_401",
				cause:    "gateway",
				action:   "auth=client_secret_post",
				evidence: "no WWW-Authenticate",
			}}},
		{
			"bare 403 with an empty body",
			answer(403, "", ""),
			[]want{{code: "token.bare_403", cause: "secret is wrong"}},
		},
		{
			"error code outside RFC 6749",
			answer(401, jsonCT, `{"error":"invalid_credentials","error_description":"Bad client credentials"}`),
			[]want{
				{
					code:  "token.nonstandard_error",
					cause: "closest to the standard invalid_client",
					fix:   "treat it as invalid_client",
				},
				{code: "token.invalid_client", action: "auth=client_secret_post"}},
		},
		{"text/plain error", answer(400, "text/plain", "Invalid scope requested"), []want{
			{code: "token.plain_text_error", cause: "does not follow RFC 6749", fix: "invalid_scope"},
			{code: "token.invalid_scope"}}},
		{
			"Microsoft Entra AADSTS code",
			answer(
				401,
				jsonCT,
				`{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent is the client secret value."}`,
			),
			[]want{
				{code: "vendor.entra.AADSTS7000215", cause: "secret's ID was used", fix: "not its Secret ID"},
				{code: "token.invalid_client"}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds := tokenFailure(t, c.h, TokenRequest{AuthMethod: AuthBasic}, mdBoth)
			for _, w := range c.wants {
				w.check(t, ds)
			}
			if string(ds[0].Code) != c.wants[0].code {
				t.Errorf("first diagnosis is %q, want %q", ds[0].Code, c.wants[0].code)
			}
		})
	}
}

// basicNoDecoding is a token endpoint that, like many real ones, compares
// the Basic credentials without form-urldecoding them (RFC 6749 §2.3.1
// says to), so secrets with special characters fail with basic only.
func basicNoDecoding(secret string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		_, pw, ok := r.BasicAuth()
		if ok && pw == secret || !ok && r.PostForm.Get("client_secret") == secret {
			answer(200, jsonCT, `{"access_token":"t","token_type":"Bearer","expires_in":60}`)(w, r)
			return
		}
		answer(401, jsonCT, `{"error":"invalid_client"}`, "WWW-Authenticate", `Basic realm="x"`)(w, r)
	}
}

// TestDiagnose_BasicEncodingAdviceWorks applies the suggested action and
// expects the token.
func TestDiagnose_BasicEncodingAdviceWorks(t *testing.T) {
	r := TokenRequest{AuthMethod: AuthBasic, ClientID: "client", ClientSecret: "p+ss:w/rd"}
	ds := tokenFailure(t, basicNoDecoding(r.ClientSecret), r, nil)
	var raw Fix
	for _, f := range ds[0].Fixes {
		if f.Kind == FixBasicEnc {
			raw = f
		}
	}
	if raw.Action() != "basic_encoding=raw" {
		t.Fatalf("got fixes %+v, want basic_encoding=raw", ds[0].Fixes)
	}
	ts := httptest.NewServer(basicNoDecoding(r.ClientSecret))
	defer ts.Close()
	r.TokenURL, r.BasicEncoding = ts.URL, BasicEncoding(raw.Value)
	if _, _, err := RequestToken(context.Background(), ts.Client(), r); err != nil {
		t.Fatalf("with the advice applied: %v", err)
	}
}

func TestDiagnose_WrongSecretSaidPlainlyOffersNoAuthSwitch(t *testing.T) {
	h := answer(
		401,
		jsonCT,
		`{"error":"invalid_client","error_description":"the client secret is wrong for client 'c'"}`,
	)
	ds := tokenFailure(t, h, TokenRequest{AuthMethod: AuthBasic}, mdBoth)
	want{code: "token.invalid_client", cause: "secret is wrong", fix: "copy the secret again"}.check(t, ds)
	for _, d := range ds {
		for _, f := range d.Fixes {
			if f.Kind == FixAuth {
				t.Errorf("got fix %q (%s): the server said the secret is wrong", f.Text, f.Action())
			}
		}
	}
}
