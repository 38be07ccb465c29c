package flows

import (
	"context"
	"crypto"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// verifyAssertion checks a client assertion as a server would: signature
// with pub (or the secret) under alg only, iss = sub = id, aud, jti, a
// short exp. It returns the claims.
func verifyAssertion(t *testing.T, raw, alg string, key any, id, aud string) jwt.MapClaims {
	t.Helper()
	claims := jwt.MapClaims{}
	tok, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return key, nil },
		jwt.WithValidMethods([]string{alg}), jwt.WithAudience(aud), jwt.WithIssuer(id), jwt.WithSubject(id),
		jwt.WithExpirationRequired(), jwt.WithIssuedAt())
	if err != nil {
		t.Fatalf("assertion does not verify: %v", err)
	}
	if claims["jti"] == "" || claims["jti"] == nil {
		t.Errorf("assertion has no jti")
	}
	exp, _ := claims.GetExpirationTime()
	if d := time.Until(exp.Time); d > 2*time.Minute || d <= 0 {
		t.Errorf("exp in %v, want a short lifetime", d)
	}
	if kid, _ := tok.Header["kid"].(string); alg != "HS256" && kid == "" {
		t.Errorf("no kid in the header")
	}
	return claims
}

func TestPrivateKeyJWT_EveryAlgorithm(t *testing.T) {
	for _, alg := range SigningAlgs {
		t.Run(alg, func(t *testing.T) {
			key, pemBytes, err := GenerateSigningKey(alg)
			if err != nil {
				t.Fatal(err)
			}
			parsed, err := ParseSigningKeyPEM(pemBytes, alg)
			if err != nil || parsed.Alg != alg || parsed.KID != key.KID {
				t.Fatalf("ParseSigningKeyPEM: got %v, %v; want %s %s", parsed, err, alg, key.KID)
			}
			var seen []string
			srv := tokenEndpoint(t, func(w http.ResponseWriter, r *http.Request) bool {
				if r.Header.Get("Authorization") != "" || r.PostForm.Get("client_secret") != "" {
					t.Errorf("a secret was sent besides the assertion")
				}
				if got := r.PostForm.Get("client_assertion_type"); got != ClientAssertionType {
					t.Errorf("client_assertion_type: got %q", got)
				}
				raw := r.PostForm.Get("client_assertion")
				c := verifyAssertion(t, raw, alg, parsed.Public(), "cid", "http://"+r.Host+"/token")
				seen = append(seen, c["jti"].(string))
				return false
			})
			req := TokenRequest{
				TokenURL:   srv.URL + "/token",
				ClientID:   "cid",
				AuthMethod: AuthPrivateKeyJWT,
				Key:        parsed,
			}
			for range 2 {
				_, ex, err := RequestToken(context.Background(), srv.Client(), req)
				if err != nil {
					t.Fatal(err)
				}
				assertMaskedAssertion(t, ex)
			}
			if len(seen) != 2 || seen[0] == seen[1] {
				t.Errorf("jti: got %v, want two different", seen)
			}
		})
	}
}

// assertMaskedAssertion checks the assertion is declared a secret and
// masked in the rendered exchange and its curl.
func assertMaskedAssertion(t *testing.T, ex Exchange) {
	t.Helper()
	i := slices.IndexFunc(ex.Secrets, func(s Secret) bool { return s.Name == "CLIENT_ASSERTION" })
	if i < 0 {
		t.Fatalf("no CLIENT_ASSERTION secret in %v", ex.Secrets)
	}
	raw := ex.Secrets[i].Value
	sig := raw[strings.LastIndex(raw, ".")+1:]
	for _, out := range []string{ex.Raw(false), ex.Curl(false)} {
		if strings.Contains(out, sig) {
			t.Errorf("the assertion's signature shows:\n%s", out)
		}
	}
}

func TestPrivateKeyJWT_AudienceIssuer(t *testing.T) {
	key, _, _ := GenerateSigningKey("ES256")
	srv := tokenEndpoint(t, func(w http.ResponseWriter, r *http.Request) bool {
		verifyAssertion(t, r.PostForm.Get("client_assertion"), "ES256", key.Public(), "cid", "https://issuer.example")
		return false
	})
	req := TokenRequest{TokenURL: srv.URL, ClientID: "cid", AuthMethod: AuthPrivateKeyJWT, Key: key,
		AssertionAudience: "https://issuer.example"}
	if _, _, err := RequestToken(context.Background(), srv.Client(), req); err != nil {
		t.Fatal(err)
	}
}

func TestClientSecretJWT(t *testing.T) {
	const secret = "a-long-enough-client-secret-for-hs256"
	srv := tokenEndpoint(t, func(w http.ResponseWriter, r *http.Request) bool {
		if strings.Contains(r.PostForm.Encode(), "a-long-enough") {
			t.Errorf("the secret was sent")
		}
		verifyAssertion(t, r.PostForm.Get("client_assertion"), "HS256", []byte(secret), "cid", srv0URL(r))
		return false
	})
	req := TokenRequest{TokenURL: srv.URL + "/token", ClientID: "cid", ClientSecret: secret,
		AuthMethod: AuthClientSecretJWT}
	_, ex, err := RequestToken(context.Background(), srv.Client(), req)
	if err != nil {
		t.Fatal(err)
	}
	assertMaskedAssertion(t, ex)
}

// srv0URL is the URL the request was sent to.
func srv0URL(r *http.Request) string { return "http://" + r.Host + r.URL.Path }

func TestParseSigningKeyPEM_Errors(t *testing.T) {
	_, rsaPEM, _ := GenerateSigningKey("RS256")
	tests := []struct {
		name, pem, alg, want string
	}{
		{"not PEM", "hello", "", "no PEM private key"},
		{"wrong alg", string(rsaPEM), "ES256", "does not fit"},
		{"broken", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "", "does not parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSigningKeyPEM([]byte(tt.pem), tt.alg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "MII") {
				t.Errorf("the error quotes the key: %v", err)
			}
		})
	}
}

func TestSigningKey_NeverPrinted(t *testing.T) {
	key, pemBytes, _ := GenerateSigningKey("RS256")
	for _, s := range []string{key.String(), key.GoString()} {
		if strings.Contains(s, "MII") || strings.Contains(string(pemBytes), s) {
			t.Errorf("the key shows: %q", s)
		}
	}
	jwks, err := key.PublicJWKS()
	if err != nil {
		t.Fatal(err)
	}
	k := jwks["keys"].([]any)[0].(map[string]any)
	if k["d"] != nil || k["p"] != nil || k["kid"] != key.KID || k["alg"] != "RS256" {
		t.Errorf("public JWK: got %v", k)
	}
	var _ crypto.PublicKey = key.Public()
}
