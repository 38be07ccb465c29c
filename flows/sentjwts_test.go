package flows

import (
	"strings"
	"testing"
)

func TestSentJWTs_FormAndDPoPHeader(t *testing.T) {
	key, _, _ := GenerateSigningKey("ES256")
	a, _ := SignAssertion(key, AssertionClaims{Issuer: "cid", Subject: "cid", Audience: "https://as/token"})
	ex := Exchange{Method: "POST", RequestBody: []byte("grant_type=client_credentials&client_assertion=" + a +
		"&subject_token=opaque-token"), RequestHeader: []HeaderField{{Name: "DPoP", Value: a}}}
	got := ex.SentJWTs()
	if len(got) != 2 || got[0].Where != "DPoP header" || got[1].Where != "client_assertion" {
		t.Fatalf("got %+v, want the DPoP header and the client assertion (the opaque token skipped)", got)
	}
	text := strings.Join(got[1].Lines(), "\n")
	if !strings.Contains(text, `"iss":"cid"`) || strings.Contains(text, a[strings.LastIndex(a, ".")+1:]) {
		t.Errorf("lines:\n%s", text)
	}
}
