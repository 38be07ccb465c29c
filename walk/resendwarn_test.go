package walk

import (
	"slices"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

var formCT = []flows.HeaderField{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}}

func sentToken(body, answer string, status int) flows.Exchange {
	return flows.Exchange{Label: "token", Method: "POST", URL: "https://auth.example.com/token",
		RequestHeader: formCT, RequestBody: []byte(body), Status: status, ResponseBody: []byte(answer)}
}

func warnCodes(ws []Warning) []WarningCode {
	var out []WarningCode
	for _, w := range ws {
		out = append(out, w.Code)
	}
	return out
}

// Single-use and rotated credentials sent again unchanged are warned
// about; an edited one, a refresh token that was not rotated and a device
// code still pending are not.
func TestDraft_WarnsAboutReplays(t *testing.T) {
	cases := []struct {
		name string
		ex   flows.Exchange
		want bool
	}{
		{"rotated refresh token", sentToken("grant_type=refresh_token&refresh_token=rt-old-0123456789",
			`{"access_token":"at","refresh_token":"rt-new-0123456789"}`, 200), true},
		{"refresh token kept", sentToken("grant_type=refresh_token&refresh_token=rt-old-0123456789",
			`{"access_token":"at"}`, 200), false},
		{"authorization code", sentToken("grant_type=authorization_code&code=c0de-0123456789", `{}`, 400), true},
		{"device code redeemed", sentToken("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3A"+
			"device_code&device_code=dc-0123456789", `{"access_token":"at"}`, 200), true},
		{"device code pending", sentToken("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3A"+
			"device_code&device_code=dc-0123456789", `{"error":"authorization_pending"}`, 400), false},
		{"client assertion", sentToken("grant_type=client_credentials&client_assertion=eyJ.eyJ.sig",
			`{}`, 200), true},
		{"client credentials", sentToken("grant_type=client_credentials&client_id=x", `{}`, 200), false},
	}
	for _, tc := range cases {
		ws := NewDraft(tc.ex).Warnings("https://auth.example.com")
		if got := slices.Contains(warnCodes(ws), WarnReplay); got != tc.want {
			t.Errorf("%s: got %v, want a replay warning %v", tc.name, ws, tc.want)
		}
	}
	d := NewDraft(sentToken("grant_type=authorization_code&code=c0de-0123456789", `{}`, 400))
	d.Fields[1].Text = "code=another-code-0123456789"
	if ws := d.Warnings(""); len(ws) != 0 {
		t.Errorf("an edited code: got %v, want none", ws)
	}
	dpop := flows.Exchange{Label: "call", Method: "GET", URL: "https://api.example.com/me",
		RequestHeader: []flows.HeaderField{{Name: "Authorization", Value: "DPoP at-0123456789"},
			{Name: "DPoP", Value: "eyJ.proof.sig"}}}
	if ws := NewDraft(dpop).Warnings(""); !slices.Contains(warnCodes(ws), WarnReplay) {
		t.Errorf("a DPoP proof sent again: got %v, want a replay warning", ws)
	}
}

// The destination is judged against the captured request's host (and the
// issuer's for a token request): an API call on its own host is no
// warning; a token URL moved in a walk without an issuer is.
func TestDraft_DestinationAgainstTheOriginal(t *testing.T) {
	call := flows.Exchange{Label: "call", Method: "GET", URL: "https://api.example.com/me",
		RequestHeader: []flows.HeaderField{{Name: "Authorization", Value: "Bearer at-0123456789"}}}
	if ws := NewDraft(call).Warnings("https://auth.example.com"); len(ws) != 0 {
		t.Errorf("the API call on its own host: got %v, want none", ws)
	}
	d := NewDraft(call)
	d.URL.Text = "https://evil.example.net/me"
	if ws := d.Warnings("https://auth.example.com"); !slices.Contains(warnCodes(ws), WarnOtherHost) {
		t.Errorf("the API call moved: got %v, want %s", ws, WarnOtherHost)
	}
	tok := sentToken("grant_type=client_credentials&client_secret=s3cret-0123456789", `{}`, 401)
	d = NewDraft(tok)
	d.URL.Text = "https://evil.example.net/token"
	if ws := d.Warnings(""); !slices.Contains(warnCodes(ws), WarnOtherHost) {
		t.Errorf("a token URL moved, no issuer: got %v, want %s", ws, WarnOtherHost)
	}
}

// A Basic credential whose id holds a ':' (form-encoded as %3A) is not
// shown decoded: "id:secret" would split at the wrong ':'. Sent unchanged,
// it keeps its bytes.
func TestDraft_BasicIDWithColon(t *testing.T) {
	cred := flows.BasicCredentials("a:b", "s3cret-0123456789")
	ex := flows.Exchange{Label: "token", Method: "POST", URL: "https://auth.example.com/token",
		RequestHeader: []flows.HeaderField{{Name: "Authorization", Value: "Basic " + cred}}}
	d := NewDraft(ex)
	if got := d.Headers[0].Text; got != "Authorization: Basic $BASIC_CREDENTIALS" {
		t.Errorf("got %q, want the credential as one variable", got)
	}
	r, err := d.Request()
	if err != nil || r.Header.Get("Authorization") != "Basic "+cred {
		t.Errorf("got %q, %v; want the same credential", r.Header.Get("Authorization"), err)
	}
}
