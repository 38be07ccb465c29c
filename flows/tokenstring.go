package flows

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Token kinds checked by ValidateTokenString, named as the token response
// names them (RFC 6749 §5.1, OpenID Connect Core 1.0 §3.1.3.3).
const (
	KindAccessToken  = "access_token"
	KindRefreshToken = "refresh_token"
	KindIDToken      = "id_token"
)

// TokenStringError says a token the server sent is not a valid token
// string. Shown is the value escaped for one line (SanitizeLine) and cut
// to a few dozen characters: the raw value never leaves flows in an error.
type TokenStringError struct {
	Kind   string // KindAccessToken, KindRefreshToken or KindIDToken
	Reason string // e.g. "it contains U+001B at byte 0"
	Shown  string // the value escaped and shortened, for display
	Len    int    // the value's length in bytes
}

func (e *TokenStringError) Error() string {
	return fmt.Sprintf("token response: the %s is not a valid token string: %s (%d bytes: %s)",
		e.Kind, e.Reason, e.Len, e.Shown)
}

// maxShown is how much of a bad token an error shows.
const maxShown = 48

// ValidateTokenString checks a token the server sent before anything prints
// or sends it. An access token must be an RFC 6750 §2.1 b64token, the only
// form that fits in "Authorization: Bearer": 1*( ALPHA / DIGIT / "-" / "." /
// "_" / "~" / "+" / "/" ) *"=". A refresh token, which is never sent in a
// header, must be 1*VSCHAR (RFC 6749 Appendix A.17: printable ASCII). An
// ID token must be a JWT (OpenID Connect Core 1.0 §2). A value that looks
// like a JWT ("eyJ…" with dots) must have three (JWS, RFC 7515 §7.1) or five
// (JWE, RFC 7516 §7.1) base64url parts. The error is *TokenStringError.
func ValidateTokenString(kind, s string) error {
	reason := tokenStringProblem(kind, s)
	if reason == "" {
		return nil
	}
	return &TokenStringError{Kind: kind, Reason: reason, Shown: shownValue(s), Len: len(s)}
}

func tokenStringProblem(kind, s string) string {
	if s == "" {
		return "it is empty"
	}
	check, rule := IsB64TokenChar, "a b64token (RFC 6750 §2.1) holds only letters, digits and -._~+/ then ="
	if kind == KindRefreshToken {
		check, rule = isVSChar, "a refresh token (RFC 6749 Appendix A.17) holds printable ASCII only"
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= utf8.RuneSelf || !check(byte(r)) {
			return fmt.Sprintf("it contains %s at byte %d; %s", describeRune(s[i:], r, size), i, rule)
		}
		i += size
	}
	if kind != KindRefreshToken {
		if eq := strings.IndexByte(s, '='); eq >= 0 && strings.TrimRight(s[eq:], "=") != "" {
			return fmt.Sprintf("it has \"=\" at byte %d, before its end; %s", eq, rule)
		}
	}
	if kind == KindIDToken || strings.HasPrefix(s, "eyJ") && strings.Contains(s, ".") {
		return jwtShapeProblem(kind, s)
	}
	return ""
}

// jwtShapeProblem checks the compact serialization: three (JWS) or five
// (JWE) base64url parts, the first non-empty (RFC 7515 §7.1, RFC 7516 §7.1).
func jwtShapeProblem(kind, s string) string {
	parts := strings.Split(s, ".")
	if len(parts) != 3 && len(parts) != 5 {
		what := "it looks like a JWT"
		if kind == KindIDToken {
			what = "an ID token is a JWT (OpenID Connect Core 1.0 §2)"
		}
		return fmt.Sprintf("%s but has %d part(s), not 3 (JWS, RFC 7515 §7.1) or 5 (JWE, RFC 7516 §7.1)",
			what, len(parts))
	}
	for i, p := range parts {
		if i == 0 && p == "" || len(parts) == 3 && i == 1 && p == "" {
			return fmt.Sprintf("JWT part %d of %d is empty", i+1, len(parts))
		}
		if j := strings.IndexFunc(p, func(r rune) bool { return !isBase64URLChar(r) }); j >= 0 {
			return fmt.Sprintf("JWT part %d of %d has %q, which base64url (RFC 4648 §5) has not", i+1, len(parts), p[j])
		}
	}
	return ""
}

// IsB64TokenChar reports whether c may appear in a b64token, the form of
// a Bearer token (RFC 6750 §2.1): letters, digits, -._~+/ and the = that
// pads its end. A byte of a multi-byte UTF-8 character never is one.
func IsB64TokenChar(c byte) bool {
	return isBase64URLChar(rune(c)) || c == '.' || c == '~' || c == '+' || c == '/' || c == '='
}

func isVSChar(c byte) bool { return c >= 0x20 && c <= 0x7e }

func isBase64URLChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_'
}

// describeRune names a character for an error: U+001B, or the byte of
// invalid UTF-8.
func describeRune(s string, r rune, size int) string {
	if r == utf8.RuneError && size == 1 {
		return fmt.Sprintf("the byte 0x%02x (not UTF-8)", s[0])
	}
	if r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || needsEscape(r) {
		return fmt.Sprintf("U+%04X (a control or formatting character)", r)
	}
	return fmt.Sprintf("%q (U+%04X)", r, r)
}

// shownValue escapes s for one line and cuts it to maxShown runes.
func shownValue(s string) string {
	if utf8.RuneCountInString(s) > maxShown {
		cut := 0
		for n := 0; n < maxShown; n++ {
			_, size := utf8.DecodeRuneInString(s[cut:])
			cut += size
		}
		return `"` + SanitizeLine(s[:cut]) + `…"`
	}
	return `"` + SanitizeLine(s) + `"`
}

// ValidateTokenFields checks the tokens of a token response (RFC 6749
// §5.1): access_token must be a JSON string and a valid token string, and
// refresh_token and id_token, when present, too. tokenFromFields calls it
// before anything reads the tokens.
func ValidateTokenFields(fields map[string]any) error {
	for _, kind := range []string{KindAccessToken, KindRefreshToken, KindIDToken} {
		v, present := fields[kind]
		if !present || v == nil && kind != KindAccessToken {
			continue
		}
		s, ok := v.(string)
		if !ok {
			return &TokenStringError{Kind: kind, Reason: fmt.Sprintf("it is %s, not a string (RFC 6749 §5.1)",
				jsonKind(v)), Shown: shownValue(fmt.Sprint(v)), Len: len(fmt.Sprint(v))}
		}
		if err := ValidateTokenString(kind, s); err != nil {
			return err
		}
	}
	return nil
}

// jsonKind names the JSON type of a decoded value.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return "a number"
}
