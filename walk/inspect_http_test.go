package walk

import (
	"encoding/base64"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

var pasteNow = time.Date(2026, 12, 4, 21, 0, 0, 0, time.UTC)

// curlI401 is a curl -i of an API's insufficient_scope answer, with CRLF.
const curlI401 = "HTTP/2 403 \r\ncontent-type: application/json\r\n" +
	"www-authenticate: Bearer error=\"insufficient_scope\", scope=\"api:write\"\r\n\r\n" +
	`{"error":"insufficient_scope"}` + "\r\n"

func TestInspect_CurlIInsufficientScope(t *testing.T) {
	in := Inspect(curlI401, Expect{Now: pasteNow})
	if in.Kind != PasteResponse || in.Step != flows.StepCall || in.Response.Status != 403 {
		t.Fatalf("kind %s step %s: %+v", in.Kind, in.Step, in)
	}
	if got := codes(in.Diagnoses); len(got) == 0 || got[0] != flows.CodeCallInsufficientScope {
		t.Errorf("diagnoses %v, want %s first", got, flows.CodeCallInsufficientScope)
	}
	if !strings.Contains(in.Diagnoses[0].Summary, "api:write") {
		t.Errorf("the summary names the scope: %q", in.Diagnoses[0].Summary)
	}
}

// curlV is a curl -v of a token request refused with invalid_client: the
// request lines ("> "), curl's notes ("* ") and the answer ("< "), no
// blank line before the body.
var curlV = strings.Join([]string{
	"*   Trying 203.0.113.7:443...",
	"* SSL connection using TLSv1.3",
	"> POST /oauth2/token HTTP/1.1",
	"> Host: auth.example.com",
	"> Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("my-client:s3cr3t-value-123")),
	"> Content-Type: application/x-www-form-urlencoded",
	">",
	"< HTTP/1.1 401 Unauthorized",
	"< Content-Type: application/json",
	"< WWW-Authenticate: Basic realm=\"token\"",
	"<",
	"{ [75 bytes data]",
	`{"error":"invalid_client","error_description":"client authentication failed"}`,
	"* Connection #0 to host auth.example.com left intact",
}, "\n")

func TestInspect_CurlV(t *testing.T) {
	in := Inspect(curlV, Expect{Now: pasteNow})
	// curl -v ends the header lines with CRLF, its own with LF; a terminal
	// pastes each LF as CR.
	crlf := strings.NewReplacer("\n> ", "\r\n> ", "\n< ", "\r\n< ").Replace(curlV)
	for _, text := range []string{strings.ReplaceAll(curlV, "\n", "\r"), strings.ReplaceAll(crlf, "\n", "\r")} {
		cr := Inspect(text, Expect{Now: pasteNow})
		if cr.Response == nil || cr.Response.Status != 401 || cr.Response.URL != "https://auth.example.com/oauth2/token" ||
			!strings.HasPrefix(string(cr.Response.ResponseBody), `{"error"`) {
			t.Errorf("pasted by a terminal (lines ended by CR): %s %q", cr.Kind, cr.Problem)
		}
	}
	ex := in.Response
	if in.Kind != PasteResponse || !in.HasRequest || ex == nil {
		t.Fatalf("kind %s, request %v: %q", in.Kind, in.HasRequest, in.Problem)
	}
	if ex.Method != "POST" || ex.URL != "https://auth.example.com/oauth2/token" || ex.Status != 401 {
		t.Errorf("got %s %s → %d", ex.Method, ex.URL, ex.Status)
	}
	if in.Step != flows.StepToken || !strings.HasPrefix(string(codes(in.Diagnoses)[0]), "token.invalid_client") {
		t.Errorf("step %s, diagnoses %v", in.Step, codes(in.Diagnoses))
	}
	if strings.Contains(string(ex.ResponseBody), "Connection #0") || strings.Contains(string(ex.ResponseBody), "[75") {
		t.Errorf("curl's notes are not the body: %q", ex.ResponseBody)
	}
	r := flows.NewRedactor(in.Secrets()...)
	if out := r.String(curlV); strings.Contains(out, "s3cr3t-value-123") ||
		strings.Contains(out, base64.StdEncoding.EncodeToString([]byte("my-client:s3cr3t-value-123"))) {
		t.Errorf("the pasted credentials are not secrets: %q", out)
	}
}

// curl -i's CRLF lines pasted by a terminal arrive as CR CR; LF lines as
// CR. Both read as the lines they were.
func TestInspect_TerminalPastedCRLF(t *testing.T) {
	for name, text := range map[string]string{
		"crlf": strings.ReplaceAll(curlI401, "\n", "\r"),
		"lf":   strings.ReplaceAll(strings.ReplaceAll(curlI401, "\r\n", "\n"), "\n", "\r"),
		// the TUI's paste: each CR of CR CR turned into LF (found in the
		// newcomer trial: every header became the body's)
		"crlf as lf lf": strings.ReplaceAll(curlI401, "\r", "\n"),
		// as tmux pastes it: CR CR for each CRLF, and one CR more at the end
		"crlf, lone cr at the end": strings.ReplaceAll(strings.TrimSuffix(curlI401, "\r\n"), "\n", "\r") + "\r",
	} {
		in := Inspect(text, Expect{Now: pasteNow})
		if in.Response == nil || in.Step != flows.StepCall || len(in.Response.ResponseHeader) != 2 ||
			string(in.Response.ResponseBody) != `{"error":"insufficient_scope"}` {
			t.Errorf("%s: %+v", name, in.Response)
		}
	}
}

// curl -v shows the request's headers, not its body: the scopes asked
// for are unknown, never "none".
func TestInspect_CurlVScopeUnknown(t *testing.T) {
	paste := strings.Replace(curlV, `{"error":"invalid_client","error_description":"client authentication failed"}`,
		`{"error":"invalid_scope","error_description":"scope 'api:admin' is not allowed"}`, 1)
	in := Inspect(paste, Expect{Now: pasteNow})
	if len(in.Diagnoses) == 0 || strings.Contains(in.Diagnoses[0].Summary, "none was asked for") {
		t.Errorf("diagnoses: %+v", in.Diagnoses)
	}
}

func TestInspect_BareInvalidClientJSON(t *testing.T) {
	in := Inspect(` {"error":"invalid_client","error_description":"Client authentication failed"} `,
		Expect{Now: pasteNow})
	if in.Kind != PasteResponse || in.Step != flows.StepToken || in.Assumed == "" {
		t.Fatalf("kind %s step %s assumed %q", in.Kind, in.Step, in.Assumed)
	}
	if got := codes(in.Diagnoses); len(got) == 0 || !strings.HasPrefix(string(got[0]), "token.invalid_client") {
		t.Errorf("diagnoses %v, want token.invalid_client…", got)
	}
}

func TestInspect_TokenAnswerSecrets(t *testing.T) {
	body := `{"access_token":"at-0123456789abcdef","token_type":"bearer","refresh_token":"rt-0123456789",` +
		`"expires_in":"3600","nested":{"client_secret":"cs-0123456789"}}`
	in := Inspect("HTTP/1.1 200 OK\nContent-Type: application/json\n"+body, Expect{Now: pasteNow})
	if in.Step != flows.StepToken || in.Err != nil {
		t.Fatalf("step %s, err %v", in.Step, in.Err)
	}
	if got := codes(in.Diagnoses); !slices.Contains(got, flows.CodeTokenExpiresInString) {
		t.Errorf("notes %v, want %s", got, flows.CodeTokenExpiresInString)
	}
	out := flows.NewRedactor(in.Secrets()...).String(body)
	for _, s := range []string{"at-0123456789abcdef", "rt-0123456789", "cs-0123456789"} {
		if strings.Contains(out, s) {
			t.Errorf("%s is not learnt as a secret: %s", s, out)
		}
	}
}

func TestInspect_HTMLErrorPage(t *testing.T) {
	page := "HTTP/1.1 502 Bad Gateway\nContent-Type: text/html\n\n<html><head><title>502 Bad Gateway</title>" +
		"</head><body><h1>Bad Gateway</h1></body></html>"
	in := Inspect(page, Expect{Now: pasteNow})
	if in.Kind != PasteResponse || in.Err == nil || len(in.Diagnoses) == 0 {
		t.Fatalf("kind %s err %v diagnoses %v", in.Kind, in.Err, codes(in.Diagnoses))
	}
	bare := Inspect("<html><title>Error</title></html>", Expect{})
	if bare.Kind != PasteUnknown || !strings.Contains(bare.Problem, "curl -i") {
		t.Errorf("a bare page: %s %q", bare.Kind, bare.Problem)
	}
}

func TestInspect_GarbageAndLimits(t *testing.T) {
	for _, text := range []string{"hello world, is this a token?", "{not json", `{"a":1}`, "short", "",
		"< no status here\n< X: y", "HTTP/1.1 abc\n\nbody", "HTTP/1.1 200\n"} {
		in := Inspect(text, Expect{})
		if in.Kind == PasteJWT || in.Problem == "" && in.Kind != PasteResponse {
			t.Errorf("%q: kind %s, problem %q", text, in.Kind, in.Problem)
		}
	}
	big := Inspect(strings.Repeat("a", 2<<20), Expect{})
	if big.Kind != PasteTooLarge || !strings.Contains(big.Problem, "2.0 MiB") {
		t.Errorf("2 MiB: %s %q", big.Kind, big.Problem)
	}
}

// Escape sequences in a paste never reach what is shown.
func TestInspect_EscapeSequences(t *testing.T) {
	const osc = "\x1b]52;c;ZXZpbA==\x07"
	pastes := []string{
		"HTTP/1.1 401 Unauth" + osc + "orized\nWWW-Authenticate: Bearer error=\"invalid_token\", " +
			"error_description=\"bad" + osc + "\"\n\n{\"error\":\"invalid_token\"}",
		`{"error":"invalid_client","error_description":"x` + "\\u001b]52;c;ZXZpbA==\\u0007" + `"}`,
		"garbage " + osc + "\x1b[2J",
		"eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"a`+"\\u001b[31m"+`"}`)) + ".",
	}
	for _, p := range pastes {
		in := Inspect(p, Expect{})
		texts := []string{in.Summary, in.Problem, in.StepWhy}
		for _, r := range in.Rows {
			texts = append(texts, r.Detail)
		}
		for _, d := range in.Diagnoses {
			texts = append(texts, d.Summary, strings.Join(d.Evidence, " "), strings.Join(d.Causes, " "))
		}
		if s := strings.Join(texts, "\n"); strings.ContainsAny(s, "\x1b\x07") {
			t.Errorf("%q: an escape reached the output: %q", p, s)
		}
	}
}
