package flows

import (
	"strings"
	"testing"
)

// An exchange with no answer says why in the status line: a secret in
// the transport error is masked there too, and a form's code is masked
// even when short (a form field or query parameter, IsSecretParam).
func TestDiffExchanges_MasksErrAndCode(t *testing.T) {
	secret := "err-secret-0123456789"
	a := Exchange{Label: "token", Method: "POST", URL: "https://as.example/token",
		Err: "dial tcp: lookup as.example?client_secret=" + secret, Secrets: []Secret{{Name: "S", Value: secret}},
		RequestHeader: []HeaderField{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}},
		RequestBody:   []byte("grant_type=authorization_code&code=abc12")}
	b := a
	b.Err = "timeout"
	for _, l := range DiffExchanges(a, b, false) {
		if strings.Contains(l.A+l.B, secret) || strings.Contains(l.A+l.B, "abc12") {
			t.Errorf("a secret shows in %+v", l)
		}
	}
	if !strings.Contains(a.RawRequest(false), "code="+Mask) {
		t.Errorf("the code is not masked in the form:\n%s", a.RawRequest(false))
	}
}
