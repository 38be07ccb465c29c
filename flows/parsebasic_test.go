package flows

import (
	"encoding/base64"
	"testing"
)

// ParseBasic undoes BasicCredentials (RFC 6749 §2.3.1: each part
// form-encoded), keeps a part that is no form encoding, and refuses what
// is no Basic credential.
func TestParseBasic(t *testing.T) {
	id, secret, ok := ParseBasic(BasicCredentials("my client", "s3:cr+t/%"))
	if !ok || id != "my client" || secret != "s3:cr+t/%" {
		t.Errorf("got %q %q %v, want the id and secret back", id, secret, ok)
	}
	if id, secret, ok := ParseBasic(RawBasicCredentials("id", "100%zz")); !ok || id != "id" || secret != "100%zz" {
		t.Errorf("raw: got %q %q %v, want the secret as it is", id, secret, ok)
	}
	for _, bad := range []string{"not base64!", base64.StdEncoding.EncodeToString([]byte("nocolon"))} {
		if _, _, ok := ParseBasic(bad); ok {
			t.Errorf("ParseBasic(%q) ok, want refused", bad)
		}
	}
}
