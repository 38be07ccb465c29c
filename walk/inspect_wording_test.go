package walk

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

// jwtOf is a compact JWT of the header and claims JSON, with sig as its
// signature part.
func jwtOf(header, claims, sig string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(header)) + "." + enc([]byte(claims)) + "." + sig
}

// TestInspect_UnsecuredJWTWords: an alg none token is an unsecured JWT
// (RFC 7519 §6), not a signed one.
func TestInspect_UnsecuredJWTWords(t *testing.T) {
	claims := `{"iss":"https://as.example","sub":"u","exp":4102444800}`
	none := Inspect(jwtOf(`{"alg":"none","typ":"JWT"}`, claims, ""), Expect{Now: time.Unix(1e9, 0)})
	if none.Kind != PasteJWT || strings.Contains(none.Summary, "signed JWT") ||
		!strings.Contains(none.Summary, "unsecured") {
		t.Errorf("alg none: got %q (%s), want an unsecured JWT", none.Summary, none.Kind)
	}
	rs := Inspect(jwtOf(`{"alg":"RS256","kid":"k"}`, claims, "c2ln"), Expect{Now: time.Unix(1e9, 0)})
	if rs.Summary != "a signed JWT (JWS)" {
		t.Errorf("RS256: got %q, want a signed JWT (JWS)", rs.Summary)
	}
}

// TestInspect_NoAudClaimWords: a token without aud says so, rather than
// quoting an empty audience.
func TestInspect_NoAudClaimWords(t *testing.T) {
	tok := jwtOf(`{"alg":"RS256","kid":"k"}`, `{"iss":"https://as.example","exp":4102444800}`, "c2ln")
	for _, e := range []Expect{{}, {Audience: []string{"https://api.example"}}} {
		e.Now = time.Unix(1e9, 0)
		row := rowOf(t, Inspect(tok, e), "aud")
		if !strings.HasPrefix(row.Detail, "no aud claim") || strings.Contains(row.Detail, `""`) {
			t.Errorf("expect %v: aud row %q, want it to say there is no aud claim", e.Audience, row.Detail)
		}
	}
}

// TestInspect_PastedInvalidGrant: a bare pasted invalid_grant has no
// request, so the grant is unknown: not explained as client credentials.
func TestInspect_PastedInvalidGrant(t *testing.T) {
	in := Inspect(`{"error":"invalid_grant","error_description":"Token has expired"}`, Expect{Now: time.Unix(1e9, 0)})
	if len(in.Diagnoses) == 0 || in.Diagnoses[0].Code != "token.invalid_grant.grant_unknown" {
		t.Fatalf("got %v, want token.invalid_grant.grant_unknown", codes(in.Diagnoses))
	}
	if d := in.Diagnoses[0]; strings.Contains(d.Summary, "client credentials") {
		t.Errorf("summary %q", d.Summary)
	}
}
