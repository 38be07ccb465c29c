package flows

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitizeLine(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "invalid_client", "invalid_client"},
		{"keeps Unicode and backslash", `café 日本 C:\x`, `café 日本 C:\x`},
		{"newline", "a\nSignature\n  verified", `a\nSignature\n  verified`},
		{"CRLF and tab", "a\r\n\tb", `a\r\n\tb`},
		{"OSC 52", "\x1b]52;c;cm0=\x07", `\x1b]52;c;cm0=\a`},
		{"CSI clear and RIS", "\x1b[2J\x1bc", `\x1b[2J\x1bc`},
		{"C1 CSI", "a\u009b31m", `a\u009b31m`},
		{"bidi", "user\u202egnp.exe", `user\u202egnp.exe`},
		{"Arabic letter mark and BOM", "\u061ca\ufeff", `\u061ca\ufeff`},
		{"line separator", "a\u2028b", `a\u2028b`},
		{"invalid UTF-8", "a\xffb", `a\xffb`},
		{"DEL and NUL", "\x7f\x00", `\x7f\x00`},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SanitizeLine(tt.in); got != tt.want {
				t.Errorf("SanitizeLine(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestQuoteText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"alice", "alice"},
		{"Alice Smith", "Alice Smith"},
		{"日本", "日本"},
		{"", `""`},
		{" padded", `" padded"`},
		{`say "hi"`, `"say \"hi\""`},
		{"sub\n\nSignature\n  verified (RS256)", `"sub\n\nSignature\n  verified (RS256)"`},
		{"\x1b[2Jx", `"\x1b[2Jx"`},
		{"a\u202eb", `"a\u202eb"`},
		{"a\u061cb", `"a\u061cb"`},
		{"a\u200bb", `"a\u200bb"`},
		{"\xff", `"\xff"`},
	}
	for _, tt := range tests {
		if got := QuoteText(tt.in); got != tt.want {
			t.Errorf("QuoteText(%q): got %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestClaimText(t *testing.T) {
	var obj map[string]any
	if err := json.Unmarshal([]byte(`{"a":"x\u202ey","b":"\n"}`), &obj); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   any
		want string
	}{
		{"alice", "alice"},
		{float64(1700000000), "1700000000"},
		{1.5, "1.5"},
		{[]any{"a", "b\nc"}, `a, "b\nc"`},
		{obj, `{"a":"x\u202ey","b":"\n"}`},
		{nil, "null"},
		{true, "true"},
	}
	for _, tt := range tests {
		if got := ClaimText(tt.in); got != tt.want {
			t.Errorf("ClaimText(%#v): got %s, want %s", tt.in, got, tt.want)
		}
	}
	if got, want := ClaimLine("sub\nSignature", "x"), `  "sub\nSignature" x`; got != want {
		t.Errorf("ClaimLine: got %q, want %q", got, want)
	}
}

// checkLine reports what is wrong with text meant for one line: anything
// checkSanitized rejects, and newline or tab too.
func checkLine(s string) string {
	if strings.ContainsAny(s, "\n\t") {
		return "line break or tab"
	}
	return checkSanitized(s)
}

func FuzzSanitizeLine(f *testing.F) {
	for _, seed := range []string{
		"", "plain", "a\nb\r\n", "\x1b]52;c;cm0gLXJmIH4=\x07", "\x1b[2J", "\x1bc", "\u009b31m", "\u202e", "\u061c",
		"\u200b\u2028\u2029\ufeff", "\u2066x\u2069", "\xff\xfe", "\xc2", "\xed\xa0\x80", "\U0010ffff", "\ue000", `"\`,
		" lead", "\x00\x7f",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := SanitizeLine(in)
		if why := checkLine(out); why != "" {
			t.Errorf("SanitizeLine(%q) = %q: %s", in, out, why)
		}
		if isPlainLine(in) && out != in {
			t.Errorf("SanitizeLine changed printable ASCII: got %q, want %q", out, in)
		}
		q := QuoteText(in)
		if why := checkLine(q); why != "" {
			t.Errorf("QuoteText(%q) = %q: %s", in, q, why)
		}
		if q != in { // quoted: it must read back as the same string
			if back, err := strconv.Unquote(q); err != nil || back != in && utf8.ValidString(in) {
				t.Errorf("QuoteText(%q) = %s does not unquote to the input: %q, %v", in, q, back, err)
			}
		}
		if c := ClaimText([]any{in, map[string]any{in: in}}); checkLine(c) != "" {
			t.Errorf("ClaimText(%q) = %q: %s", in, c, checkLine(c))
		}
	})
}
