package interop

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

// jwks fetches the JWK Set from the discovered jwks_uri.
func (s *server) jwks(t *testing.T) []byte {
	t.Helper()
	set, _, err := flows.FetchJWKS(t.Context(), s.hc, s.md.JWKSURI)
	if err != nil {
		t.Fatalf("JWKS from %s: %v", s.md.JWKSURI, err)
	}
	return set
}

// testJWT: the access tokens of the two JWT resources (RS256 by default,
// ES256 when asked) decode, verify against the discovered JWKS and carry
// iss = issuer, aud = resource and the granted scopes.
func testJWT(t *testing.T, s *server) {
	set := s.jwks(t)
	for _, c := range []struct{ resource, wantAud, alg string }{
		{"", resourceAPI, "RS256"}, // no resource parameter: the default resource
		{resourceAPI, resourceAPI, "RS256"},
		{resourceES256, resourceES256, "ES256"},
	} {
		r := s.tokenRequest(ccBasic, "api:read", "api:write")
		if c.resource != "" {
			r.Resource = []string{c.resource}
		}
		tok, _ := s.token(t, r)
		d, err := flows.DecodeJWT(tok.AccessToken)
		if err != nil {
			t.Fatalf("resource %q: %v", c.resource, err)
		}
		if v := flows.VerifyJWT(tok.AccessToken, set); !v.Verified || !v.KeyFound || v.Alg != c.alg {
			t.Errorf("resource %q: got %+v, want verified with an %s key", c.resource, v, c.alg)
		}
		if fs := flows.CheckClaims(d, s.issuer, c.wantAud, time.Now()); len(fs) != 0 {
			t.Errorf("resource %q: findings %+v, want none", c.resource, fs)
		}
		checkClaims(t, d, s.issuer, c.wantAud, tok)
	}
}

// checkClaims compares the claims with the token response (RFC 9068 §2.2).
func checkClaims(t *testing.T, d flows.DecodedJWT, issuer, aud string, tok flows.Token) {
	t.Helper()
	iat, _ := d.Time("iat")
	exp, _ := d.Time("exp")
	got := []any{
		d.Claims["iss"],
		d.Audience(),
		d.Scopes(),
		d.Claims["client_id"],
		d.Claims["sub"],
		exp.Sub(iat),
		d.Header["typ"],
	}
	want := []any{issuer, []string{aud}, tok.GrantedScopes(), ccBasic.id, ccBasic.id, tokenTTL * time.Second, "at+jwt"}
	for i := range got {
		if !equalValues(got[i], want[i]) {
			t.Errorf("claims (iss, aud, scopes, client_id, sub, exp-iat, typ): got %v, want %v", got, want)
			return
		}
	}
}

func equalValues(a, b any) bool {
	as, aok := a.([]string)
	bs, bok := b.([]string)
	if aok && bok {
		return slices.Equal(as, bs)
	}
	return a == b
}

// testJWTChecksBite: with real tokens, a wrong expected issuer or audience,
// a tampered payload and a foreign JWKS are all caught; an opaque token is
// recognised as one.
func testJWTChecksBite(t *testing.T, s *server) {
	set := s.jwks(t)
	tok, _ := s.token(t, s.tokenRequest(ccBasic, "api:read"))
	d, err := flows.DecodeJWT(tok.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, f := range flows.CheckClaims(d, s.issuer+tenantPath, "urn:oauthlens:other", time.Now()) {
		codes = append(codes, f.Code)
	}
	if !slices.Equal(codes, []string{"iss_mismatch", "aud_mismatch"}) {
		t.Errorf("findings: got %q, want iss_mismatch and aud_mismatch", codes)
	}
	if v := flows.VerifyJWT(tamper(t, tok.AccessToken), set); v.Verified || !v.KeyFound {
		t.Errorf("token with its scope raised: got %+v, want the key found and the signature refused", v)
	}
	es, _ := s.token(t, flows.TokenRequest{TokenURL: s.md.TokenEndpoint, ClientID: ccBasic.id,
		ClientSecret: ccBasic.secret, Resource: []string{resourceES256}})
	if v := flows.VerifyJWT(es.AccessToken, rsaOnly(t, set)); v.Verified || v.KeyFound {
		t.Errorf("ES256 token against the RSA key only: got %+v, want no key found", v)
	}
	op, _ := s.token(t, flows.TokenRequest{TokenURL: s.md.TokenEndpoint, ClientID: ccBasic.id,
		ClientSecret: ccBasic.secret, Resource: []string{resourceOpaque}})
	if _, err := flows.DecodeJWT(op.AccessToken); !errors.Is(err, flows.ErrNotJWT) {
		t.Errorf("opaque token %q: got %v, want ErrNotJWT", op.AccessToken, err)
	}
}

// tamper raises the token's scope claim to "api:read api:write" and
// re-encodes the payload, keeping the signature.
func tamper(t *testing.T, raw string) string {
	t.Helper()
	parts := strings.Split(raw, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil || !strings.Contains(string(payload), `"scope":"api:read"`) {
		t.Fatalf("payload %s: %v", payload, err)
	}
	payload = []byte(strings.Replace(string(payload), `"scope":"api:read"`, `"scope":"api:read api:write"`, 1))
	parts[1] = base64.RawURLEncoding.EncodeToString(payload)
	return strings.Join(parts, ".")
}

// rsaOnly returns the set with only its RSA keys.
func rsaOnly(t *testing.T, set []byte) []byte {
	t.Helper()
	var doc struct{ Keys []map[string]any }
	if err := json.Unmarshal(set, &doc); err != nil {
		t.Fatal(err)
	}
	doc.Keys = slices.DeleteFunc(doc.Keys, func(k map[string]any) bool { return k["kty"] != "RSA" })
	out, err := json.Marshal(map[string]any{"keys": doc.Keys})
	if err != nil || len(doc.Keys) != 1 {
		t.Fatalf("want one RSA key in %s (%v)", set, err)
	}
	return out
}

// testAudienceIgnored pins a quirk: oidc-provider ignores the "audience"
// parameter (Auth0/Okta style); only "resource" (RFC 8707) selects the
// token's aud.
func testAudienceIgnored(t *testing.T, s *server) {
	r := s.tokenRequest(ccBasic, "api:read")
	r.Audience = "urn:oauthlens:other"
	tok, _ := s.token(t, r)
	d, err := flows.DecodeJWT(tok.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Audience(); !slices.Equal(got, []string{resourceAPI}) {
		t.Errorf("aud: got %q, want %q (the default resource)", got, resourceAPI)
	}
}
