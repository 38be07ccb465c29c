package flows

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// callCases are API answers and what Diagnose must say about them.
var callCases = []struct {
	name      string
	api       http.HandlerFunc
	reacquire bool
	wants     []want
}{
	{
		"401 invalid_token, expired",
		answer(
			401,
			jsonCT,
			`{}`,
			"WWW-Authenticate",
			`Bearer error="invalid_token", error_description="The access token expired"`,
		),
		false,
		[]want{{code: "call.token_expired", cause: "lifetime", action: "reacquire", evidence: "5m ago"}},
	},
	{
		"403 insufficient_scope",
		answer(403, jsonCT, `{}`, "WWW-Authenticate", `Bearer error="insufficient_scope", scope="api:write"`),
		false,
		[]want{
			{
				code:     "call.insufficient_scope",
				cause:    "without that scope",
				action:   "scope=api:read api:write",
				evidence: `scope="api:write"`,
			},
		},
	},
	{
		"401 invalid_token, wrong audience",
		answer(
			401,
			jsonCT,
			`{}`,
			"WWW-Authenticate",
			`Bearer error="invalid_token", error_description="the access token is for audience 'https://other.example', not this API ('https://api.example/v1')"`,
		),
		false,
		[]want{
			{code: "call.wrong_audience", cause: "did not name this API", action: "audience=https://api.example/v1"},
		},
	},
	{"401 without WWW-Authenticate when the API needs a key", needsAPIKey, true,
		[]want{{code: "call.no_challenge", cause: "API key header", fix: "X-Api-Key", evidence: "no WWW-Authenticate"},
			{
				code:  "call.refused_after_reacquire",
				cause: "besides the token",
				fix:   "re-acquiring again will not help",
			}}},
	{
		"token re-acquired and still refused",
		answer(
			401,
			jsonCT,
			`{}`,
			"WWW-Authenticate",
			`Bearer error="invalid_token", error_description="unknown issuer"`,
		),
		true,
		[]want{
			{code: "call.invalid_token", cause: "another server"},
			{code: "call.refused_after_reacquire", cause: "another authorization server"},
		},
	},
	{
		"re-acquired token arrives already expired",
		answer(
			401,
			jsonCT,
			`{}`,
			"WWW-Authenticate",
			`Bearer error="invalid_token", error_description="the access token expired at 2026-01-01T00:00:00Z"`,
		),
		true,
		[]want{
			{code: "call.token_expired"},
			{code: "call.refused_after_reacquire", cause: "exp in the past", fix: "which clock is off"},
		},
	},
	{
		"re-acquired token signed with an unpublished key",
		answer(
			401,
			jsonCT,
			`{}`,
			"WWW-Authenticate",
			`Bearer error="invalid_token", error_description="token is unverifiable: kid 'k9' is not a key of this server"`,
		),
		true,
		[]want{
			{code: "call.invalid_token.signature"},
			{code: "call.refused_after_reacquire", cause: "does not publish", fix: "compare the token's kid"},
		},
	},
	{"404", answer(404, jsonCT, `{}`), false, []want{{code: "call.http_404", cause: "path"}}},
	{"401 asking for another scheme", answer(401, jsonCT, `{}`, "WWW-Authenticate", `ApiKey realm="gw"`), false,
		[]want{
			{
				code:     "call.other_scheme",
				cause:    "API key",
				fix:      "ApiKey credential",
				evidence: "WWW-Authenticate: ApiKey",
			},
		}},
}

func TestDiagnose_CallFailures(t *testing.T) {
	now := time.Now()
	expired := Token{AccessToken: "t1", TokenType: "Bearer", ExpiresAt: now.Add(-5 * time.Minute), Scope: "api:read"}
	for _, c := range callCases {
		t.Run(c.name, func(t *testing.T) {
			api := httptest.NewServer(c.api)
			defer api.Close()
			var re Reacquirer
			if c.reacquire {
				re = func(context.Context) (Token, Exchange, error) {
					return Token{AccessToken: "t2", TokenType: "Bearer"}, Exchange{Label: "token"}, nil
				}
			}
			res, exs, err := Call(context.Background(), api.Client(), CallRequest{URL: api.URL + "/v1/me"}, expired, re)
			if err == nil {
				t.Fatal("the call succeeded")
			}
			tok := res.Token
			ds := Diagnose(
				err,
				Context{
					Step:      StepCall,
					Request:   &TokenRequest{Scopes: []string{"api:read"}},
					Token:     &tok,
					Exchanges: exs,
					Now:       now,
				},
			)
			for _, w := range c.wants {
				w.check(t, ds)
			}
			if string(ds[0].Code) != c.wants[0].code {
				t.Errorf("first diagnosis %q, want %q", ds[0].Code, c.wants[0].code)
			}
		})
	}
}

func TestDiagnose_ReacquireFailsDuringACall(t *testing.T) {
	api := httptest.NewServer(answer(401, jsonCT, `{}`, "WWW-Authenticate", `Bearer error="invalid_token"`))
	defer api.Close()
	tokens := httptest.NewServer(answer(401, jsonCT, `{"error":"invalid_client"}`))
	defer tokens.Close()
	r := TokenRequest{TokenURL: tokens.URL, ClientID: "c", ClientSecret: "s", AuthMethod: AuthPost}
	re := func(ctx context.Context) (Token, Exchange, error) { return RequestToken(ctx, tokens.Client(), r) }
	_, exs, err := Call(context.Background(), api.Client(), CallRequest{URL: api.URL}, Token{AccessToken: "t"}, re)
	ds := Diagnose(err, Context{Step: StepCall, Request: &r, Exchanges: exs})
	want{code: "token.invalid_client", action: "auth=client_secret_basic"}.check(t, ds)
}

// needsAPIKey is an API behind a gateway that wants X-Api-Key and answers a
// bare 401 without it.
func needsAPIKey(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-Api-Key") == "" {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	answer(200, jsonCT, `{}`)(w, r)
}

func TestTokenDetail_ExpClaimWinsWhenItDisagrees(t *testing.T) {
	now := time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)
	tok := Token{TokenType: "Bearer", ExpiresAt: now.Add(time.Hour), Scope: "a"}
	past := &DecodedJWT{Claims: map[string]any{"exp": float64(now.Add(-time.Hour).Unix())}}
	if got, want := tokenDetail(tok, past, now), "Bearer token (by its exp claim), expired 1h ago, scope a"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	agrees := &DecodedJWT{Claims: map[string]any{"exp": float64(now.Add(time.Hour).Unix())}}
	if got, want := tokenDetail(tok, agrees, now), "Bearer token, expires in 1h, scope a"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
