package flows

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestClientAuthenticators_WireForm checks what each method puts on the
// wire and which secrets it declares for masking.
func TestClientAuthenticators_WireForm(t *testing.T) {
	const id, secret = "my client", "p:s+s/%"
	tests := []struct {
		method      AuthMethod
		wantAuthz   string
		wantForm    url.Values
		wantSecrets []Secret
	}{
		{AuthBasic, "Basic " + BasicCredentials(id, secret), url.Values{}, []Secret{{"CLIENT_SECRET", secret},
			{"BASIC_CREDENTIALS", BasicCredentials(id, secret)},
			{"BASIC_CREDENTIALS", base64.StdEncoding.EncodeToString([]byte(id + ":" + secret))}}},
		{AuthPost, "", url.Values{"client_id": {id}, "client_secret": {secret}}, []Secret{{"CLIENT_SECRET", secret}}},
		{AuthNone, "", url.Values{"client_id": {id}}, nil},
	}
	for _, tt := range tests {
		t.Run(string(tt.method), func(t *testing.T) {
			a, ok := NewClientAuthenticator(tt.method, id, secret)
			if !ok || a.Method() != tt.method {
				t.Fatalf("NewClientAuthenticator(%q): got %v, %v", tt.method, a, ok)
			}
			h, form := http.Header{}, url.Values{}
			a.Apply(h, form)
			if got := h.Get("Authorization"); got != tt.wantAuthz {
				t.Errorf("Authorization: got %q, want %q", got, tt.wantAuthz)
			}
			if form.Encode() != tt.wantForm.Encode() {
				t.Errorf("form: got %q, want %q", form.Encode(), tt.wantForm.Encode())
			}
			if !slices.Equal(a.Secrets(), tt.wantSecrets) {
				t.Errorf("secrets: got %v, want %v", a.Secrets(), tt.wantSecrets)
			}
		})
	}
	if _, ok := NewClientAuthenticator("attest_jwt_client_auth", id, secret); ok {
		t.Errorf("attest_jwt_client_auth: got an authenticator, want none (not implemented)")
	}
}

func TestRequestToken_AuthNone(t *testing.T) {
	srv := tokenEndpoint(t, func(w http.ResponseWriter, r *http.Request) bool {
		if got := r.Header.Get("Authorization"); got != "" {
			t.Errorf("Authorization: got %q, want none", got)
		}
		if got := r.PostForm.Get("client_id"); got != "public" {
			t.Errorf("client_id: got %q, want public", got)
		}
		if _, ok := r.PostForm["client_secret"]; ok {
			t.Errorf("client_secret sent by a public client")
		}
		return false
	})
	r := TokenRequest{TokenURL: srv.URL, ClientID: "public", ClientSecret: "unused", AuthMethod: "none"}
	_, ex, err := RequestToken(context.Background(), srv.Client(), r)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(ex.RequestBody), "unused") {
		t.Errorf("the body carries the secret: %s", ex.RequestBody)
	}
}

// recordingGrant is a grant with a parameter and a secret of its own.
type recordingGrant struct{ code string }

func (recordingGrant) Type() GrantType          { return "urn:example:grant" }
func (g recordingGrant) Params(form url.Values) { form.Set("code", g.code) }
func (g recordingGrant) Secrets() []Secret      { return []Secret{{Name: "CODE", Value: g.code}} }
func (g recordingGrant) Validate() error        { return nil }

// TestTokenRequest_Grant: a nil grant is client credentials; another grant
// puts its grant_type and parameters first and its secrets in the masker.
func TestTokenRequest_Grant(t *testing.T) {
	r := TokenRequest{TokenURL: "https://as.example/token", ClientID: "c", Scopes: []string{"a"}}
	if got := encodeForm(r.Form()); got != "grant_type=client_credentials&scope=a" {
		t.Errorf("nil grant: got %q", got)
	}
	r.Grant = ClientCredentials{}
	if got := encodeForm(r.Form()); got != "grant_type=client_credentials&scope=a" {
		t.Errorf("ClientCredentials: got %q", got)
	}
	r.Grant = recordingGrant{code: "c0de"}
	req := r.TokenHTTPRequest()
	if got := string(req.Body); got != "grant_type=urn%3Aexample%3Agrant&code=c0de&scope=a" {
		t.Errorf("other grant: got %q", got)
	}
	if !slices.Contains(req.Secrets, Secret{Name: "CODE", Value: "c0de"}) {
		t.Errorf("secrets: got %v, want the grant's CODE", req.Secrets)
	}
}

func TestSentinelErrors(t *testing.T) {
	_, err := ParseTokenResponse(Exchange{Status: 200, ResponseBody: []byte("<html>x</html>")})
	if !errors.Is(err, ErrNotJSON) {
		t.Errorf("HTML body: got %v, want ErrNotJSON", err)
	}
	_, err = ParseTokenResponse(Exchange{Status: 200, ResponseBody: []byte(`{"token_type":"Bearer"}`)})
	if !errors.Is(err, ErrNoAccessToken) || err.Error() != "token response: "+ErrNoAccessToken.Error() {
		t.Errorf("no access_token: got %v, want ErrNoAccessToken", err)
	}
}
