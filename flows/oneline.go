package flows

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SanitizeLine makes server text safe to print as one field on one line:
// unlike Sanitize, which removes escape sequences, it shows every control
// character, line break and invisible formatting character escaped, in Go
// syntax: "\n", "\r", "\t", "\x1b", "\u0085", "\u202e"; invalid UTF-8 bytes
// become "\xff". The rest of an escape sequence is printable and stays, so
// a person sees "\x1b]52;c;…\a" for what the server tried. No server text
// can thereby start a line that looks like oauthlens's own. Printable text,
// including backslashes, is kept as it is.
func SanitizeLine(s string) string {
	if isPlainLine(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			fmt.Fprintf(&b, `\x%02x`, s[i])
		} else {
			writeLineRune(&b, r)
		}
		i += size
	}
	return b.String()
}

// isPlainLine reports whether s is printable ASCII only (the common case).
func isPlainLine(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// writeLineRune writes r, escaped when it is not shown as itself.
func writeLineRune(b *strings.Builder, r rune) {
	switch {
	case r == '\n':
		b.WriteString(`\n`)
	case r == '\r':
		b.WriteString(`\r`)
	case r == '\t':
		b.WriteString(`\t`)
	case r == 0x07:
		b.WriteString(`\a`)
	case r < 0x20 || r == 0x7f:
		fmt.Fprintf(b, `\x%02x`, r)
	case r == ' ' || !needsEscape(r):
		b.WriteRune(r)
	case r > 0xffff:
		fmt.Fprintf(b, `\U%08x`, r)
	default:
		fmt.Fprintf(b, `\u%04x`, r)
	}
}

// needsEscape reports whether r is not a visible character of its own:
// controls (C0, C1), format characters (bidi, zero-width), line and
// paragraph separators, private use, surrogates and unassigned code points.
func needsEscape(r rune) bool {
	return IsFormatControl(r) || !unicode.IsGraphic(r) || unicode.Is(unicode.Co, r)
}

// QuoteText returns s as it is when it is non-empty printable text without
// leading or trailing spaces, and else quoted in Go syntax (strconv.Quote,
// with bidi and invisible formatting characters escaped too). decode uses it
// for claim names and values, so that a value holding a line break or an
// escape sequence shows as one quoted line (RFC 7519 §4: claim values are
// any JSON, and JSON strings may hold any character).
func QuoteText(s string) string {
	if s != "" && strings.TrimSpace(s) == s && !strings.ContainsFunc(s, quoteNeeded) && utf8.ValidString(s) {
		return s
	}
	q := strconv.Quote(s)
	if !strings.ContainsFunc(q, IsFormatControl) {
		return q
	}
	var b strings.Builder
	for _, r := range q {
		if IsFormatControl(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// quoteNeeded reports whether r forces QuoteText to quote: anything not
// shown as itself, and the quote character, so that a value that looks
// quoted is not mistaken for an escaped one.
func quoteNeeded(r rune) bool {
	return r != ' ' && needsEscape(r) || r == '"' || r == utf8.RuneError
}

// ClaimText formats a JWT claim value (RFC 7519 §4) for one line: strings
// through QuoteText, whole numbers without exponents, arrays joined with
// ", ", objects as compact JSON (which escapes every control character; the
// result goes through SanitizeLine to cover bidi characters JSON leaves).
func ClaimText(v any) string {
	switch x := v.(type) {
	case string:
		return QuoteText(x)
	case float64:
		if x == float64(int64(x)) {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case json.Number:
		return SanitizeLine(x.String())
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = ClaimText(e)
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		b, _ := json.Marshal(x) // values decoded from JSON always encode
		return SanitizeLine(string(b))
	case nil:
		return "null"
	}
	return SanitizeLine(fmt.Sprint(v))
}

// ClaimLine renders one claim as decode prints it: "  name  value", the
// name through QuoteText and the value through ClaimText, on one line.
func ClaimLine(name string, v any) string {
	return fmt.Sprintf("  %-10s %s", QuoteText(name), ClaimText(v))
}
