package interop

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// registerKeyClient registers a private_key_jwt client with the public
// half of a new key for alg (RFC 7591 jwks) and returns it with its key.
func (s *server) registerKeyClient(t *testing.T, alg string) (flows.Registration, *flows.SigningKey, []byte) {
	t.Helper()
	key, pemBytes, err := flows.GenerateSigningKey(alg)
	if err != nil {
		t.Fatal(err)
	}
	jwks, _ := key.PublicJWKS()
	r := s.registration(flows.AuthPrivateKeyJWT, "api:read")
	r.Metadata = map[string]any{"response_types": []any{}, "jwks": jwks}
	reg, _ := s.register(t, r)
	if reg.TokenEndpointAuthMethod != string(flows.AuthPrivateKeyJWT) {
		t.Fatalf("registered with %q", reg.TokenEndpointAuthMethod)
	}
	return reg, key, pemBytes
}

// testPrivateKeyJWT: oidc-provider accepts oauthlens's assertions signed
// with RS256, PS256, ES256 and EdDSA keys, with aud the token endpoint or
// the issuer, and refuses one signed by another key.
func testPrivateKeyJWT(t *testing.T, s *server) {
	for _, alg := range []string{"RS256", "PS256", "ES256", "EdDSA"} {
		reg, key, _ := s.registerKeyClient(t, alg)
		for _, aud := range []string{"", s.issuer} {
			req := flows.TokenRequest{TokenURL: s.md.TokenEndpoint, ClientID: reg.ClientID,
				AuthMethod: flows.AuthPrivateKeyJWT, Key: key, AssertionAudience: aud, Scopes: []string{"api:read"}}
			tok, _ := s.token(t, req)
			checkBearer(t, tok)
		}
	}
	reg, _, _ := s.registerKeyClient(t, "ES256")
	other, _, _ := flows.GenerateSigningKey("ES256")
	_, ex, err := flows.RequestToken(t.Context(), s.hc, flows.TokenRequest{TokenURL: s.md.TokenEndpoint,
		ClientID: reg.ClientID, AuthMethod: flows.AuthPrivateKeyJWT, Key: other})
	if err == nil || ex.Status != 401 {
		t.Errorf("an assertion signed by an unregistered key: got %v, status %d", err, ex.Status)
	}
	ds := flows.Diagnose(err, flows.Context{Step: flows.StepToken, Request: &flows.TokenRequest{
		ClientID: reg.ClientID, AuthMethod: flows.AuthPrivateKeyJWT, Key: other}, Metadata: &s.md, Exchanges: []flows.Exchange{ex}})
	if len(ds) == 0 || !strings.HasPrefix(string(ds[0].Code), "token.assertion.") {
		t.Errorf("diagnosis: got %+v, want a token.assertion.* one", ds)
	}
}

// testClientSecretJWT: an HS256 assertion made with the registered secret.
func testClientSecretJWT(t *testing.T, s *server) {
	r := s.registration(flows.AuthClientSecretJWT, "api:read")
	reg, _ := s.register(t, r)
	tok, _ := s.token(t, flows.TokenRequest{TokenURL: s.md.TokenEndpoint, ClientID: reg.ClientID,
		ClientSecret: reg.ClientSecret, AuthMethod: flows.AuthClientSecretJWT, Scopes: []string{"api:read"}})
	checkBearer(t, tok)
}

// testAuthNone: a public client gets a token with its client_id alone
// through flows (oidc-provider allows none with client credentials).
func testAuthNone(t *testing.T, s *server) {
	r := s.registration(flows.AuthBasic)
	r.Metadata = map[string]any{"response_types": []any{}, "token_endpoint_auth_method": "none"}
	reg, _ := s.register(t, r)
	tok, ex := s.token(t, flows.TokenRequest{TokenURL: s.md.TokenEndpoint, ClientID: reg.ClientID,
		AuthMethod: flows.AuthNone})
	checkBearer(t, tok)
	if strings.Contains(string(ex.RequestBody), "client_secret") || len(ex.RequestHeader) == 0 {
		t.Errorf("a none request carried a secret: %s", ex.RequestBody)
	}
}

// testDPoPWithNonce: oidc-provider requires a DPoP nonce; the walk's retry
// with it is its own exchange, the token is DPoP-bound to the walk's key.
func testDPoPWithNonce(t *testing.T, s *server) {
	d, err := flows.NewDPoP("ES256")
	if err != nil {
		t.Fatal(err)
	}
	pl := walk.Plan{Token: s.tokenRequest(ccBasic, "api:read")}
	pl.Token.DPoP = d
	res, err := walk.Acquire(t.Context(), s.hc, &pl, walk.Guards{})
	if err != nil {
		t.Fatalf("%v", err)
	}
	if len(res.Exchanges) != 2 {
		t.Fatalf("got %d exchanges, want the use_dpop_nonce answer and the retry", len(res.Exchanges))
	}
	if nonce, ok := flows.DPoPNonce(res.Exchanges[0]); !ok || nonce == "" {
		t.Errorf("the first answer is not use_dpop_nonce: %s", res.Exchanges[0].ResponseBody)
	}
	if why := d.DPoPBinding(res.Token); why != "" {
		t.Errorf("binding: %s", why)
	}
}

// testCLIPrivateKeyJWT is the new user's path against a real server: keys
// new, register --jwks-from, token from the saved profile.
func testCLIPrivateKeyJWT(t *testing.T, s *server) {
	c := buildCLI(t, s.issuer)
	cfg := t.TempDir()
	env := []string{"XDG_CONFIG_HOME=" + cfg}
	r := c.run(t, env, "keys", "new", "--alg", "RS256", "--name", "interop-key")
	if r.code != 0 {
		t.Fatalf("keys new: %d\n%s", r.code, r.stderr)
	}
	ref := "file:" + filepath.Join(cfg, "oauthlens", "secrets", "interop-key")
	if _, err := os.Stat(strings.TrimPrefix(ref, "file:")); err != nil {
		t.Fatal(err)
	}
	r = c.run(t, env, "register", "--issuer", s.issuer, "--name", "interop pkjwt", "--scope", "api:read",
		"--jwks-from", ref, "--metadata", `{"response_types":[]}`, "--save-profile", "pk")
	if r.code != 0 || !strings.Contains(r.stdout, "Token test: OK") {
		t.Fatalf("register: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = c.run(t, env, "token", "-p", "pk", "--assertion-aud", "issuer", "--dpop")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "eyJ") || !strings.Contains(r.stderr, "DPoP-bound") {
		t.Errorf("token -p pk --dpop: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}
