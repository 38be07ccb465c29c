// Command ansilines makes every line of a tmux capture (capture-pane -e)
// carry its own colours: tmux writes an SGR sequence only where the
// attributes change, so a line can start in the colour the line before
// left on; freeze draws each line from a reset state, which turned such
// labels white. ansilines repeats, at the start of each line, the SGR
// sequences in force since the last reset.
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

// carry returns each line of in prefixed with the SGR state the lines
// before it left in force.
func carry(in string) string {
	var out strings.Builder
	state := ""
	for i, line := range strings.Split(in, "\n") {
		if i > 0 {
			out.WriteString("\n")
		}
		out.WriteString(state)
		out.WriteString(line)
		for _, m := range sgr.FindAllStringSubmatch(line, -1) {
			if isReset(m[1]) {
				state = m[0]
				if m[1] == "" || m[1] == "0" {
					state = ""
				}
				continue
			}
			state += m[0]
		}
	}
	return out.String()
}

// isReset reports whether SGR parameters start with a reset (0 or none).
func isReset(params string) bool {
	first, _, _ := strings.Cut(params, ";")
	return first == "" || first == "0"
}

func main() {
	b, err := io.ReadAll(bufio.NewReader(os.Stdin))
	if err != nil {
		fmt.Fprintln(os.Stderr, "ansilines:", err)
		os.Exit(1)
	}
	fmt.Print(carry(string(b)))
}
