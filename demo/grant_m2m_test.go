package demo_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// subjectToken gets a client credentials token from the default client.
func subjectToken(t *testing.T, url string) string {
	t.Helper()
	tok, _, err := flows.RequestToken(context.Background(), http.DefaultClient, flows.TokenRequest{
		TokenURL: url + "/token", ClientID: demo.ClientID, ClientSecret: demo.ClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	return tok.AccessToken
}

func TestTokenExchange_ImpersonationAndDelegation(t *testing.T) {
	_, ts := demoServer(t)
	subject := subjectToken(t, ts.URL)
	actor, _, err := flows.RequestToken(context.Background(), http.DefaultClient, flows.TokenRequest{
		TokenURL: ts.URL + "/token", ClientID: demo.JWTClientID, AuthMethod: flows.AuthPrivateKeyJWT, Key: demoKey(t)})
	if err != nil {
		t.Fatal(err)
	}
	for name, g := range map[string]flows.TokenExchange{
		"impersonation": {SubjectToken: subject, SubjectTokenType: "access_token"},
		"delegation": {SubjectToken: subject, SubjectTokenType: "access_token", ActorToken: actor.AccessToken,
			ActorTokenType: "access_token", RequestedTokenType: "access_token"},
	} {
		t.Run(name, func(t *testing.T) {
			tok, ex, err := flows.RequestToken(context.Background(), http.DefaultClient, flows.TokenRequest{
				TokenURL: ts.URL + "/token", ClientID: demo.PublicClientID, AuthMethod: flows.AuthNone,
				Scopes: []string{"api:read"}, Grant: g})
			if err != nil {
				t.Fatalf("%v: %s", err, ex.ResponseBody)
			}
			d, _ := flows.DecodeJWT(tok.AccessToken)
			issued := tok.Fields["issued_token_type"]
			if d.Claims["sub"] != demo.ClientID || issued != "urn:ietf:params:oauth:token-type:access_token" {
				t.Errorf("sub %v, issued_token_type %v", d.Claims["sub"], issued)
			}
			act, _ := d.Claims["act"].(map[string]any)
			if (g.ActorToken != "") != (act != nil) || (act != nil && act["sub"] != demo.JWTClientID) {
				t.Errorf("act: got %v", d.Claims["act"])
			}
		})
	}
}

func TestTokenExchange_Refused(t *testing.T) {
	_, ts := demoServer(t)
	for name, tt := range map[string]struct {
		g    flows.TokenExchange
		want string
	}{
		"not our token": {flows.TokenExchange{SubjectToken: "eyJhbGciOiJub25lIn0.e30.", SubjectTokenType: "jwt"},
			"invalid_grant"},
		"saml": {flows.TokenExchange{SubjectToken: "x", SubjectTokenType: "saml2"}, "not accepted here"},
	} {
		_, ex, err := flows.RequestToken(context.Background(), http.DefaultClient, flows.TokenRequest{
			TokenURL: ts.URL + "/token", ClientID: demo.PublicClientID, AuthMethod: flows.AuthNone, Grant: tt.g})
		if err == nil || !strings.Contains(string(ex.ResponseBody), tt.want) {
			t.Errorf("%s: got %v %s, want %q", name, err, ex.ResponseBody, tt.want)
		}
	}
}

func TestJWTBearer_SignedByTheClient(t *testing.T) {
	_, ts := demoServer(t)
	req := flows.TokenRequest{
		TokenURL:   ts.URL + "/token",
		ClientID:   demo.JWTClientID,
		AuthMethod: flows.AuthPrivateKeyJWT,
		Key:        demoKey(t),
		Grant:      flows.JWTBearer{Key: demoKey(t), Subject: "alice@example.com"},
	}
	tok, ex, err := flows.RequestToken(context.Background(), http.DefaultClient, req)
	if err != nil {
		t.Fatalf("%v: %s", err, ex.ResponseBody)
	}
	if d, _ := flows.DecodeJWT(tok.AccessToken); d.Claims["sub"] != "alice@example.com" {
		t.Errorf("sub: got %v", d.Claims["sub"])
	}
	other, _, _ := flows.GenerateSigningKey("ES256")
	req.Grant = flows.JWTBearer{Key: other}
	if _, ex, err := flows.RequestToken(context.Background(), http.DefaultClient, req); err == nil ||
		!strings.Contains(string(ex.ResponseBody), "invalid_grant") {
		t.Errorf("an assertion signed with another key: got %v %s", err, ex.ResponseBody)
	}
}
