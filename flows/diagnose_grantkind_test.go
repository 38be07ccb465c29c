package flows

import (
	"strings"
	"testing"
)

// TestDiagnose_GrantErrorsNameTheGrant: unauthorized_client and
// unsupported_grant_type name the grant that was sent, not always client
// credentials, and check grant_types_supported for it.
func TestDiagnose_GrantErrorsNameTheGrant(t *testing.T) {
	md := &Metadata{GrantTypesSupported: []string{"client_credentials", "authorization_code"}}
	cases := []struct {
		grant      Grant
		code, name string
	}{
		{RefreshToken{Token: "rt-abcdefgh"}, "unauthorized_client", "the refresh token grant"},
		{DeviceCode{Code: "dev-abcdefgh"}, "unsupported_grant_type", "the device authorization grant"},
		{nil, "unauthorized_client", "the client credentials grant"},
		{nil, "unsupported_grant_type", "the client credentials grant"},
	}
	for _, tc := range cases {
		ds := tokenFailure(t, answer(400, jsonCT, `{"error":"`+tc.code+`"}`), TokenRequest{Grant: tc.grant}, md)
		d, ok := findDiagnosis(ds, "token."+tc.code)
		if !ok {
			t.Fatalf("%s: got %v", tc.code, codes(ds))
		}
		if !strings.Contains(d.Summary, tc.name) {
			t.Errorf("%s: summary %q does not name %s", tc.code, d.Summary, tc.name)
		}
		if tc.grant != nil && strings.Contains(d.Summary+strings.Join(d.Causes, " "), "client credentials") {
			t.Errorf("%s to a %s: %q %q", tc.code, tc.grant.Type(), d.Summary, d.Causes)
		}
	}
	ds := tokenFailure(t, answer(400, jsonCT, `{"error":"unsupported_grant_type"}`),
		TokenRequest{Grant: DeviceCode{Code: "dev-abcdefgh"}}, md)
	want{code: "token.unsupported_grant_type", cause: "does not list urn:ietf:params:oauth:grant-type:device_code"}.
		check(t, ds)
}
