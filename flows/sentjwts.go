package flows

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// sentJWTFields are the form fields that carry a JWT oauthlens signed or
// was given (RFC 7523 §2.1, §2.2; RFC 8693 §2.1).
var sentJWTFields = []string{"client_assertion", "assertion", "subject_token", "actor_token"}

// SentJWT is a JWT a request carried (a client assertion, a JWT-bearer
// assertion, a subject or actor token, a DPoP proof), decoded for display:
// the header and claims as JSON text, the signature only by its length. The
// compact form is a credential and stays masked.
type SentJWT struct {
	Where  string // "client_assertion", "DPoP header", …
	Header string // JSON, sanitised
	Claims string // JSON, sanitised
	SigLen int    // bytes of base64url signature
}

// SentJWTs decodes the JWTs of a request: its form fields and its DPoP
// header. Values that are not JWTs are skipped.
func (e Exchange) SentJWTs() []SentJWT {
	var out []SentJWT
	add := func(where, raw string) {
		d, err := DecodeJWT(raw)
		if err != nil {
			return
		}
		out = append(out, SentJWT{Where: where, Header: compactJSON(d.Header), Claims: compactJSON(d.Claims),
			SigLen: len(d.Signature)})
	}
	for _, f := range e.RequestHeader {
		if strings.EqualFold(f.Name, "DPoP") {
			add("DPoP header", f.Value)
		}
	}
	if form, err := url.ParseQuery(string(e.RequestBody)); err == nil && e.Method == "POST" {
		for _, name := range sentJWTFields {
			for _, v := range form[name] {
				add(name, v)
			}
		}
	}
	return out
}

// Lines is the decoded JWT as display lines: where, header, claims, and a
// note on the signature (never shown).
func (s SentJWT) Lines() []string {
	return []string{"decoded " + s.Where + " (the signed form stays masked):",
		"  header: " + s.Header, "  claims: " + s.Claims,
		fmt.Sprintf("  signature: %d characters, not shown", s.SigLen)}
}

// compactJSON is v as one line of JSON, sanitised for the terminal.
func compactJSON(v map[string]any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return Sanitize(string(b))
}
