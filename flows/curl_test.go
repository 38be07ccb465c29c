package flows

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// shellWords splits a POSIX shell command line into words the way sh
// would, without expanding anything: single quotes are literal, double
// quotes keep "$NAME" as the text $NAME, a backslash outside quotes escapes
// the next character. It is enough to check the quoting of Curl.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words, inWord = append(words, cur.String()), false
				cur.Reset()
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unterminated single quote at %d", i)
			}
			cur.WriteString(s[i+1 : i+1+j])
			i, inWord = i+1+j, true
		case c == '"':
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				return nil, fmt.Errorf("unterminated double quote at %d", i)
			}
			if inner := s[i+1 : i+1+j]; strings.ContainsAny(inner, "\\`") {
				return nil, fmt.Errorf("unexpected escape in double quotes: %q", inner)
			} else {
				cur.WriteString(inner)
			}
			i, inWord = i+1+j, true
		case c == '\\' && i+1 < len(s):
			cur.WriteByte(s[i+1])
			i, inWord = i+1, true
		case strings.IndexByte("|&;<>()`*?[#~$", c) >= 0:
			return nil, fmt.Errorf("unquoted shell metacharacter %q at %d in %s", c, i, s)
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// http1TokenExchange is a token request as the HTTP/1.1 transport writes it.
func http1TokenExchange(auth, body string, secrets ...Secret) Exchange {
	fields := []HeaderField{{"Host", "auth.example.com"}, {"User-Agent", UserAgent},
		{"Content-Length", fmt.Sprint(len(body))}, {"Accept", "application/json"}}
	if auth != "" {
		fields = append(fields, HeaderField{"Authorization", auth})
	}
	fields = append(
		fields,
		HeaderField{"Content-Type", "application/x-www-form-urlencoded"},
		HeaderField{"Accept-Encoding", "gzip"},
	)
	return Exchange{Method: http.MethodPost, URL: "https://auth.example.com/connect/token", HeaderWritten: true,
		RequestHeader: fields, RequestBody: []byte(body), Secrets: secrets}
}

// A Basic header whose id and secret need no form-encoding is curl's own
// -u 'id:'"$CLIENT_SECRET", which runs as pasted once the variable is set
// (token -v --curl printed "$BASIC_CREDENTIALS" and never said how to
// make it: second newcomer trial).
func TestCurl_BasicAsDashU(t *testing.T) {
	secret := Secret{Name: "CLIENT_SECRET", Value: "demo-secret"}
	ex := http1TokenExchange("Basic "+BasicCredentials("demo-client", secret.Value), "grant_type=client_credentials",
		secret)
	got := ex.Curl(false)
	if !strings.Contains(got, `-u demo-client:"$CLIENT_SECRET"`) || strings.Contains(got, "BASIC_CREDENTIALS") ||
		strings.Contains(got, "demo-secret") {
		t.Errorf("curl: %s", got)
	}
}

func TestCurl_Token(t *testing.T) {
	secret := Secret{Name: "CLIENT_SECRET", Value: "it's+a secret"}
	basic := http1TokenExchange(
		"Basic "+BasicCredentials("c1", secret.Value),
		"grant_type=client_credentials&scope=a+b%2Fread",
		secret,
	)
	post := http1TokenExchange("", "grant_type=client_credentials&client_id=c1&client_secret=it%27s%2Ba+secret", secret)
	tests := []struct {
		name   string
		ex     Exchange
		reveal bool
		want   string
		words  []string
	}{
		{"basic masked", basic, false,
			`curl -H 'Accept: application/json' -H 'Authorization: Basic '"$BASIC_CREDENTIALS" --data-urlencode grant_type=client_credentials --data-urlencode 'scope=a b/read' https://auth.example.com/connect/token`,
			[]string{
				"curl",
				"-H",
				"Accept: application/json",
				"-H",
				"Authorization: Basic $BASIC_CREDENTIALS",
				"--data-urlencode",
				"grant_type=client_credentials",
				"--data-urlencode",
				"scope=a b/read",
				"https://auth.example.com/connect/token",
			}},
		{"basic revealed", basic, true,
			`curl -H 'Accept: application/json' -H 'Authorization: Basic ` + BasicCredentials(
				"c1",
				secret.Value,
			) + `' --data-urlencode grant_type=client_credentials --data-urlencode 'scope=a b/read' https://auth.example.com/connect/token`,
			nil},
		{"post masked", post, false,
			`curl -H 'Accept: application/json' --data-urlencode grant_type=client_credentials --data-urlencode client_id=c1 --data-urlencode client_secret="$CLIENT_SECRET" https://auth.example.com/connect/token`,
			[]string{
				"curl",
				"-H",
				"Accept: application/json",
				"--data-urlencode",
				"grant_type=client_credentials",
				"--data-urlencode",
				"client_id=c1",
				"--data-urlencode",
				"client_secret=$CLIENT_SECRET",
				"https://auth.example.com/connect/token",
			}},
		{"post revealed, single quote in the secret", post, true,
			`curl -H 'Accept: application/json' --data-urlencode grant_type=client_credentials --data-urlencode client_id=c1 --data-urlencode 'client_secret=it'\''s+a secret' https://auth.example.com/connect/token`,
			[]string{
				"curl",
				"-H",
				"Accept: application/json",
				"--data-urlencode",
				"grant_type=client_credentials",
				"--data-urlencode",
				"client_id=c1",
				"--data-urlencode",
				"client_secret=it's+a secret",
				"https://auth.example.com/connect/token",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.ex.Curl(tt.reveal)
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			words, err := shellWords(got)
			if err != nil {
				t.Fatalf("not a valid shell command: %v", err)
			}
			if tt.words != nil && !slices.Equal(words, tt.words) {
				t.Errorf("shell words: got %q, want %q", words, tt.words)
			}
		})
	}
}

func TestCurl_Call(t *testing.T) {
	ex := Exchange{
		Method:        http.MethodGet,
		URL:           "https://api.example.com/apps/organizations?q=a b&x=1",
		HeaderWritten: true,
		RequestHeader: []HeaderField{{"Host", "api.example.com"}, {"User-Agent", UserAgent},
			{"Accept", "application/json, */*;q=0.5"}, {"Authorization", "bearer tok-123456"},
			{"X-Api-Key", "key-abcdef"}, {"X-Tenant", "t-$HOME"}},
		Secrets: []Secret{{"ACCESS_TOKEN", "tok-123456"}, {"X_API_KEY", "key-abcdef"}},
	}
	want := `curl -H 'Accept: application/json, */*;q=0.5' -H 'Authorization: bearer '"$ACCESS_TOKEN" -H 'X-Api-Key: '"$X_API_KEY" -H 'X-Tenant: t-$HOME' 'https://api.example.com/apps/organizations?q=a b&x=1'`
	got := ex.Curl(false)
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	words, err := shellWords(got)
	if err != nil {
		t.Fatal(err)
	}
	if wantWords := []string{"curl", "-H", "Accept: application/json, */*;q=0.5", "-H", "Authorization: bearer $ACCESS_TOKEN",
		"-H", "X-Api-Key: $X_API_KEY", "-H", "X-Tenant: t-$HOME", "https://api.example.com/apps/organizations?q=a b&x=1"}; !slices.Equal(
		words,
		wantWords,
	) {
		t.Errorf("shell words: got %q, want %q", words, wantWords)
	}
}

func TestCurl_MethodAndBody(t *testing.T) {
	jsonCT := []HeaderField{{"Content-Type", "application/json"}}
	formCT := []HeaderField{{"Content-Type", "application/x-www-form-urlencoded"}}
	tests := []struct {
		name, method, body string
		header             []HeaderField
		want               string
	}{
		{"GET", "GET", "", nil, "curl https://x.example/a"},
		{
			"POST with a body",
			"POST",
			`{"a":1}`,
			jsonCT,
			`curl -H 'Content-Type: application/json' --data-raw '{"a":1}' https://x.example/a`,
		},
		{"POST without a body", "POST", "", nil, "curl -X POST https://x.example/a"},
		{"DELETE", "DELETE", "", nil, "curl -X DELETE https://x.example/a"},
		{
			"PUT with a body",
			"PUT",
			`{}`,
			jsonCT,
			`curl -X PUT -H 'Content-Type: application/json' --data-raw '{}' https://x.example/a`,
		},
		{
			"form field that is not form-encoded",
			"POST",
			"a=%zz&b=1",
			formCT,
			`curl --data-raw a=%zz --data-urlencode b=1 https://x.example/a`,
		},
		{
			"known secret under another name",
			"POST",
			"api_pass=k3y-VALUE",
			formCT,
			`curl --data-urlencode api_pass="$API_PASS" https://x.example/a`,
		},
		{"JSON secret masked", "POST", `{"name":"x","client_secret":"abcdef"}`, jsonCT,
			`curl -H 'Content-Type: application/json' --data-raw '{"name":"x","client_secret":"` + Mask + `"}' https://x.example/a`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := Exchange{
				Method:        tt.method,
				URL:           "https://x.example/a",
				RequestHeader: tt.header,
				RequestBody:   []byte(tt.body),
				Secrets:       []Secret{{"API_PASS", "k3y-VALUE"}},
			}
			if got := ex.Curl(false); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCurl_HTTP2 checks a real HTTP/2 exchange: the transport records
// pseudo-header fields (":authority", ":path", …) that curl can't send.
func TestCurl_HTTP2(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor != 2 {
			t.Errorf("protocol: got %q, want HTTP/2", r.Proto)
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"tok-h2-123456","token_type":"Bearer"}`)
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	_, ex, err := RequestToken(
		context.Background(),
		srv.Client(),
		TokenRequest{TokenURL: srv.URL + "/token", ClientID: "c1", ClientSecret: leakSecret},
	)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Proto != "HTTP/2.0" || !ex.HeaderWritten {
		t.Fatalf("Proto %q HeaderWritten %v, want HTTP/2.0 and true", ex.Proto, ex.HeaderWritten)
	}
	// HTTP/2 writes the header fields in map order, so compare as a set.
	words, err := shellWords(ex.Curl(false))
	if err != nil {
		t.Fatal(err)
	}
	var headers []string
	user := ""
	for i, w := range words {
		if w == "-H" && i+1 < len(words) {
			headers = append(headers, words[i+1])
		}
		if w == "-u" && i+1 < len(words) {
			user = words[i+1]
		}
	}
	slices.Sort(headers)
	if want := []string{"accept: application/json"}; !slices.Equal(headers, want) || user != "c1:$CLIENT_SECRET" {
		t.Errorf("curl headers: got %q and -u %q, want %q and -u c1:$CLIENT_SECRET", headers, user, want)
	}
	if want := []string{"--data-urlencode", "grant_type=client_credentials", srv.URL + "/token"}; !slices.Equal(
		words[len(words)-3:],
		want,
	) {
		t.Errorf("curl ends with %q, want %q", words[len(words)-3:], want)
	}
	if raw := ex.Raw(false); strings.Contains(raw, leakSecret) || strings.Contains(raw, "tok-h2-123456") ||
		!strings.Contains(raw, "POST /token HTTP/2\n") {
		t.Errorf("Raw(false): got\n%s", raw)
	}
}

func TestShellQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "''"},
		{"plain-word_1.2/a:b=c@d,e+f%", "plain-word_1.2/a:b=c@d,e+f%"},
		{"a b", "'a b'"},
		{"it's", `'it'\''s'`},
		{"$HOME", "'$HOME'"},
		{"a;rm -rf ~", "'a;rm -rf ~'"},
		{"~user", "'~user'"},
		{"`x`", "'`x`'"},
		{"é", "'é'"},
	}
	for _, tt := range tests {
		got := shellQuote(tt.in)
		if got != tt.want {
			t.Errorf("shellQuote(%q): got %q, want %q", tt.in, got, tt.want)
		}
		if words, err := shellWords(got); err != nil || len(words) != 1 || words[0] != tt.in {
			t.Errorf("shellQuote(%q) = %s splits to %q (%v), want one word", tt.in, got, words, err)
		}
	}
}
