package flows

import (
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain ASCII", "hello, world", "hello, world"},
		{"keeps newline and tab", "a\n\tb", "a\n\tb"},
		{"keeps Unicode", "café 日本 😀", "café 日本 😀"},
		{"CSI colour", "\x1b[1;31mred\x1b[0m text", "red text"},
		{"CSI clear screen and home", "\x1b[2J\x1b[Hx", "x"},
		{"CSI private mode", "\x1b[?1049hx\x1b[?25l", "x"},
		{"OSC 52 clipboard write, BEL", "a\x1b]52;c;cm0gLXJmIH4=\x07b", "ab"},
		{"OSC title, ESC backslash", "a\x1b]0;pwned\x1b\\b", "ab"},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07", "click"},
		{"OSC ended by C1 ST", "a\x1b]0;t\u009cb", "ab"},
		{"unterminated OSC", "a\x1b]0;no end", "a"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"APC", "a\x1b_Gf=100\x1b\\b", "ab"},
		{"two-character escape", "a\x1bcb\x1b7c\x1b(Bd", "abcd"},
		{"ESC at the end", "a\x1b", "a"},
		{"C1 CSI", "a\u009b31mb", "ab"},
		{"C1 OSC", "a\u009d0;t\x07b", "ab"},
		{"C1 DCS", "a\u0090x\x1b\\b", "ab"},
		{"other C1 controls", "a\u0085b\u0080c", "abc"},
		{"bare CR", "safe\rEVIL", "safeEVIL"},
		{"CRLF", "a\r\nb", "a\nb"},
		{"BEL", "ding\x07", "ding"},
		{"DEL and backspace", "ab\x7f\x08c", "abc"},
		{"NUL and other C0", "a\x00b\x01c\x1fd", "abcd"},
		{"bidi override", "user\u202egnp.exe", "usergnp.exe"},
		{"bidi isolates and marks", "a\u2066b\u2069c\u200ed\u200fe\u202af", "abcdef"},
		{"Arabic letter mark", "a\u061cb", "ab"},
		{"zero-width and separators", "a\u200bb\u200cc\u200dd\u2028e\u2029f\ufeffg", "abcdefg"},
		{"invalid UTF-8", "a\xffb\xc3", "a\ufffdb\ufffd"},
		{"raw 0x9b byte", "a\x9b31mb", "a\ufffd31mb"},
		{"surrogate half", "a\xed\xa0\x80b", "a\ufffd\ufffd\ufffdb"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// checkSanitized reports what is wrong with the output of Sanitize, if
// anything: it must be valid UTF-8 with no ESC, no C0 control but newline
// and tab, no DEL, no C1 control and no bidirectional control.
func checkSanitized(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f:
			return "C0 control or DEL"
		case r >= 0x80 && r <= 0x9f:
			return "C1 control"
		case isBidiOrInvisible(r):
			return "bidirectional or invisible formatting character"
		}
	}
	return ""
}

// isBidiOrInvisible lists, independently of IsFormatControl, the
// characters issue 10 names: U+061C, U+200B–U+200F, U+2028/2029,
// U+202A–U+202E, U+2066–U+2069 and U+FEFF; and the invisible operators
// U+2060–U+2064 (word joiner, invisible times, …), which Sanitize strips
// too (FuzzSanitize found the oracle calling U+2061 clean).
func isBidiOrInvisible(r rune) bool {
	return r == 0x061c || r >= 0x200b && r <= 0x200f || r == 0x2028 || r == 0x2029 ||
		r >= 0x202a && r <= 0x202e || r >= 0x2060 && r <= 0x2064 || r >= 0x2066 && r <= 0x2069 || r == 0xfeff
}

func FuzzSanitize(f *testing.F) {
	for _, seed := range []string{
		"", "plain", "a\n\tb", "café 日本", "\x1b[31mred\x1b[0m", "\x1b]52;c;AAAA\x07", "\x1b]0;t\x1b\\",
		"\x1bPq\x1b\\", "\u009b31m", "\u009d0;x\u009c", "a\rb", "\x07\x7f", "\u202eabc", "\xff\xfe", "\x1b",
		"\x1b[", "\x1b]", "\x1b\xc3\xa9", "\x1b[\xc3\xa9", "\xc2", "\xc2\x9b", "\x1b]\xc2\x9c",
		"\u061c", "\u200b\u2028\u2029\ufeff", "\u2066x\u2069", "\x1bc", "\x1b[2J", "\x1b]8;;http://x\x07y\x1b]8;;\x07",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		if why := checkSanitized(out); why != "" {
			t.Errorf("Sanitize(%q) = %q: %s", in, out, why)
		}
		if again := Sanitize(out); again != out {
			t.Errorf("Sanitize is not idempotent: %q, then %q", out, again)
		}
		if checkSanitized(in) == "" && utf8.ValidString(in) && out != in {
			t.Errorf("Sanitize changed clean text: got %q, want %q", out, in)
		}
	})
}
