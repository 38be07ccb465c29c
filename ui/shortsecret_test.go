package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

// Bug 5: a short secret ("wrong") is masked where the field is known (the
// Basic header, the secret field), never inside the server's words.
func TestShortSecret_ServerWordsKept(t *testing.T) {
	opts := testOptions()
	opts.ClientSecret = "wrong"
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = walkTo(t, m, stepToken)
	m = press(t, m, "enter")
	body := `{"error":"invalid_client","error_description":"the client secret is wrong"}`
	ex := tokenRequestExchange(401, body, "")
	ex.Secrets = []flows.Secret{{Name: "CLIENT_SECRET", Value: "wrong"},
		{Name: "CLIENT_CREDENTIALS", Value: flows.BasicCredentials("demo-client", "wrong")}}
	for i, h := range ex.RequestHeader {
		if h.Name == "Authorization" {
			ex.RequestHeader[i].Value = "Basic " + flows.BasicCredentials("demo-client", "wrong")
		}
	}
	msg := tokenFetchedMsg{seq: m.seq, ex: ex, err: &flows.OAuthError{Step: "token", Code: "invalid_client",
		Description: "the client secret is wrong", StatusCode: 401, Status: "401 Unauthorized",
		Header: jsonHeader(), Body: []byte(body)}}
	m = update(t, m, msg)
	v := plainView(m)
	if !strings.Contains(v, "the client secret is wrong") {
		t.Errorf("the server's words are masked:\n%s", v)
	}
	mustNotContain(t, "the walk", v, flows.BasicCredentials("demo-client", "wrong"))
	if z := plainView(press(t, m, "r")); !strings.Contains(z, "Authorization: Basic ••••••••") ||
		!strings.Contains(z, `"the client secret is wrong"`) {
		t.Errorf("zoomed exchange: want the header masked and the body's words kept:\n%s", z)
	}
}
