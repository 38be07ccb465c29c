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
