package demo

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// deviceToken runs a device grant approved by the demo user and returns
// the token answer.
func deviceToken(t *testing.T, s *Server, base, scope string) reply {
	t.Helper()
	d := startDevice(t, base, scope)
	if err := s.ApproveDevice(d.str("user_code"), true); err != nil {
		t.Fatal(err)
	}
	tok := pollDevice(t, base, d.str("device_code"))
	if tok.status != 200 {
		t.Fatalf("token: %s", tok.raw)
	}
	return tok
}

func refresh(t *testing.T, base, rt, scope string) reply {
	t.Helper()
	form := url.Values{"grant_type": {grantRefreshToken}, "refresh_token": {rt}}
	if scope != "" {
		form.Set("scope", scope)
	}
	return post(t, base+"/token", form, basic(ClientID, ClientSecret))
}

// claimsOf decodes a JWT's claims without checking it.
func claimsOf(t *testing.T, raw string) map[string]any {
	t.Helper()
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", raw)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRefresh_RotationNarrowingReuse(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	first := deviceToken(t, s, ts.URL, "openid offline_access api:read api:write")
	rt1 := first.str("refresh_token")
	if rt1 == "" || first.str("id_token") == "" {
		t.Fatalf("no refresh or ID token: %s", first.raw)
	}
	if sub := claimsOf(t, first.str("access_token"))["sub"]; sub != UserName {
		t.Errorf("access token sub: got %v, want %s", sub, UserName)
	}
	second := refresh(t, ts.URL, rt1, "api:read")
	rt2 := second.str("refresh_token")
	if second.status != 200 || rt2 == "" || rt2 == rt1 || second.str("scope") != "api:read" {
		t.Fatalf("refresh: got %s", second.raw)
	}
	if got := refresh(t, ts.URL, rt2, "reports:read"); got.str("error") != errInvalidScope {
		t.Errorf("widening the scope: got %s", got.raw)
	}
	third := refresh(t, ts.URL, rt2, "")
	if third.status != 200 || third.str("scope") != "openid offline_access api:read api:write" {
		t.Fatalf("the rotated token keeps the original scope: got %s", third.raw)
	}
	if got := refresh(t, ts.URL, rt1, ""); got.str("error") != errInvalidGrant ||
		!strings.Contains(got.str("error_description"), "already used") {
		t.Errorf("reuse: got %s", got.raw)
	}
	if got := refresh(t, ts.URL, third.str("refresh_token"), ""); got.str("error") != errInvalidGrant ||
		!strings.Contains(got.str("error_description"), "revoked") {
		t.Errorf("after a reuse the family is revoked: got %s", got.raw)
	}
}

func TestRefresh_Faults(t *testing.T) {
	s, ts := newTestServer(t, Config{Faults: []string{string(FaultRefreshTokenReused), string(FaultBadAtHash)}})
	tok := deviceToken(t, s, ts.URL, "openid")
	id := claimsOf(t, tok.str("id_token"))
	if id["at_hash"] == halfHash(tok.str("access_token")) {
		t.Error("bad-at-hash: the at_hash matches")
	}
	if aud, _ := id["aud"].([]any); len(aud) != 1 || aud[0] != ClientID || id["azp"] != ClientID {
		t.Errorf("ID token aud: got %v", id["aud"])
	}
	if got := refresh(t, ts.URL, tok.str("refresh_token"), ""); got.str("error") != errInvalidGrant {
		t.Errorf("refresh-reused: got %s", got.raw)
	}
	_ = s.SetFaults()
	tok = deviceToken(t, s, ts.URL, "openid")
	if id := claimsOf(t, tok.str("id_token")); id["at_hash"] != halfHash(tok.str("access_token")) {
		t.Errorf("at_hash: got %v", id["at_hash"])
	}
}
