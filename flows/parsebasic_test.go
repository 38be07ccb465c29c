package flows

import (
	"encoding/base64"
	"testing"
)

// ParseBasic undoes BasicCredentials (RFC 6749 §2.3.1: each part
// form-encoded) and refuses what is no Basic credential.
func TestParseBasic(t *testing.T) {
	id, secret, ok := ParseBasic(BasicCredentials("my client", "s3:cr+t/%"))
	if !ok || id != "my client" || secret != "s3:cr+t/%" {
		t.Errorf("got %q %q %v, want the id and secret back", id, secret, ok)
	}
	for _, bad := range []string{"not base64!", base64.StdEncoding.EncodeToString([]byte("nocolon")),
		base64.StdEncoding.EncodeToString([]byte("id:%zz"))} {
		if _, _, ok := ParseBasic(bad); ok {
			t.Errorf("ParseBasic(%q) ok, want refused", bad)
		}
	}
}
