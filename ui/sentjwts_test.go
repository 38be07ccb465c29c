package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// TestExchangePane_DecodedClientAssertion: the token exchange of a
// private_key_jwt request shows the assertion's header and claims, while
// the assertion itself (and so its signature) stays masked.
func TestExchangePane_DecodedClientAssertion(t *testing.T) {
	ts := httptest.NewServer(demo.New(demo.Config{}).Handler())
	defer ts.Close()
	key, err := flows.ParseSigningKeyPEM([]byte(demo.JWTClientKeyPEM), "")
	if err != nil {
		t.Fatal(err)
	}
	_, ex, err := flows.RequestToken(context.Background(), http.DefaultClient, flows.TokenRequest{
		TokenURL: ts.URL + "/token", ClientID: demo.JWTClientID, AuthMethod: flows.AuthPrivateKeyJWT, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	text := ansi.Strip(strings.Join(formatExchange(newStyles(true, true), ex, false, 100), "\n"))
	for _, want := range []string{"decoded client_assertion", `"alg":"ES256"`, `"kid":"` + key.KID,
		`"iss":"` + demo.JWTClientID, `"aud":"` + ts.URL + `/token"`, "not shown"} {
		if !strings.Contains(strings.ReplaceAll(text, "\n", ""), want) {
			t.Errorf("the pane lacks %q:\n%s", want, text)
		}
	}
	var assertion string
	for _, s := range ex.Secrets {
		if s.Name == "CLIENT_ASSERTION" {
			assertion = s.Value
		}
	}
	sig := assertion[strings.LastIndex(assertion, ".")+1:]
	if assertion == "" || strings.Contains(strings.ReplaceAll(text, "\n", ""), sig[:16]) {
		t.Errorf("the signature shows:\n%s", text)
	}
}

// TestTokenStep_GrantField: the grant typed in step 3 is the grant sent,
// with the plan's subject token; an unknown name is not sent.
func TestTokenStep_GrantField(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m.plan.GrantPlan.SubjectTokenRef, m.plan.GrantPlan.SubjectTokenType = "subject-token-0123456789", "access_token"
	m.token.form.fields[fGrant].input.SetValue("token_exchange")
	pl, err := m.sendPlan().build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	te, ok := pl.Token.Grant.(flows.TokenExchange)
	if !ok || te.SubjectToken != "subject-token-0123456789" || te.SubjectTokenType != "access_token" {
		t.Fatalf("grant: got %#v", pl.Token.Grant)
	}
	m.token.form.fields[fGrant].input.SetValue("password")
	if pl, _ := m.sendPlan().build(context.Background()); pl.Token.Grant != nil {
		t.Errorf("an unknown grant was sent: %#v", pl.Token.Grant)
	}
}
