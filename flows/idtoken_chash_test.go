package flows

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// unsignedIDToken is an ID token whose signature is not checked here (no
// JWKS): alg names the hash of at_hash and c_hash.
func unsignedIDToken(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("not-checked-here-0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCheckIDToken_CHash(t *testing.T) {
	const code = "the-authorization-code-0123456789"
	sum := sha256.Sum256([]byte(code))
	good := base64.RawURLEncoding.EncodeToString(sum[:16])
	now := time.Unix(1_800_000_000, 0)
	base := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": "https://as", "aud": "c", "exp": now.Add(time.Minute).Unix(), "iat": now.Unix()}
	}
	for _, tc := range []struct {
		name, chash string
		status      CheckStatus
		detail      string
	}{
		{"matches", good, CheckPass, "matches"},
		{"differs", good[:len(good)-2] + "AA", CheckFail, "got "},
		{"absent", "", CheckSkip, "not present (optional in the code flow)"},
	} {
		c := base()
		if tc.chash != "" {
			c["c_hash"] = tc.chash
		}
		rows := CheckIDToken(unsignedIDToken(t, c), nil, IDTokenExpect{Issuer: "https://as", ClientID: "c",
			Code: code, Now: now})
		var r CheckRow
		for _, x := range rows {
			if x.Name == "c_hash" {
				r = x
			}
		}
		if r.Status != tc.status || !strings.Contains(r.Detail, tc.detail) || r.Refs != "OIDC Core §3.3.2.11" {
			t.Errorf("%s: got %+v, want %s %q", tc.name, r, tc.status, tc.detail)
		}
		if strings.Contains(r.Detail, code) {
			t.Errorf("%s: the row shows the code: %q", tc.name, r.Detail)
		}
	}
}
