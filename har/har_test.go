package har

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/oauthlens/oauthlens/flows"
)

const (
	testSecret = "Cl1ent+Secret/with=chars"
	testJWT    = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4Iiwic2NvcGUiOiJyZWFkIn0.c2lnbmF0dXJlLXZhbHVlLTAxMjM0NQ"
	testAPIKey = "api-key-0123456789abcdef"
)

// echoAS is a token endpoint and an API that echo the whole request back
// in their answers (the worst case for a file meant to be shared).
func echoAS(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/token" {
			json.NewEncoder(w).Encode(map[string]any{"access_token": testJWT, "token_type": "Bearer",
				"expires_in": 3600, "debug": r.Header.Get("Authorization") + " " + string(body)})
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		w.WriteHeader(http.StatusUnauthorized)
		json.NewEncoder(w).Encode(map[string]any{"error": "invalid_token", "headers": r.Header})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// walkExchanges gets a token (client_secret_basic) and calls the API with
// it and an API key, and returns the exchanges as captured.
func walkExchanges(t *testing.T) []flows.Exchange {
	srv := echoAS(t)
	ctx := context.Background()
	tok, ex1, err := flows.RequestToken(ctx, srv.Client(), flows.TokenRequest{TokenURL: srv.URL + "/token",
		ClientID: "cid", ClientSecret: testSecret, AuthMethod: flows.AuthBasic, Scopes: []string{"read"}})
	if err != nil {
		t.Fatal(err)
	}
	call := flows.CallRequest{Method: "GET", URL: srv.URL + "/api/me?x=1",
		Header: http.Header{"X-Api-Key": {testAPIKey}}}
	_, exs, _ := flows.Call(ctx, srv.Client(), call, tok, nil)
	return append([]flows.Exchange{ex1}, exs...)
}

// secretForms are every form the test secrets take on the wire.
func secretForms() []string {
	return []string{testSecret, url.QueryEscape(testSecret), testJWT, "c2lnbmF0dXJlLXZhbHVlLTAxMjM0NQ",
		testAPIKey, flows.BasicCredentials("cid", testSecret),
		base64.StdEncoding.EncodeToString([]byte("cid:" + testSecret))}
}

func buildFile(t *testing.T) ([]flows.Exchange, []byte) {
	exs := walkExchanges(t)
	red := flows.NewRedactor(flows.Secret{Name: "API_KEY", Value: testAPIKey})
	data, err := Marshal(Build(exs, red, "test"))
	if err != nil {
		t.Fatal(err)
	}
	return exs, data
}

// TestBuild_ValidatesAgainstTheHAR12Schema checks the file against the
// HAR 1.2 JSON schemas of the har-schema package (the ones har-validator
// uses), with an independent JSON Schema implementation.
func TestBuild_ValidatesAgainstTheHAR12Schema(t *testing.T) {
	_, data := buildFile(t)
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(filepath.Join("testdata", "schema", "har.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("the HAR does not follow HAR 1.2: %v\n%s", err, data)
	}
	// The check has teeth: an entry without timings is refused.
	broken, _ := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(string(data), `"timings"`, `"x"`, 1)))
	if sch.Validate(broken) == nil {
		t.Error("the schema accepted an entry without timings")
	}
}

func TestBuild_EntriesMatchTheExchanges(t *testing.T) {
	exs, data := buildFile(t)
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Log.Entries) != len(exs) {
		t.Fatalf("got %d entries, want %d", len(f.Log.Entries), len(exs))
	}
	for i, e := range f.Log.Entries {
		ex := exs[i]
		if e.Request.Method != ex.Method || e.Request.URL != ex.URL || e.Response.Status != ex.Status {
			t.Errorf("entry %d: %s %s %d, want %s %s %d", i, e.Request.Method, e.Request.URL,
				e.Response.Status, ex.Method, ex.URL, ex.Status)
		}
		if len(e.Request.Headers) != len(ex.RequestHeader) {
			t.Errorf("entry %d: %d request headers, want the %d written", i, len(e.Request.Headers),
				len(ex.RequestHeader))
		}
		for j, h := range e.Request.Headers {
			if h.Name != ex.RequestHeader[j].Name {
				t.Errorf("entry %d header %d: %q, want %q (as written)", i, j, h.Name, ex.RequestHeader[j].Name)
			}
		}
		if e.Time <= 0 || e.Timings.Wait < 0 || e.Timings.Receive < 0 {
			t.Errorf("entry %d: time %v, timings %+v", i, e.Time, e.Timings)
		}
	}
	if body := f.Log.Entries[0].Request.PostData; body == nil ||
		!strings.Contains(body.Text, "grant_type=client_credentials") {
		t.Errorf("the token request body is missing: %+v", body)
	}
}

func TestBuild_NoSecretAndJWTKeepsItsClaims(t *testing.T) {
	_, data := buildFile(t)
	for _, f := range secretForms() {
		if bytes.Contains(data, []byte(f)) {
			t.Errorf("the HAR holds the secret form %q", f)
		}
	}
	stripped := testJWT[:strings.LastIndexByte(testJWT, '.')] + ".REDACTED"
	if !bytes.Contains(data, []byte(stripped)) {
		t.Errorf("the JWT did not keep its header and claims (%s):\n%s", stripped, data)
	}
	if !bytes.Contains(data, []byte(`"Authorization",`+"\n"+`              "value": "Bearer `+stripped)) &&
		!bytes.Contains(data, []byte("Bearer "+stripped)) {
		t.Errorf("the call's Authorization header lost the readable token")
	}
}

func TestParse_RoundTrip(t *testing.T) {
	exs, data := buildFile(t)
	back, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(exs) {
		t.Fatalf("got %d exchanges back, want %d", len(back), len(exs))
	}
	for i, ex := range back {
		if ex.Label != exs[i].Label || ex.Status != exs[i].Status || ex.URL != exs[i].URL ||
			!ex.Started.Equal(exs[i].Started.Truncate(1e6)) {
			t.Errorf("exchange %d: %s %d %s %v, want %s %d %s %v", i, ex.Label, ex.Status, ex.URL, ex.Started,
				exs[i].Label, exs[i].Status, exs[i].URL, exs[i].Started)
		}
	}
	if _, err := Parse([]byte("<html>")); err == nil {
		t.Error("Parse accepted HTML")
	}
}

func TestWriteFile_AtomicAndPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "walk.har")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	got, _ := os.ReadFile(path)
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*tmp"))
	if string(got) != "new" || len(left) > 0 {
		t.Errorf("content %q, temporary files left %v", got, left)
	}
}
