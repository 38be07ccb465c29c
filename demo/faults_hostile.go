package demo

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The hostile fault switches: a server that echoes, lies, forges lines or
// stalls, for the security tests (docs/security.md).
const (
	FaultEchoRequest  Fault = "echo-request"
	FaultIssuerMixup  Fault = "issuer-mixup"
	FaultEscapeToken  Fault = "escape-token"
	FaultCRLFFields   Fault = "crlf-fields"
	FaultCritHeader   Fault = "crit-header"
	FaultSlowBody     Fault = "slow-body"
	mixupIssuer             = "https://as.attacker.example"
	critExtension           = "urn:oauthlens:demo:unknown-extension"
	slowBodyByteEvery       = 250 * time.Millisecond
)

// EscapeToken is the access_token under FaultEscapeToken: an OSC 52
// clipboard write, a clear screen, a terminal reset (RIS), a C1 CSI and a
// right-to-left override inside what claims to be a token.
const EscapeToken = "tok\x1b]52;c;cHduZWQ=\a\x1b[2J\x1bc\u009b31m\u202eneko"

// ForgedLine is what FaultCRLFFields tries to make oauthlens print as a
// line of its own, after a CR/LF inside server text.
const ForgedLine = "  ✓ Signature verified"

// crlfText is the text FaultCRLFFields appends to error codes,
// descriptions and claim values.
const crlfText = "\r\n" + ForgedLine + "\r\n\x1b[2J\x1b]0;owned\a"

// hostileOn reports whether any hostile switch that rewrites answers is on.
func (s *Server) hostileOn() bool {
	return s.has(FaultEchoRequest) || s.has(FaultIssuerMixup) || s.has(FaultEscapeToken) ||
		s.has(FaultCRLFFields) || s.has(FaultSlowBody)
}

// withHostileFaults is the outermost middleware: it lets the server answer,
// then rewrites the answer as the hostile switches say.
func (s *Server) withHostileFaults() middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !s.hostileOn() {
				next.ServeHTTP(w, r)
				return
			}
			reqBody, _ := io.ReadAll(io.LimitReader(r.Body, maxFormBytes))
			r.Body = io.NopCloser(bytes.NewReader(reqBody))
			rec := &answer{header: http.Header{}, status: http.StatusOK}
			next.ServeHTTP(rec, r)
			s.rewrite(rec, r, reqBody)
			for k, vs := range rec.header {
				w.Header()[k] = vs
			}
			w.Header().Set("Content-Length", strconv.Itoa(rec.body.Len()))
			w.WriteHeader(rec.status)
			if s.has(FaultSlowBody) {
				dribble(w, r, rec.body.Bytes())
				return
			}
			_, _ = w.Write(rec.body.Bytes())
		})
	}
}

// rewrite applies the switches that change what an answer says.
func (s *Server) rewrite(a *answer, r *http.Request, reqBody []byte) {
	var m map[string]any
	if json.Unmarshal(a.body.Bytes(), &m) != nil {
		m = nil
	}
	switch {
	case m != nil && s.has(FaultIssuerMixup) && strings.HasPrefix(r.URL.Path, "/.well-known/"):
		m["issuer"] = mixupIssuer
	case m != nil && s.has(FaultEscapeToken) && a.status == http.StatusOK && m["access_token"] != nil:
		m["access_token"] = EscapeToken
	}
	if a.status >= 400 && s.has(FaultCRLFFields) {
		m = withCRLF(m)
	}
	if a.status >= 400 && s.has(FaultEchoRequest) {
		m = withEcho(m, r, reqBody)
	}
	if m == nil {
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(m) // decoded from JSON or built of strings: always encodes
	a.body = buf
	a.header.Set("Content-Type", "application/json")
}

// withCRLF appends a forged line and escapes to error and
// error_description (RFC 6749 §5.2 allows neither).
func withCRLF(m map[string]any) map[string]any {
	if m == nil {
		m = map[string]any{"error": "invalid_request"}
	}
	code, _ := m["error"].(string)
	desc, _ := m["error_description"].(string)
	m["error"] = code + crlfText
	m["error_description"] = desc + crlfText
	return m
}

// withEcho adds the whole request to an error answer, as debug modes and
// proxies do: method, URI, every header (Authorization too) and the body.
func withEcho(m map[string]any, r *http.Request, body []byte) map[string]any {
	if m == nil {
		m = map[string]any{"error": "invalid_request"}
	}
	m["echo"] = map[string]any{"method": r.Method, "uri": r.URL.RequestURI(), "headers": r.Header,
		"body": string(body)}
	return m
}

// dribble writes body one byte at a time, slower than any sane timeout,
// until it is written or the client gives up.
func dribble(w http.ResponseWriter, r *http.Request, body []byte) {
	f, _ := w.(http.Flusher)
	for i := range body {
		if f != nil {
			f.Flush()
		}
		if !sleep(r, slowBodyByteEvery) {
			return
		}
		if _, err := w.Write(body[i : i+1]); err != nil {
			return
		}
	}
}

// faultTokenExtras adds to an issued token the header fields and claims
// the hostile switches ask for.
func (s *Server) faultTokenExtras(t *jwt.Token, c *accessClaims) {
	if s.has(FaultCritHeader) {
		t.Header["crit"] = []string{critExtension}
		t.Header[critExtension] = true
	}
	if s.has(FaultCRLFFields) {
		c.Note = "issued by the demo" + crlfText
	}
}

// answer is a buffered response, rewritten before it is sent.
type answer struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (a *answer) Header() http.Header { return a.header }

func (a *answer) WriteHeader(status int) {
	if !a.wrote {
		a.status, a.wrote = status, true
	}
}

func (a *answer) Write(p []byte) (int, error) {
	a.wrote = true
	return a.body.Write(p)
}
