package flows

import (
	"strings"
	"unicode/utf8"
)

// Sanitize makes text that came from a server safe to draw or print: it
// removes escape sequences (CSI, OSC, DCS, …, ECMA-48 §5), C0 and C1 control
// characters other than newline and tab, carriage returns, every
// bidirectional and invisible formatting character (see IsFormatControl),
// and replaces invalid UTF-8 with U+FFFD. Server answers are data, never
// terminal instructions. For a field shown on one line use SanitizeLine,
// which keeps line breaks from starting a line of oauthlens's own.
func Sanitize(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c == 0x1b {
			i = skipEscape(s, i)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x9b: // C1 CSI
			i = skipCSIBody(s, i)
		case r == 0x9d || r == 0x90 || r == 0x9e || r == 0x9f || r == 0x98: // C1 OSC, DCS, PM, APC, SOS
			i = skipStringBody(s, i)
		case dropRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isClean reports whether s needs no sanitising (the common case).
func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 {
			return false
		}
	}
	return true
}

// dropRune reports whether a rune is a control or formatting character that
// must not reach the terminal.
func dropRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	}
	return IsFormatControl(r)
}

// IsFormatControl reports whether r is a bidirectional or invisible
// formatting character that can reorder or hide what a terminal shows
// (Unicode UAX #9 §2, "Trojan Source", CVE-2021-42574): U+061C ARABIC
// LETTER MARK, U+200B–U+200F (zero-width space, joiners, LRM, RLM), U+2028
// and U+2029 (line and paragraph separators), U+202A–U+202E (embeddings
// and overrides), U+2060–U+2064 (word joiner, invisible operators),
// U+2066–U+2069 (isolates) and U+FEFF (zero-width no-break space, BOM).
func IsFormatControl(r rune) bool {
	switch {
	case r == 0x061c, r >= 0x200b && r <= 0x200f, r == 0x2028, r == 0x2029, r >= 0x202a && r <= 0x202e,
		r >= 0x2060 && r <= 0x2064, r >= 0x2066 && r <= 0x2069, r == 0xfeff:
		return true
	}
	return false
}

// skipEscape returns the index just after the escape sequence starting at i.
func skipEscape(s string, i int) int {
	i++ // ESC
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSIBody(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipStringBody(s, i+1)
	}
	// Two-character sequences (ESC c, ESC 7, ESC ( B …): skip intermediates
	// and the final byte.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) {
		i++
	}
	return i
}

// skipCSIBody skips parameter and intermediate bytes and the final byte.
func skipCSIBody(s string, i int) int {
	for i < len(s) {
		c := s[i]
		i++
		if c >= 0x40 && c <= 0x7e {
			return i
		}
		if c < 0x20 || c > 0x7e {
			return i
		}
	}
	return i
}

// skipStringBody skips an OSC/DCS/APC/PM/SOS payload up to BEL or ST.
func skipStringBody(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case s[i] == 0xc2 && i+1 < len(s) && s[i+1] == 0x9c: // C1 ST
			return i + 2
		}
		i++
	}
	return i
}
