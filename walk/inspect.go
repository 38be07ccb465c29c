package walk

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

// PasteKind is what a pasted text turned out to be.
type PasteKind string

// The kinds of pasted text.
const (
	PasteEmpty    PasteKind = "empty"
	PasteJWT      PasteKind = "jwt"      // a signed JWT (JWS compact, RFC 7515 §7.1)
	PasteJWE      PasteKind = "jwe"      // an encrypted JWT (RFC 7516): five parts
	PasteOpaque   PasteKind = "opaque"   // a token that is not a JWT
	PasteBasic    PasteKind = "basic"    // a Basic credential: a client's id and secret (RFC 7617 §2)
	PasteResponse PasteKind = "response" // an HTTP response, or a bare JSON body of one
	PasteUnknown  PasteKind = "unknown"  // none of these: Problem says what was expected
	PasteTooLarge PasteKind = "too_large"
)

// MaxPaste caps the text the inspector reads (1 MiB).
const MaxPaste = 1 << 20

// Expected is what the inspector explains: a token, or an HTTP answer.
const Expected = "a token (a JWT or an opaque token, with or without \"Bearer \"), or an HTTP response " +
	"as curl -i, curl -v, a log or the browser's devtools show it (status line, headers, body), " +
	"or the JSON body of a token endpoint's answer"

// Expect is what pasted text is judged against: the walk's issuer (the
// only one whose keys verify a token: never the token's own iss, RFC 9700
// §4.4), the audience or resources the walk asks for, and the clock.
type Expect struct {
	Issuer   string
	Audience []string
	Now      time.Time
}

// Inspection is what oauthlens made of pasted text: its kind, and for a
// token the decoded parts, the checks as rows and the signature; for a
// response the exchange it stands for, the step it came from and the
// error; for both the diagnoses. Every text in it is sanitised; secrets
// are masked by the run's Redactor, which learns Secrets().
type Inspection struct {
	Kind    PasteKind
	Summary string // what it is, one line
	Problem string // why it could not be read, when it could not
	Size    int    // the paste's size in bytes

	// A token.
	Token        string // the token as cleaned (no "Bearer ", quotes or white space)
	JWT          *flows.DecodedJWT
	Rows         []flows.CheckRow // alg, signature, iss, aud, exp, nbf, iat, typ
	Verification *flows.Verification
	// KeysFrom is the issuer whose JWKS verified (or failed to verify) the
	// signature; VerifyErr why none could be fetched.
	KeysFrom  string
	VerifyErr error
	// Introspection is the server's answer about the token (RFC 7662).
	Introspection *flows.Introspection
	IntrospectErr error
	// Warnings are about where introspection sends the walk's client
	// credentials (walk.Destination: another host than the issuer's, plain
	// http); IntrospectHeld is set when they stopped it before sending.
	Warnings       []Warning
	IntrospectHeld bool

	// A Basic credential (PasteBasic): the client's id and secret.
	ClientID     string
	ClientSecret string

	// A response.
	Response   *flows.Exchange
	HasRequest bool       // the paste held the request too (curl -v)
	Step       flows.Step // the step the answer is guessed to come from
	StepWhy    string     // why that step
	Assumed    string     // what was assumed (a status when none was pasted)
	Err        error      // the error the answer stands for; nil for a success

	Diagnoses []flows.Diagnosis
	// Exchanges are the requests oauthlens made about the paste
	// (discovery, JWKS, introspection), in order.
	Exchanges []flows.Exchange

	expect  Expect
	secrets []flows.Secret
}

// Secrets are the paste's secret values (the token, credentials and tokens
// in a pasted request or body) for the run's Redactor.
func (in Inspection) Secrets() []flows.Secret { return in.secrets }

// Inspect classifies pasted text and reads it: a token is decoded and its
// claims checked against e (the signature needs Verify); a response is
// parsed, its step guessed and diagnosed (flows.Diagnose). It makes no
// request and never panics on any input.
func Inspect(text string, e Expect) Inspection {
	if e.Now.IsZero() {
		e.Now = time.Now()
	}
	in := Inspection{Size: len(text), expect: e}
	if len(text) <= MaxPaste {
		text = normalizeNewlines(text)
	}
	trimmed := strings.TrimSpace(text)
	switch {
	case len(text) > MaxPaste:
		in.Kind, in.Summary = PasteTooLarge, "too large to inspect"
		in.Problem = fmt.Sprintf("the paste is %s; oauthlens reads at most %s (a token is a few KiB, "+
			"an error answer rarely more): paste only the token or the response", sizeWords(len(text)),
			sizeWords(MaxPaste))
	case trimmed == "":
		in.Kind, in.Summary = PasteEmpty, "nothing pasted"
		in.Problem = "paste " + Expected
	case looksLikeHTTP(trimmed):
		in.inspectResponse(trimmed)
	case strings.HasPrefix(trimmed, "{"):
		in.inspectJSON(trimmed)
	default:
		in.inspectToken(trimmed)
	}
	return in
}

// normalizeNewlines makes every line break LF. HTTP and Windows logs end
// lines with CRLF; terminals paste each LF as CR (xterm, tmux), so a
// CRLF text arrives with CR CR. A paste without LF whose CRs all come in
// pairs is such a text: each pair is one line break.
func normalizeNewlines(text string) string {
	// A paste's trailing line breaks say nothing, and a lone CR there (tmux
	// ends a paste with one) would make the CR CR runs look unpaired.
	text = strings.TrimRight(text, "\r\n")
	switch {
	case !strings.Contains(text, "\r"):
	case strings.Contains(text, "\n") || pairs(text, '\r') < 0:
		text = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(text)
	default:
		text = strings.ReplaceAll(text, "\r\r", "\n")
	}
	// A terminal that turned each CR of a CRLF paste into LF (the TUI's
	// paste arrives so) leaves every line break doubled, and the blank line
	// after the status line would end the head: two runs or more, every
	// one of even length, are halved. A single "\n\n" is left alone (a head
	// with no headers, then the body).
	if pairs(text, '\n') >= 2 {
		text = strings.ReplaceAll(text, "\n\n", "\n")
	}
	return text
}

// pairs counts the runs of c in text when every run is of even length,
// else -1.
func pairs(text string, c byte) int {
	run, runs := 0, 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] == c {
			run++
			continue
		}
		if run%2 != 0 {
			return -1
		}
		if run > 0 {
			runs++
		}
		run = 0
	}
	return runs
}

// inspectToken reads a token: a JWS is decoded and checked, a JWE and an
// opaque token are named; anything else is explained.
func (in *Inspection) inspectToken(text string) {
	if cred, ok := basicCredential(text); ok {
		in.inspectBasic(cred)
		return
	}
	tok, ok := cleanToken(text)
	if !ok {
		in.unknown(text)
		return
	}
	in.Token = tok
	in.secrets = append(in.secrets, flows.Secret{Name: "ACCESS_TOKEN", Value: tok})
	d, err := flows.DecodeJWT(tok)
	switch {
	case errors.Is(err, flows.ErrEncryptedJWT):
		in.Kind, in.Summary = PasteJWE, "an encrypted JWT (JWE, RFC 7516): its claims can't be read here"
		in.Problem = "only the server that can decrypt it can say what it holds: introspect it (RFC 7662)"
	case errors.Is(err, flows.ErrNotJWT) && len(tok) < 16:
		in.Token, in.secrets = "", nil
		in.unknown(text)
	case errors.Is(err, flows.ErrNotJWT):
		in.Kind, in.Summary = PasteOpaque, "an opaque token (not a JWT)"
		in.Problem = "only the server that issued it can say what it means: introspect it (RFC 7662)"
	case err != nil:
		in.Kind, in.Summary = PasteUnknown, "a broken JWT"
		in.Problem = flows.SanitizeLine(err.Error())
	default:
		in.Kind, in.Summary, in.JWT = PasteJWT, jwtWords(d), &d
		in.judgeJWT()
	}
}

// cleanToken takes a token out of what is around it when pasted: quotes,
// "Authorization:", "Bearer ", white space and line breaks (a token
// wrapped by a mail or a terminal). ok is false unless what remains is
// one token: b64token characters (RFC 6750 §2.1) and dots.
func cleanToken(text string) (string, bool) {
	s := unwrapPaste(text)
	if tok, ok := cutScheme(s, "Bearer"); ok {
		s = tok
	}
	s = strings.Join(strings.Fields(s), "")
	if s == "" {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if !flows.IsB64TokenChar(s[i]) {
			return "", false
		}
	}
	return s, true
}

// unwrapPaste takes off what is around a pasted credential: white space,
// quotes and "Authorization:".
func unwrapPaste(text string) string {
	s := strings.TrimSpace(text)
	for _, q := range []string{`"`, "'", "`"} {
		if len(s) >= 2 && strings.HasPrefix(s, q) && strings.HasSuffix(s, q) {
			s = strings.TrimSpace(s[1 : len(s)-1])
		}
	}
	if len(s) > 14 && strings.EqualFold(s[:14], "authorization:") {
		s = strings.TrimSpace(s[14:])
	}
	return s
}

// basicCredential is the credentials of a pasted Basic authorization
// ("Authorization: Basic …", RFC 7617 §2), line breaks taken out.
func basicCredential(text string) (string, bool) {
	return cutScheme(unwrapPaste(text), "Basic")
}

// cutScheme is what follows an authentication scheme (case-insensitive,
// RFC 9110 §11.1) and white space or a line break, line breaks taken out.
func cutScheme(s, scheme string) (string, bool) {
	f := strings.Fields(s)
	if len(f) < 2 || !strings.EqualFold(f[0], scheme) {
		return "", false
	}
	return strings.Join(f[1:], ""), true
}

// inspectBasic reads a Basic credential: the client's id and secret
// (client_secret_basic, RFC 6749 §2.3.1), learnt as secrets; never a token
// to decode or introspect.
func (in *Inspection) inspectBasic(cred string) {
	in.secrets = append(in.secrets, flows.Secret{Name: "BASIC_CREDENTIALS", Value: cred})
	id, secret, ok := flows.ParseBasic(cred)
	if !ok {
		in.Kind, in.Summary = PasteUnknown, "a Basic credential that does not decode"
		in.Problem = "after \"Basic \" comes the base64 of client_id:client_secret (RFC 7617 §2), and this " +
			"does not decode to such a pair: was it cut when copied?"
		return
	}
	in.secrets = append(in.secrets, flows.BasicCredentialSecrets(cred)...)
	in.Kind, in.ClientID, in.ClientSecret = PasteBasic, id, secret
	in.Summary = "a Basic credential (client_secret_basic, RFC 7617 §2): client id " + flows.QuoteText(id) +
		" and a secret"
	if secret == "" {
		in.Summary = "a Basic credential (RFC 7617 §2): client id " + flows.QuoteText(id) + ", no secret"
	}
	in.Problem = "these are a client's id and secret, not a token: there is nothing to decode or introspect; " +
		"paste the token the client got, or the token endpoint's answer"
}

// inspectJSON reads a bare JSON body: an error or a token answer is read
// as the token endpoint's answer (RFC 6749 §5.1, §5.2).
func (in *Inspection) inspectJSON(text string) {
	var m map[string]any
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		in.Kind, in.Summary = PasteUnknown, "JSON that does not parse"
		in.Problem = "it starts like a JSON object but is not one (" + flows.SanitizeLine(err.Error()) +
			"): was it cut when copied? oauthlens expected " + Expected
		return
	}
	_, isErr := m["error"]
	_, isTok := m["access_token"]
	if !isErr && !isTok {
		in.Kind, in.Summary = PasteUnknown, "a JSON object that is not an OAuth answer"
		in.Problem = "it has no error and no access_token member, so it is not a token endpoint's answer; " +
			"oauthlens expected " + Expected
		in.secrets = append(in.secrets, bodySecrets([]byte(text))...)
		return
	}
	ex := flows.Exchange{Status: 200, StatusText: "200 (assumed: no status line was pasted)",
		ResponseHeader: map[string][]string{"Content-Type": {"application/json"}}, ResponseBody: []byte(text)}
	in.Assumed = "no status line was pasted: read as HTTP 200, the status of a token answer (RFC 6749 §5.1)"
	if isErr {
		ex.Status, ex.StatusText = 400, "400 (assumed: no status line was pasted)"
		in.Assumed = "no status line was pasted: read as HTTP 400, the status of an error answer (RFC 6749 §5.2)"
	}
	in.diagnoseResponse(ex, false)
}

// sizeWords is a size in KiB or MiB.
func sizeWords(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
}
