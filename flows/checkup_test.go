package flows

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// checkupServer serves discovery, a token endpoint answering a JWT, and a
// JWKS endpoint with the given status.
func checkupServer(t *testing.T, jwksStatus int) *httptest.Server {
	t.Helper()
	var ts *httptest.Server
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		answer(
			200,
			jsonCT,
			fmt.Sprintf(`{"issuer":%q,"token_endpoint":"%s/token","jwks_uri":"%s/jwks"}`, ts.URL, ts.URL, ts.URL),
		)(
			w,
			r,
		)
	})
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		raw := signJWT(
			t,
			jwt.SigningMethodRS256,
			testKeys().rsa,
			"k1",
			jwt.MapClaims{"iss": ts.URL, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()},
		)
		answer(200, jsonCT, `{"access_token":"`+raw+`","token_type":"Bearer","expires_in":3600}`)(w, r)
	})
	mux.HandleFunc("/jwks", func(w http.ResponseWriter, r *http.Request) {
		answer(jwksStatus, jsonCT, string(jwksJSON(t, publicJWK(t, &testKeys().rsa.PublicKey, "k1", "RS256"))))(w, r)
	})
	ts = httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts
}

func checkupRequest(ts *httptest.Server) CheckupRequest {
	return CheckupRequest{Issuer: ts.URL, Token: TokenRequest{ClientID: "c", ClientSecret: "s"}}
}

func TestCheckup_AllPass(t *testing.T) {
	ts := checkupServer(t, 200)
	checks := Checkup(context.Background(), ts.Client(), checkupRequest(ts))
	want := []string{"discovery:pass", "token:pass", "verify:pass", "call:skip"}
	if got := checkStatuses(checks); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if Failed(checks) {
		t.Error("Failed reports a failure")
	}
}

func TestCheckup_JWKSUnusable(t *testing.T) {
	ts := checkupServer(t, 404)
	checks := Checkup(context.Background(), ts.Client(), checkupRequest(ts))
	if !Failed(checks) {
		t.Fatalf("got %v, want a failure", checkStatuses(checks))
	}
	for _, c := range checks {
		if c.Step == StepJWKS {
			want{code: "jwks.unusable", cause: "jwks_uri", fix: "curl"}.check(t, c.Diagnoses)
			return
		}
	}
	t.Fatalf("no jwks check in %v", checkStatuses(checks))
}

func TestCheckup_StopsAtATokenFailure(t *testing.T) {
	ts := httptest.NewServer(answer(401, jsonCT, `{"error":"invalid_client"}`))
	defer ts.Close()
	r := CheckupRequest{
		Token: TokenRequest{TokenURL: ts.URL, ClientID: "c", ClientSecret: "s"},
		Call:  &CallRequest{URL: ts.URL},
	}
	checks := Checkup(context.Background(), ts.Client(), r)
	if got := checkStatuses(checks); fmt.Sprint(got) != "[discovery:skip token:fail verify:skip call:skip]" {
		t.Fatalf("got %v, want discovery skipped, the token failure, then the later steps skipped", got)
	}
	want{code: "token.invalid_client", action: "auth=client_secret_post"}.check(t, checks[1].Diagnoses)
}

func checkStatuses(cs []Check) []string {
	var out []string
	for _, c := range cs {
		out = append(out, string(c.Step)+":"+string(c.Status))
	}
	return out
}
