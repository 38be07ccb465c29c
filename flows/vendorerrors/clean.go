package vendorerrors

import (
	"strings"
	"unicode/utf8"
)

// maxField caps each string taken from a body, in bytes.
const maxField = 1024

// clean makes a string taken from a body safe to hold: valid UTF-8, no C0
// or C1 control characters (tabs and line breaks become spaces), no bidi
// overrides, runs of spaces collapsed, trimmed and capped at maxField.
func clean(s string) string {
	if len(s) > 4*maxField {
		s = s[:4*maxField]
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == ' ':
			space = b.Len() > 0
			continue
		case isControl(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if b.Len()+utf8.RuneLen(r) > maxField {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isControl reports C0 and C1 controls, DEL, and the bidirectional
// embedding, override and isolate characters that reorder terminal text.
func isControl(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
