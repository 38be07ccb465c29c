package walk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// fullProfile sets every field a profile can hold that shapes a request.
func fullProfile(t *testing.T) profiles.Profile {
	t.Setenv("WALK_SECRET", "s3cr3t-from-env")
	t.Setenv("WALK_API_KEY", "key-from-env-123")
	t.Setenv("WALK_ASSERTION", "assertion-from-env")
	return profiles.Profile{
		Name: "full", Issuer: "https://as.example", Discovery: flows.StyleRFC8414,
		TokenURL: "https://as.example/token", ClientID: "cid", ClientSecret: "env:WALK_SECRET",
		AuthMethod: flows.AuthPost, Scopes: []string{"a", "b"}, Audience: "https://api.example",
		Resource:   []string{"https://api.example/r1", "https://api.example/r2"},
		Params:     map[string]string{"tenant": "t1", "client_assertion": "env:WALK_ASSERTION"},
		APIBaseURL: "https://api.example/v1", TestRequest: profiles.Request{Method: "POST", Path: "/me"},
		APIHeaders:  map[string]string{"X-Api-Key": "env:WALK_API_KEY", "X-Trace": "on"},
		ReacquireOn: []int{401},
	}
}

func refResolver(ctx context.Context, what, ref string) (string, error) {
	return profiles.Resolve(ctx, ref, nil)
}

func TestBuild_EveryProfileField(t *testing.T) {
	p := fullProfile(t)
	pl, err := Build(context.Background(), &p, Overrides{}, refResolver)
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.Unresolved) > 0 {
		t.Fatalf("unresolved: %v", pl.Unresolved)
	}
	want := flows.TokenRequest{TokenURL: "https://as.example/token", ClientID: "cid",
		ClientSecret: "s3cr3t-from-env", AuthMethod: flows.AuthPost, Scopes: []string{"a", "b"},
		Audience: "https://api.example", Resource: p.Resource,
		Extra: url.Values{"tenant": {"t1"}, "client_assertion": {"assertion-from-env"}}}
	if got := pl.Token.Form().Encode(); got != want.Form().Encode() {
		t.Errorf("form: got %q, want %q", got, want.Form().Encode())
	}
	if pl.Token.ClientSecret != want.ClientSecret || pl.Token.AuthMethod != want.AuthMethod {
		t.Errorf("credentials: got %q/%q", pl.Token.ClientSecret, pl.Token.AuthMethod)
	}
	if pl.Issuer != p.Issuer || pl.Discovery != p.Discovery {
		t.Errorf("discovery: got %q %q", pl.Issuer, pl.Discovery)
	}
	if pl.API.Method != "POST" || pl.API.URL != "https://api.example/v1/me" {
		t.Errorf("api: got %s %s", pl.API.Method, pl.API.URL)
	}
	if !slices.Equal(pl.ReacquireOn, []int{401}) {
		t.Errorf("reacquire: got %v", pl.ReacquireOn)
	}
	if got := pl.SecretHeaderNames(); !slices.Equal(got, []string{"X-Api-Key"}) {
		t.Errorf("secret headers: got %v", got)
	}
	if got := pl.ParamSecrets(); len(got) != 1 || got[0].Value != "assertion-from-env" {
		t.Errorf("param secrets: got %v", got)
	}
}

func TestBuild_OverridesWin(t *testing.T) {
	p := fullProfile(t)
	t.Setenv("WALK_OTHER", "other-secret")
	ov := Overrides{TokenURL: "https://other/token", ClientID: "c2", ClientSecret: "env:WALK_OTHER",
		Auth: "basic", Scope: "x", Audience: "aud2", Resource: []string{"https://r"},
		Params: []string{"extra=1"}, APIHeaders: []string{"x-api-key: literal-key"}}
	pl, err := Build(context.Background(), &p, ov, refResolver)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Token.TokenURL != "https://other/token" || pl.Token.ClientID != "c2" ||
		pl.Token.ClientSecret != "other-secret" || pl.Token.AuthMethod != flows.AuthBasic {
		t.Errorf("token: got %+v", pl.Token)
	}
	if pl.Token.Extra.Get("extra") != "1" || pl.Token.Extra.Get("tenant") != "t1" {
		t.Errorf("params: got %v", pl.Token.Extra)
	}
	if len(pl.API.Headers) != 2 || pl.API.Headers[0].Value != "literal-key" {
		t.Errorf("a header named again replaces the profile's: got %+v", pl.API.Headers)
	}
	// X-Api-Key is secret by its name even when typed as a literal.
	if !pl.API.Headers[0].Secret() {
		t.Error("X-Api-Key typed as a literal is not secret")
	}
}

func TestBuild_BadOverrides(t *testing.T) {
	for _, ov := range []Overrides{{Auth: "bogus"}, {Params: []string{"novalue"}}, {APIHeaders: []string{"NoColon"}}} {
		_, err := Build(context.Background(), nil, ov, refResolver)
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%+v: got %v, want a UsageError", ov, err)
		}
	}
}

func TestBuild_UnresolvedIsListedNotFatal(t *testing.T) {
	p := profiles.Profile{Name: "x", TokenURL: "https://as/t", ClientID: "c", ClientSecret: "env:WALK_UNSET_1",
		APIHeaders: map[string]string{"X-Api-Key": "env:WALK_UNSET_2"}}
	pl, err := Build(context.Background(), &p, Overrides{}, refResolver)
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, u := range pl.Unresolved {
		fields = append(fields, u.Field)
		if strings.Contains(u.Error(), "WALK_UNSET") == false {
			t.Errorf("the error should name the reference: %v", u)
		}
	}
	if !slices.Equal(fields, []string{"client_secret", "api_headers.X-Api-Key"}) {
		t.Errorf("got %v", fields)
	}
	if pl.SecretRef != "env:WALK_UNSET_1" {
		t.Errorf("the reference is kept for saving: got %q", pl.SecretRef)
	}
}

// TestParamReferenceIsResolved: a parameter given as a reference sends the
// value it points to, never the text "env:X" (which -v would mask, showing
// one thing while sending another).
func TestParamReferenceIsResolved(t *testing.T) {
	t.Setenv("WALK_PARAM", "param-value-987")
	var got url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got, _ = url.ParseQuery(string(b))
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"at-123456789","token_type":"Bearer"}`)
	}))
	defer srv.Close()
	pl, err := Build(context.Background(), nil, Overrides{TokenURL: srv.URL, ClientID: "c", ClientSecret: "lit",
		Params: []string{"client_assertion=env:WALK_PARAM"}}, refResolver)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := flows.RequestToken(context.Background(), srv.Client(), pl.Token); err != nil {
		t.Fatal(err)
	}
	if got.Get("client_assertion") != "param-value-987" {
		t.Errorf("sent %q, want the resolved value", got.Get("client_assertion"))
	}
}

// TestSecretHeader_OneRuleForDisplayAndSave: a header typed by hand such as
// X-Client-Token is masked in the raw exchange and in copy-as-curl, the
// same rule that makes saving store it as a secret.
func TestSecretHeader_OneRuleForDisplayAndSave(t *testing.T) {
	const value = "abc-typed-by-hand"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	pl := Plan{API: API{Method: "GET", URL: srv.URL, Headers: []Header{{Name: "X-Client-Token", Value: value}}}}
	if !pl.API.Headers[0].Secret() {
		t.Fatal("X-Client-Token typed as a literal is not secret; saving would disagree with display")
	}
	h := http.Header{}
	h.Set("X-Client-Token", value)
	req := flows.CallRequest{Method: "GET", URL: srv.URL, Header: h, SecretHeaders: pl.SecretHeaderNames()}
	_, exs, _ := flows.Call(context.Background(), srv.Client(), req, flows.Token{AccessToken: "at-0123456789",
		TokenType: "Bearer"}, nil)
	for _, ex := range exs {
		for name, out := range map[string]string{"raw": ex.Raw(false), "curl": ex.Curl(false)} {
			if strings.Contains(out, value) {
				t.Errorf("%s shows the header value: %s", name, out)
			}
		}
	}
	for _, name := range []string{"X-Client-Token", "X-Api-Key", "Authorization"} {
		if !SecretHeader(name, "") {
			t.Errorf("SecretHeader(%q) = false", name)
		}
	}
	if SecretHeader("Accept", "") || !SecretHeader("Accept", "env:X") {
		t.Error("a header is secret by its name or by its value being a reference, nothing else")
	}
}

// TestToProfile_RoundTrip: a profile built into a plan and written back is
// the same profile, references kept (never the resolved values).
func TestToProfile_RoundTrip(t *testing.T) {
	p := fullProfile(t)
	pl, err := Build(context.Background(), &p, Overrides{}, refResolver)
	if err != nil {
		t.Fatal(err)
	}
	got := pl.ToProfile(p)
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", p) {
		t.Errorf("round trip:\ngot  %+v\nwant %+v", got, p)
	}
	q, err := ApplyOverrides(p, Overrides{ClientSecret: "env:OTHER", Params: []string{"x=1"},
		APIHeaders: []string{"X-Trace: off"}})
	if err != nil {
		t.Fatal(err)
	}
	if q.ClientSecret != "env:OTHER" || q.Params["x"] != "1" || q.APIHeaders["X-Trace"] != "off" ||
		q.Params["client_assertion"] != "env:WALK_ASSERTION" {
		t.Errorf("overrides: got %+v", q)
	}
}

// TestPlanSecrets: the plan's secrets include the Basic credential, which
// no form of the raw secret matches, and the secret params and headers.
func TestPlanSecrets(t *testing.T) {
	p := fullProfile(t)
	pl, err := Build(context.Background(), &p, Overrides{}, refResolver)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range pl.Secrets() {
		got = append(got, s.Value)
	}
	want := []string{"s3cr3t-from-env", flows.BasicCredentials("cid", "s3cr3t-from-env"),
		"assertion-from-env", "key-from-env-123"}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("got %q, want it to hold %q", got, w)
		}
	}
	if slices.Contains(got, "on") || slices.Contains(got, "t1") {
		t.Errorf("got %q: a plain value is listed as a secret", got)
	}
}
