package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// Copied curl uses the profile's own variable names and -u for Basic.
func TestCurl_ProfileVariablesAndU(t *testing.T) {
	t.Setenv("OL_T_DEMO_SECRET", testSecret)
	t.Setenv("OL_T_API_KEY", testAPIKey)
	p := profiles.Profile{
		Name:         "acme",
		Issuer:       testIssuer,
		ClientID:     "demo-client",
		ClientSecret: "env:OL_T_DEMO_SECRET",
		AuthMethod:   flows.AuthBasic,
		APIBaseURL:   testAudience,
		TestRequest:  profiles.Request{Method: "GET", Path: "/me"},
		APIHeaders:   map[string]string{"X-Api-Key": "env:OL_T_API_KEY"},
	}
	opts, err := ProfileOptions(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	opts.Now = testOptions().Now
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	tok := m.curlFor(tokenRequestExchange(200, `{}`, ""))
	if !strings.Contains(tok, `-u demo-client:"$OL_T_DEMO_SECRET"`) || strings.Contains(tok, "Authorization") {
		t.Errorf("token curl: %s", tok)
	}
	call := m.curlFor(callExchange("call", 200, testJWT(), `{}`))
	if !strings.Contains(call, `"$OL_T_API_KEY"`) {
		t.Errorf("call curl: %s", call)
	}
	for _, c := range []string{tok, call} {
		mustNotContain(t, "copied curl", c, testSecret, testAPIKey, testJWT())
	}
}

// e exports what works: the token from oauthlens token, the call as curl,
// secrets as references and variables.
func TestExport_Snippet(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepCall)
	if _, err := m.exportSnippet(); err == nil {
		t.Error("an export before any call worked")
	}
	m = press(t, m, "enter")
	m = update(t, m, calledOK(m.seq, testJWT()))
	s, err := m.exportSnippet()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ACCESS_TOKEN=$(oauthlens token --issuer https://auth.example.com --client-id demo-client " +
		"--client-secret env:CLIENT_SECRET", `-H 'Authorization: Bearer '"$ACCESS_TOKEN"`, "https://api.example.com/me"} {
		if !strings.Contains(s, want) {
			t.Errorf("snippet lacks %q:\n%s", want, s)
		}
	}
	mustNotContain(t, "snippet", s, testSecret, testAPIKey, testJWT())
}
