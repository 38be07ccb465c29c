package flows

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// inspectCase is a token answer to inspect: the answer's fields, the JWT's
// claims and how it is signed, and what InspectToken must say.
type inspectCase struct {
	name   string
	fields map[string]any // merged into the answer
	claims jwt.MapClaims  // merged into good claims
	sign   func(t *testing.T, c jwt.MapClaims) string
	date   time.Duration // the Date header's offset from now
	req    TokenRequest
	want   want
}

const testIssuer = "https://issuer.example"

func goodClaims(now time.Time) jwt.MapClaims {
	return jwt.MapClaims{
		"iss": testIssuer,
		"aud": "https://api.example",
		"iat": now.Unix(),
		"nbf": now.Unix(),
		"exp": now.Add(time.Hour).Unix(),
	}
}

func signRS256(kid string) func(*testing.T, jwt.MapClaims) string {
	return func(t *testing.T, c jwt.MapClaims) string {
		return signJWT(t, jwt.SigningMethodRS256, testKeys().rsa, kid, c)
	}
}

func TestInspectToken(t *testing.T) {
	now := time.Now()
	otherKey := func(t *testing.T, c jwt.MapClaims) string {
		return signJWT(t, jwt.SigningMethodRS256, testKeys().otherRSA, "k1", c)
	}
	hsWithPublicKey := func(t *testing.T, c jwt.MapClaims) string {
		return signJWT(t, jwt.SigningMethodHS256, []byte("public key bytes used as an HMAC secret"), "k1", c)
	}
	cases := []inspectCase{
		{
			name:   "token_type not bearer",
			fields: map[string]any{"token_type": "mac"},
			want:   want{code: "token.type_not_bearer", cause: "DPoP", fix: "how to present"},
		},
		{
			name:   "lowercase bearer",
			fields: map[string]any{"token_type": "bearer"},
			want:   want{code: "token.type_lowercase", cause: "lower case", fix: "nothing to do"},
		},
		{
			name:   "missing expires_in",
			fields: map[string]any{"expires_in": nil},
			want:   want{code: "token.no_expires_in", cause: "omits", fix: "use the JWT's exp"},
		},
		{
			name:   "string expires_in",
			fields: map[string]any{"expires_in": "3600"},
			want:   want{code: "token.expires_in_string", cause: "strings", evidence: `"3600"`},
		},
		{
			name:   "refresh_token on client credentials",
			fields: map[string]any{"refresh_token": "r1"},
			want:   want{code: "token.refresh_token", cause: "every grant", fix: "ignore it"},
		},
		{
			name: "server Date far from the local clock",
			date: 10 * time.Minute,
			want: want{
				code:     "token.clock_skew",
				cause:    "this machine's clock is wrong",
				fix:      "timedatectl",
				evidence: "m ahead of the local clock",
			},
		},
		{
			name:   "iat in the future",
			claims: jwt.MapClaims{"iat": now.Add(10 * time.Minute).Unix()},
			want:   want{code: "token.clock_skew", fix: "synchronise", evidence: "iat 9m"},
		},
		{
			name:   "nbf in the future",
			claims: jwt.MapClaims{"nbf": now.Add(10 * time.Minute).Unix()},
			want:   want{code: "token.clock_skew", evidence: "nbf"},
		},
		{
			name: "kid not in the JWKS",
			sign: signRS256("rotated"),
			want: want{code: "jwt.kid_not_found", cause: "rotated", action: "refetch_jwks", evidence: "kid rotated"},
		},
		{
			name: "signature invalid",
			sign: otherKey,
			want: want{code: "jwt.signature_invalid", cause: "different key under the same kid", action: "reacquire"},
		},
		{
			name: "alg not allowed",
			sign: hsWithPublicKey,
			want: want{code: "jwt.alg_not_allowed", cause: "algorithm-confusion", fix: "do not trust"},
		},
		{
			name:   "iss differs from discovery",
			claims: jwt.MapClaims{"iss": "https://internal.example"},
			want:   want{code: "token.iss_mismatch", cause: "proxy", evidence: "discovery issuer " + testIssuer},
		},
		{
			name: "aud differs from the request",
			req:  TokenRequest{Audience: "https://other.example"},
			want: want{code: "token.aud_mismatch", cause: "ignores the audience", fix: "resource"},
		},
	}
	jwks := jwksJSON(t, publicJWK(t, &testKeys().rsa.PublicKey, "k1", "RS256"))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.want.check(t, inspect(t, c, now, jwks))
		})
	}
}

func TestInspectToken_CleanTokenHasNothingToSay(t *testing.T) {
	jwks := jwksJSON(t, publicJWK(t, &testKeys().rsa.PublicKey, "k1", "RS256"))
	if ds := inspect(t, inspectCase{}, time.Now(), jwks); len(ds) != 0 {
		t.Errorf("got %v, want no diagnosis", codes(ds))
	}
}

// inspect serves the case's token answer, fetches it and inspects it with
// its verification against jwks.
func inspect(t *testing.T, c inspectCase, now time.Time, jwks []byte) []Diagnosis {
	t.Helper()
	claims := goodClaims(now)
	for k, v := range c.claims {
		claims[k] = v
	}
	if c.sign == nil {
		c.sign = signRS256("k1")
	}
	raw := c.sign(t, claims)
	body := map[string]any{"access_token": raw, "token_type": "Bearer", "expires_in": 3600}
	for k, v := range c.fields {
		if v == nil {
			delete(body, k)
		} else {
			body[k] = v
		}
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(c.date).UTC().Format(http.TimeFormat))
		w.Header().Set("Content-Type", jsonCT)
		_ = json.NewEncoder(w).Encode(body)
	}))
	defer ts.Close()
	c.req.TokenURL, c.req.ClientID, c.req.ClientSecret = ts.URL, "client", "secret"
	tok, ex, err := RequestToken(context.Background(), ts.Client(), c.req)
	if err != nil {
		t.Fatal(err)
	}
	v := VerifyJWT(tok.AccessToken, jwks)
	return InspectToken(tok, Context{Step: StepToken, Request: &c.req, Metadata: &Metadata{Issuer: testIssuer},
		Exchanges: []Exchange{ex}, Verification: &v, Now: now})
}

func TestInspectToken_ClockSkewUsesTheProgramsClock(t *testing.T) {
	fake := time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC) // e.g. OAUTHLENS_CLOCK
	ex := Exchange{
		Label:          "token",
		Started:        time.Now(),
		ResponseHeader: http.Header{"Date": {fake.Format(http.TimeFormat)}},
	}
	tok := Token{AccessToken: "opaque", TokenType: "Bearer", ExpiresIn: 3600, HasExpiresIn: true}.At(fake)
	for _, d := range InspectToken(tok, Context{Step: StepToken, Exchanges: []Exchange{ex}, Now: fake}) {
		if d.Code == "token.clock_skew" {
			t.Errorf("got %q: the server's Date agrees with the program's clock", d.Summary)
		}
	}
}
