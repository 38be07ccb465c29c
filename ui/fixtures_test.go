package ui

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

// The fixed world of the pure tests.
var testNow = time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)

const (
	testIssuer   = "https://auth.example.com"
	testSecret   = "s3cr3t-VALUE-never-shown"
	testAPIKey   = "apikey-VALUE-never-shown"
	testAudience = "https://api.example.com"
)

func testOptions() Options {
	return Options{
		Issuer: testIssuer, Discovery: "auto", ClientID: "demo-client", ClientSecret: testSecret,
		AuthMethod: flows.AuthBasic, Scopes: []string{"api:read", "api:write"}, Audience: testAudience,
		APIMethod: "GET", APIURL: testAudience + "/me", APIHeaders: []string{"X-Api-Key: " + testAPIKey},
		SecretHeaders: []string{"X-Api-Key"}, Title: "test", Now: func() time.Time { return testNow },
	}
}

// newTestModel returns a model of the given size.
func newTestModel(t testing.TB, w, h int) Model {
	t.Helper()
	return update(t, New(testOptions()), tea.WindowSizeMsg{Width: w, Height: h})
}

func update(t testing.TB, m Model, msg tea.Msg) Model {
	t.Helper()
	next, _ := m.Update(msg)
	return next.(Model)
}

func updateCmd(t testing.TB, m Model, msg tea.Msg) (Model, tea.Cmd) {
	t.Helper()
	next, cmd := m.Update(msg)
	return next.(Model), cmd
}

// keyMsg builds a key press from its name ("enter", "shift+tab", "q").
func keyMsg(name string) tea.KeyPressMsg {
	switch name {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}

func press(t testing.TB, m Model, keys ...string) Model {
	t.Helper()
	for _, k := range keys {
		m = update(t, m, keyMsg(k))
	}
	return m
}

func typeText(t testing.TB, m Model, s string) Model {
	t.Helper()
	for _, r := range s {
		m = update(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func jsonHeader() http.Header { return http.Header{"Content-Type": {"application/json"}} }

// exchange builds a recorded exchange with fixed times.
func exchange(
	label, method, url string,
	status int,
	reqHeader []flows.HeaderField,
	reqBody, respBody string,
) flows.Exchange {
	return flows.Exchange{
		Label: label, Method: method, URL: url, Proto: "HTTP/1.1", RequestHeader: reqHeader, HeaderWritten: true,
		RequestBody: []byte(reqBody), Status: status, StatusText: fmt.Sprintf("%d %s", status, http.StatusText(status)),
		ResponseHeader: jsonHeader(), ResponseBody: []byte(respBody), Started: testNow.Add(-2 * time.Minute),
		Duration: 12 * time.Millisecond,
	}
}

func discoveryDoc() flows.Metadata {
	return flows.Metadata{
		Issuer: testIssuer, TokenEndpoint: testIssuer + "/token", JWKSURI: testIssuer + "/jwks",
		GrantTypesSupported:               []string{"client_credentials"},
		TokenEndpointAuthMethodsSupported: []string{"client_secret_basic", "client_secret_post"},
		ScopesSupported:                   []string{"api:read", "api:write"},
	}
}

func discoveredOK(seq int) discoveredMsg {
	md := discoveryDoc()
	body, _ := json.Marshal(
		map[string]any{"issuer": md.Issuer, "token_endpoint": md.TokenEndpoint, "jwks_uri": md.JWKSURI,
			"grant_types_supported": md.GrantTypesSupported, "token_endpoint_auth_methods_supported": md.TokenEndpointAuthMethodsSupported,
			"scopes_supported": md.ScopesSupported},
	)
	u := testIssuer + "/.well-known/openid-configuration"
	ex := exchange(
		"discovery",
		"GET",
		u,
		200,
		[]flows.HeaderField{{Name: "Accept", Value: "application/json"}},
		"",
		string(body),
	)
	d := flows.Discovery{Asked: testIssuer, URL: u, Form: flows.FormOIDC, Metadata: md,
		Attempts: []flows.Attempt{{Form: flows.FormOIDC, URL: u, Status: 200}}}
	return discoveredMsg{seq: seq, disc: d, exs: []flows.Exchange{ex}}
}

func discoveredFailed(seq int) discoveredMsg {
	u := testIssuer + "/.well-known/openid-configuration"
	ex := exchange("discovery", "GET", u, 404, nil, "", `{"error":"not_found"}`)
	oe := &flows.OAuthError{
		Step:       "discovery",
		StatusCode: 404,
		Status:     "404 Not Found",
		Header:     jsonHeader(),
		Body:       ex.ResponseBody,
	}
	att := []flows.Attempt{{Form: flows.FormOIDC, URL: u, Status: 404, Err: oe.Error()}}
	return discoveredMsg{seq: seq, disc: flows.Discovery{Asked: testIssuer, Attempts: att}, exs: []flows.Exchange{ex},
		err: &flows.DiscoveryError{Attempts: att, Last: oe}}
}

// testJWT is an unsigned-looking JWT with fixed claims: decoding is for
// display, and the tests say what the signature check found.
func testJWT() string { return testJWTExp(testNow.Add(58 * time.Minute)) }

// testJWTExp is testJWT with another exp claim.
func testJWTExp(exp time.Time) string {
	enc := func(v any) string { b, _ := json.Marshal(v); return base64.RawURLEncoding.EncodeToString(b) }
	claims := map[string]any{"iss": testIssuer, "sub": "demo-client", "aud": testAudience, "client_id": "demo-client",
		"exp": exp.Unix(), "iat": testNow.Add(-2 * time.Minute).Unix(),
		"nbf": testNow.Add(-2 * time.Minute).Unix(), "jti": "jti-1", "scope": "api:read api:write"}
	return enc(map[string]any{"alg": "RS256", "kid": "key-1", "typ": "at+jwt"}) + "." + enc(claims) + ".c2lnbmF0dXJl"
}

func tokenRequestExchange(status int, respBody, accessToken string) flows.Exchange {
	creds := flows.BasicCredentials("demo-client", testSecret)
	ex := exchange("token", "POST", testIssuer+"/token", status, []flows.HeaderField{
		{
			Name:  "Content-Type",
			Value: "application/x-www-form-urlencoded",
		}, {Name: "Authorization", Value: "Basic " + creds}},
		"grant_type=client_credentials&audience="+testAudience+"&scope=api%3Aread+api%3Awrite", respBody)
	ex.Secrets = []flows.Secret{{Name: "CLIENT_SECRET", Value: testSecret}}
	if accessToken != "" {
		ex.Secrets = append(ex.Secrets, flows.Secret{Name: "ACCESS_TOKEN", Value: accessToken})
	}
	return ex
}

func tokenOK(seq int, raw string) tokenFetchedMsg {
	body := fmt.Sprintf(`{"access_token":%q,"token_type":"Bearer","expires_in":3600,"scope":"api:read api:write"}`, raw)
	tok := flows.Token{
		AccessToken:  raw,
		TokenType:    "Bearer",
		ExpiresIn:    3600,
		HasExpiresIn: true,
		Scope:        "api:read api:write",
		ReceivedAt:   testNow.Add(-2 * time.Minute),
		ExpiresAt:    testNow.Add(58 * time.Minute),
		Fields: map[string]any{
			"access_token": raw,
			"token_type":   "Bearer",
			"expires_in":   json.Number("3600"),
			"scope":        "api:read api:write",
		},
	}
	c := tokenCheck{jwksURL: testIssuer + "/jwks"}
	c.jwt, c.jwtErr = flows.DecodeJWT(raw)
	if c.jwtErr == nil {
		c.ver, c.verified = flows.Verification{Verified: true, KID: "key-1", Alg: "RS256", KeyFound: true}, true
		jex := exchange(
			"jwks",
			"GET",
			testIssuer+"/jwks",
			200,
			nil,
			"",
			`{"keys":[{"kty":"RSA","kid":"key-1","n":"AQAB","e":"AQAB"}]}`,
		)
		c.jwksEx = &jex
	}
	return tokenFetchedMsg{seq: seq, tok: tok, ex: tokenRequestExchange(200, body, raw), check: c}
}

func tokenFailed(seq int) tokenFetchedMsg {
	body := `{"error":"invalid_client","error_description":"client authentication failed"}`
	ex := tokenRequestExchange(401, body, "")
	return tokenFetchedMsg{seq: seq, ex: ex, err: &flows.OAuthError{Step: "token", Code: "invalid_client",
		Description: "client authentication failed", StatusCode: 401, Status: "401 Unauthorized", Header: jsonHeader(), Body: []byte(body)}}
}

func callExchange(label string, status int, token, body string) flows.Exchange {
	ex := exchange(label, "GET", testAudience+"/me", status, []flows.HeaderField{
		{Name: "Authorization", Value: "Bearer " + token}, {Name: "X-Api-Key", Value: testAPIKey}}, "", body)
	ex.Secrets = []flows.Secret{{Name: "ACCESS_TOKEN", Value: token}, {Name: "X_API_KEY", Value: testAPIKey}}
	ex.SecretHeaders = []string{"X-Api-Key"}
	return ex
}

func calledOK(seq int, token string) calledMsg {
	ex := callExchange("call", 200, token, `{"sub":"demo-client","scope":"api:read api:write","message":"hello"}`)
	return calledMsg{
		seq: seq,
		res: flows.CallResult{Status: 200, Header: ex.ResponseHeader, Body: ex.ResponseBody},
		exs: []flows.Exchange{ex},
	}
}

func calledFailed(seq int, token string) calledMsg {
	ex := callExchange("call", 401, token, `{"error":"invalid_token"}`)
	ex.ResponseHeader.Set(
		"WWW-Authenticate",
		`Bearer realm="api", error="invalid_token", error_description="the token expired"`,
	)
	err := &flows.OAuthError{Step: "API call", Code: "invalid_token", Description: "the token expired", StatusCode: 401,
		Status: "401 Unauthorized", Header: ex.ResponseHeader, Body: ex.ResponseBody}
	return calledMsg{seq: seq, res: flows.CallResult{Status: 401}, exs: []flows.Exchange{ex}, err: err}
}

// calledRetried is a call refused with 401, a new token, and a retry.
func calledRetried(seq int, oldTok, newTok string) calledMsg {
	first := callExchange("call", 401, oldTok, `{"error":"invalid_token"}`)
	tokEx := tokenRequestExchange(
		200,
		fmt.Sprintf(`{"access_token":%q,"token_type":"Bearer","expires_in":3600}`, newTok),
		newTok,
	)
	retry := callExchange("call (retry)", 200, newTok, `{"sub":"demo-client","message":"hello again"}`)
	fresh := tokenOK(seq, newTok)
	return calledMsg{seq: seq, res: flows.CallResult{Status: 200, Retried: true, Token: fresh.tok},
		exs: []flows.Exchange{first, tokEx, retry}, check: &fresh.check}
}

// walkTo runs the steps before step i with successful answers.
func walkTo(t testing.TB, m Model, i int) Model {
	t.Helper()
	if i > stepDiscover {
		m = press(t, m, "1", "enter")
		m = update(t, m, discoveredOK(m.seq))
	}
	if i > stepClient {
		m = press(t, m, "2", "enter")
	}
	if i > stepToken {
		m = press(t, m, "3", "enter")
		m = update(t, m, tokenOK(m.seq, testJWT()))
	}
	return press(t, m, fmt.Sprint(i+1))
}

func viewText(m Model) string { return m.View().Content }

// mustNotContain fails when a secret shows.
func mustNotContain(t *testing.T, where, s string, secrets ...string) {
	t.Helper()
	for _, sec := range secrets {
		if sec != "" && strings.Contains(s, sec) {
			t.Errorf("%s shows the secret %q", where, sec)
		}
	}
}
