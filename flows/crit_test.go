package flows

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// signWithHeader signs validClaims with the test RSA key as "k-rsa" and
// the extra header parameters given.
func signWithHeader(t *testing.T, extra map[string]any) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, validClaims)
	tok.Header["kid"] = "k-rsa"
	for k, v := range extra {
		tok.Header[k] = v
	}
	s, err := tok.SignedString(testKeys().rsa)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVerifyJWT_Crit(t *testing.T) {
	set := testJWKS(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/jwk-set+json")
		_, _ = w.Write(set)
	}))
	defer srv.Close()
	jwks, _, err := FetchJWKS(context.Background(), srv.Client(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if v := VerifyJWT(signWithHeader(t, nil), jwks); !v.Verified {
		t.Fatalf("the token without crit does not verify: %s", v.Err)
	}
	tests := []struct {
		name  string
		extra map[string]any
		want  string
	}{
		{"unknown extension", map[string]any{"crit": []string{"exp"}, "exp": 1}, `extension(s) "exp" critical`},
		{"b64 (RFC 7797)", map[string]any{"crit": []string{"b64"}, "b64": false}, `extension(s) "b64" critical`},
		{"several", map[string]any{"crit": []string{"a", "b"}, "a": 1, "b": 2}, `"a", "b"`},
		{"empty list", map[string]any{"crit": []string{}}, "empty array"},
		{"not a list", map[string]any{"crit": "b64", "b64": false}, "not an array"},
		{"not strings", map[string]any{"crit": []any{1}}, "not a header name"},
		{"standard header", map[string]any{"crit": []string{"alg"}}, `lists "alg", a header the JWS specifications`},
		{"absent name", map[string]any{"crit": []string{"x"}}, `"x", which the header does not have`},
		{"hostile name", map[string]any{"crit": []string{"\x1b[2J\u202e"}, "\x1b[2J\u202e": 1}, `"\x1b[2J\u202e"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := VerifyJWT(signWithHeader(t, tt.extra), jwks)
			if v.Verified || !strings.Contains(v.Err, tt.want) || !strings.Contains(v.Err, "RFC 7515 §4.1.11") {
				t.Errorf("got %+v, want not verified with %q", v, tt.want)
			}
			if why := checkLine(v.Err); why != "" {
				t.Errorf("error %q: %s", v.Err, why)
			}
		})
	}
}
