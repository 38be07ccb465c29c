package demo

import (
	"net/url"
	"testing"
)

// codeToken exchanges a fresh code (openid asked for) for tokens.
func codeToken(t *testing.T, s *Server, base string) (reply, string) {
	t.Helper()
	verifier := "v-0123456789-0123456789-0123456789-0123"
	code := issueCode(t, s, base, verifier)
	got := post(t, base+"/token", url.Values{"grant_type": {grantAuthorizationCode}, "code": {code},
		"redirect_uri": {"http://127.0.0.1:1/cb"}, "code_verifier": {verifier}}, basic(ClientID, ClientSecret))
	if got.status != 200 {
		t.Fatalf("token: got %s", got.raw)
	}
	return got, code
}

// TestIDToken_CHash: the code flow's ID token carries c_hash (OIDC Core
// §3.3.2.11), bad-c-hash breaks it, and a refreshed ID token has none.
func TestIDToken_CHash(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	tok, code := codeToken(t, s, ts.URL)
	if got := claimsOf(t, tok.str("id_token"))["c_hash"]; got != halfHash(code) {
		t.Errorf("c_hash: got %v, want %s", got, halfHash(code))
	}
	again := refresh(t, ts.URL, tok.str("refresh_token"), "")
	if again.status != 200 {
		t.Fatalf("refresh: %s", again.raw)
	}
	if c, ok := claimsOf(t, again.str("id_token"))["c_hash"]; ok {
		t.Errorf("a refreshed ID token carries c_hash %v (no code was exchanged)", c)
	}
	if err := s.SetFaults(string(FaultBadCHash)); err != nil {
		t.Fatal(err)
	}
	tok, code = codeToken(t, s, ts.URL)
	if got := claimsOf(t, tok.str("id_token"))["c_hash"]; got == nil || got == halfHash(code) {
		t.Errorf("bad-c-hash: got c_hash %v", got)
	}
}
