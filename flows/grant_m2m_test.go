package flows

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// grantServer answers every token request with a token and hands the form
// to check.
func grantServer(t *testing.T, check func(r *http.Request)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		check(r)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"access_token":"new-token-0123456789","token_type":"Bearer","issued_token_type":` +
			`"urn:ietf:params:oauth:token-type:access_token"}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestTokenExchange_Form(t *testing.T) {
	srv := grantServer(t, func(r *http.Request) {
		want := map[string]string{"grant_type": string(GrantTokenExchange), "subject_token": "subject-0123456789",
			"subject_token_type": "urn:ietf:params:oauth:token-type:access_token", "actor_token": "actor-0123456789",
			"actor_token_type": "urn:ietf:params:oauth:token-type:jwt", "audience": "https://api.example",
			"requested_token_type": "urn:ietf:params:oauth:token-type:access_token"}
		for k, v := range want {
			if got := r.PostForm.Get(k); got != v {
				t.Errorf("%s: got %q, want %q", k, got, v)
			}
		}
	})
	req := TokenRequest{TokenURL: srv.URL, ClientID: "c", ClientSecret: "s", Audience: "https://api.example",
		Grant: TokenExchange{SubjectToken: "subject-0123456789", SubjectTokenType: "access_token",
			ActorToken: "actor-0123456789", ActorTokenType: "jwt", RequestedTokenType: "access_token"}}
	_, ex, err := RequestToken(context.Background(), srv.Client(), req)
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"subject-0123456789", "actor-0123456789"} {
		if strings.Contains(ex.Raw(false)+ex.Curl(false), leak) {
			t.Errorf("%s shows", leak)
		}
	}
}

func TestTokenExchange_Validate(t *testing.T) {
	bad := []TokenExchange{{}, {SubjectToken: "x"}, {SubjectToken: "x", SubjectTokenType: "jwt", ActorToken: "y"}}
	for _, g := range bad {
		if err := g.Validate(); err == nil {
			t.Errorf("%+v: got nil, want an error", g)
		}
	}
}

func TestJWTBearer_SignedPerRequest(t *testing.T) {
	key, _, _ := GenerateSigningKey("PS256")
	var seen []string
	srv := grantServer(t, func(r *http.Request) {
		if r.PostForm.Get("grant_type") != string(GrantJWTBearer) {
			t.Errorf("grant_type %q", r.PostForm.Get("grant_type"))
		}
		c := verifyAssertion(t, r.PostForm.Get("assertion"), "PS256", key.Public(), "cid", "http://"+r.Host+"/token")
		seen = append(seen, c["jti"].(string))
	})
	req := TokenRequest{TokenURL: srv.URL + "/token", ClientID: "cid", AuthMethod: AuthNone, Grant: JWTBearer{Key: key}}
	for range 2 {
		_, ex, err := RequestToken(context.Background(), srv.Client(), req)
		if err != nil {
			t.Fatal(err)
		}
		if len(ex.Secrets) == 0 || ex.Secrets[0].Name != "ASSERTION" {
			t.Errorf("secrets %v, want the assertion", ex.Secrets)
		}
	}
	if len(seen) != 2 || seen[0] == seen[1] {
		t.Errorf("jti %v: want a fresh assertion per request", seen)
	}
	if err := (JWTBearer{}).Validate(); err == nil {
		t.Errorf("an empty JWT-bearer grant validates")
	}
	if g, ok := NormalizeGrant("jwt_bearer"); !ok || g != GrantJWTBearer {
		t.Errorf("NormalizeGrant: got %q %v", g, ok)
	}
}
