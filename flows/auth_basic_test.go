package flows

import "testing"

// TestParseBasic_FormDecodedPair: the pair is form-decoded (RFC 6749 §2.3.1),
// so a secret with reserved characters is read as issued; a raw pair
// (RFC 7617) with a bare % is taken as it is; no pair is not ok.
func TestParseBasic_FormDecodedPair(t *testing.T) {
	for _, c := range []struct{ id, secret string }{
		{"my-client", "plain-secret-123"}, {"id:colon?", "a+b/c=d%e f:g"}, {"x", ""},
	} {
		id, secret, ok := ParseBasic(BasicCredentials(c.id, c.secret))
		if !ok || id != c.id || secret != c.secret {
			t.Errorf("form %q %q: got %q %q %v", c.id, c.secret, id, secret, ok)
		}
	}
	if id, secret, ok := ParseBasic(RawBasicCredentials("cli", "50%off")); !ok || id != "cli" ||
		secret != "50%off" {
		t.Errorf("raw: got %q %q %v", id, secret, ok)
	}
	for _, bad := range []string{"", "not base64!", "bm9jb2xvbg=="} { // the last: "nocolon"
		if _, _, ok := ParseBasic(bad); ok {
			t.Errorf("%q read as a pair", bad)
		}
	}
	got := map[string]bool{}
	for _, s := range BasicCredentialSecrets(RawBasicCredentials("cli", "a+b%41")) {
		got[s.Value] = true
	}
	if !got["a+b%41"] || !got["a bA"] { // raw, and form-decoded
		t.Errorf("secrets %v, want both readings of the secret", got)
	}
}
