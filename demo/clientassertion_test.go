package demo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

func demoServer(t *testing.T, faults ...string) (*demo.Server, *httptest.Server) {
	t.Helper()
	s := demo.New(demo.Config{Faults: faults})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

// demoKey is the demo JWT client's private key.
func demoKey(t *testing.T) *flows.SigningKey {
	t.Helper()
	k, err := flows.ParseSigningKeyPEM([]byte(demo.JWTClientKeyPEM), "")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestToken_PrivateKeyJWTAndClientSecretJWT(t *testing.T) {
	_, ts := demoServer(t)
	tests := []flows.TokenRequest{
		{ClientID: demo.JWTClientID, AuthMethod: flows.AuthPrivateKeyJWT, Key: demoKey(t)},
		{ClientID: demo.JWTClientID, AuthMethod: flows.AuthPrivateKeyJWT, Key: demoKey(t), AssertionAudience: ts.URL},
		{ClientID: demo.JWTClientID, AuthMethod: flows.AuthClientSecretJWT, ClientSecret: demo.JWTClientSecret},
	}
	for _, req := range tests {
		t.Run(string(req.AuthMethod)+" "+req.AssertionAudience, func(t *testing.T) {
			req.TokenURL = ts.URL + "/token"
			tok, ex, err := flows.RequestToken(context.Background(), http.DefaultClient, req)
			if err != nil {
				t.Fatalf("%v\n%s", err, ex.ResponseBody)
			}
			if tok.AccessToken == "" {
				t.Fatal("no access token")
			}
		})
	}
}

func TestToken_ClientAssertionRefused(t *testing.T) {
	other, _, _ := flows.GenerateSigningKey("ES256")
	tests := []struct {
		name, fault string
		req         flows.TokenRequest
		want        string
	}{
		{"unregistered key", "", flows.TokenRequest{Key: other}, "is not a registered key"},
		{"aud issuer only", string(demo.FaultAssertionAudIssuer), flows.TokenRequest{}, "aud"},
		{"short exp", string(demo.FaultAssertionShortExp), flows.TokenRequest{}, "too far in the future"},
		{"replay", string(demo.FaultAssertionReplay), flows.TokenRequest{}, "already used"},
		{"kid unknown", string(demo.FaultAssertionKIDRotate), flows.TokenRequest{}, "is not a registered key"},
		{"alg", string(demo.FaultAssertionRS256Only), flows.TokenRequest{}, "algorithms accepted: RS256"},
		{"wrong client", "", flows.TokenRequest{ClientID: demo.ClientID}, "may not use private_key_jwt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ts := demoServer(t, tt.fault)
			req := tt.req
			req.TokenURL, req.AuthMethod = ts.URL+"/token", flows.AuthPrivateKeyJWT
			if req.ClientID == "" {
				req.ClientID = demo.JWTClientID
			}
			if req.Key == nil {
				req.Key = demoKey(t)
			}
			_, ex, err := flows.RequestToken(context.Background(), http.DefaultClient, req)
			if err == nil || ex.Status != http.StatusUnauthorized ||
				!strings.Contains(string(ex.ResponseBody), tt.want) {
				t.Fatalf("got %v %d %s, want 401 saying %q", err, ex.Status, ex.ResponseBody, tt.want)
			}
		})
	}
}

func TestToken_AssertionReplayRefused(t *testing.T) {
	_, ts := demoServer(t)
	req := flows.TokenRequest{TokenURL: ts.URL + "/token", ClientID: demo.JWTClientID,
		AuthMethod: flows.AuthPrivateKeyJWT, Key: demoKey(t)}
	_, ex, err := flows.RequestToken(context.Background(), http.DefaultClient, req)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := http.NewRequest(http.MethodPost, ex.URL, bytes.NewReader(ex.RequestBody))
	again.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(again)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("replayed assertion: got %d, want 401", resp.StatusCode)
	}
}

func TestRegister_PrivateKeyJWTWithJWKS(t *testing.T) {
	_, ts := demoServer(t)
	key, _, _ := flows.GenerateSigningKey("EdDSA")
	jwks, _ := key.PublicJWKS()
	body, _ := json.Marshal(map[string]any{"grant_types": []string{"client_credentials"},
		"token_endpoint_auth_method": "private_key_jwt", "jwks": jwks})
	resp, err := http.Post(ts.URL+"/register", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var reg map[string]any
	json.NewDecoder(resp.Body).Decode(&reg)
	if resp.StatusCode != http.StatusCreated || reg["client_secret"] != nil {
		t.Fatalf("got %d %v, want 201 without a client_secret", resp.StatusCode, reg)
	}
	req := flows.TokenRequest{TokenURL: ts.URL + "/token", ClientID: reg["client_id"].(string),
		AuthMethod: flows.AuthPrivateKeyJWT, Key: key}
	if _, ex, err := flows.RequestToken(context.Background(), http.DefaultClient, req); err != nil {
		t.Fatalf("%v: %s", err, ex.ResponseBody)
	}
}

func TestRegister_JWKSRequiredAndPublic(t *testing.T) {
	_, ts := demoServer(t)
	for _, md := range []string{
		`{"grant_types":["client_credentials"],"token_endpoint_auth_method":"private_key_jwt"}`,
		`{"grant_types":["client_credentials"],"token_endpoint_auth_method":"private_key_jwt",` +
			`"jwks":{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}}`,
	} {
		resp, err := http.Post(ts.URL+"/register", "application/json", strings.NewReader(md))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: got %d, want 400", md, resp.StatusCode)
		}
	}
}
