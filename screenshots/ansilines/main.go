// Command ansilines makes a tmux capture (capture-pane -e) draw in freeze
// as it does in the terminal. tmux writes an SGR sequence only where the
// attributes change, so a line can start in the colour the line before
// left on, and it ends a colour with 39 (default foreground); freeze v0.2.2
// draws each line from a reset state and ignores 39, which turned labels
// white and left text after a coloured word in that colour. ansilines
// keeps the state itself and writes it in full: a reset, then every
// attribute in force, at each change and at the start of each line.
//
//	tmux capture-pane -e -p -t NAME | go run ./screenshots/ansilines > NAME.ans
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

// sgr matches a Select Graphic Rendition sequence (ECMA-48 §8.3.117).
var sgr = regexp.MustCompile("\x1b\\[([0-9;:]*)m")

// state is the graphic rendition in force.
type state struct {
	attrs  [10]bool // 1 bold … 9 crossed out
	fg, bg string   // SGR parameters, e.g. "38;2;1;2;3"; "" is the default
}

// apply updates s with the parameters of one SGR sequence.
func (s *state) apply(params string) {
	p := strings.Split(strings.ReplaceAll(params, ":", ";"), ";")
	for i := 0; i < len(p); i++ {
		switch n := atoi(p[i]); {
		case n == 0:
			*s = state{}
		case n >= 1 && n <= 9:
			s.attrs[n] = true
		case n == 22:
			s.attrs[1], s.attrs[2] = false, false
		case n >= 23 && n <= 29:
			s.attrs[n-20] = false
		case n == 38 || n == 48:
			k := 3 // 38;5;N
			if i+1 < len(p) && p[i+1] == "2" {
				k = 5 // 38;2;R;G;B
			}
			end := min(len(p), i+k)
			v := strings.Join(p[i:end], ";")
			if n == 38 {
				s.fg = v
			} else {
				s.bg = v
			}
			i = end - 1
		case n == 39:
			s.fg = ""
		case n == 49:
			s.bg = ""
		case (n >= 30 && n <= 37) || (n >= 90 && n <= 97):
			s.fg = p[i]
		case (n >= 40 && n <= 47) || (n >= 100 && n <= 107):
			s.bg = p[i]
		}
	}
}

// atoi reads a decimal parameter; an empty one is 0.
func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// sgr writes the state in full: a reset, then every attribute in force.
func (s state) sgr() string {
	var p []string
	for i, on := range s.attrs {
		if on {
			p = append(p, fmt.Sprint(i))
		}
	}
	if s.fg != "" {
		p = append(p, s.fg)
	}
	if s.bg != "" {
		p = append(p, s.bg)
	}
	if len(p) == 0 {
		return "\x1b[0m"
	}
	return "\x1b[0;" + strings.Join(p, ";") + "m"
}

// carry rewrites in: each SGR sequence as the full state it leaves, and
// each non-empty line opened with the state in force.
func carry(in string) string {
	var out strings.Builder
	var st state
	for i, line := range strings.Split(in, "\n") {
		if i > 0 {
			out.WriteString("\n")
		}
		if line != "" && st != (state{}) { // an empty line needs no colour (and the last one is no line)
			out.WriteString(st.sgr())
		}
		out.WriteString(sgr.ReplaceAllStringFunc(line, func(m string) string {
			st.apply(sgr.FindStringSubmatch(m)[1])
			return st.sgr()
		}))
	}
	return out.String()
}

func main() {
	b, err := io.ReadAll(bufio.NewReader(os.Stdin))
	if err != nil {
		fmt.Fprintln(os.Stderr, "ansilines:", err)
		os.Exit(1)
	}
	fmt.Print(carry(string(b)))
}
