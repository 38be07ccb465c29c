package cli

import (
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// fang v2.0.1 (charm.land/fang/v2, help.go) prints a flag's description
// as one line after a column wide enough for the widest flag or command,
// without wrapping it: a description longer than the terminal is broken by
// the terminal, mid-word. It wraps the long help with lipgloss, which
// breaks after any hyphen ("--client-⏎id") and cuts a word longer than
// the line. Neither can be set in fang. So when help is asked for, the
// texts are wrapped here, at spaces only, to the width fang renders at:
// then fang has nothing left to break.

// helpAsked reports whether args ask for help (-h, --help, or the help
// command) rather than for a completion or a run: only then are texts
// wrapped, so that completions and the man page keep one-line descriptions.
func helpAsked(args []string) bool {
	if len(args) == 0 || strings.HasPrefix(args[0], "__complete") {
		return false
	}
	if args[0] == "help" {
		return true
	}
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "--help":
			return true
		}
	}
	return false
}

// helpWidth is the width fang renders help at: __FANG_TEST_WIDTH when set
// (fang's own override), else the terminal's width up to 120 columns, and
// 120 when stdout is no terminal.
func helpWidth() int {
	if n, err := strconv.Atoi(os.Getenv("__FANG_TEST_WIDTH")); err == nil && n > 0 {
		return n
	}
	w, _, err := term.GetSize(os.Stdout.Fd())
	if err != nil || w <= 0 {
		return 120
	}
	return min(w, 120)
}

// wrapHelp wraps every long help text and flag description of the tree
// to width (see above).
func wrapHelp(cmd *cobra.Command, width int) {
	cmd.Long = wrapLong(cmd.Long, width-2) // fang indents the long help by 2
	cmd.Example = wrapExamples(cmd.Example, width-8)
	col := helpColumn(cmd)
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		avail := width - col
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" {
			avail -= len(f.DefValue) + 3 // fang adds " (default)" to the last line
		}
		f.Usage = wrapWords(f.Usage, max(avail, 24), "")
	})
	for _, sub := range cmd.Commands() {
		sub.Short = wrapWords(sub.Short, max(width-col, 24), "") // as cmd's help lists it
		wrapHelp(sub, width)
	}
}

// helpColumn is where fang starts the descriptions in cmd's help: 4
// columns of indent, then the widest flag or subcommand (as fang's
// styleUsage writes it) plus 2, and at least 10 (fang's calculateSpace).
func helpColumn(cmd *cobra.Command) int {
	space := max(10, len("-h --help")+2) // cobra adds -h to every command
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		key := "--" + f.Name
		if f.Shorthand != "" {
			key = "-" + f.Shorthand + " " + key
		}
		space = max(space, ansi.StringWidth(key)+2)
	})
	for _, sub := range cmd.Commands() {
		if !sub.Hidden {
			space = max(space, ansi.StringWidth(subcommandKey(sub))+2)
		}
	}
	if !cmd.HasParent() { // cobra's own help and completion commands, added later
		space = max(space, len("completion [command] [--flags]")+2)
	}
	return 4 + space
}

// subcommandKey is a subcommand's line in fang's commands list: its use
// without [args], [flags] and [command], then " [command]" when it has
// subcommands, its other [...] arguments, and " [--flags]".
func subcommandKey(c *cobra.Command) string {
	u := c.Use
	for _, k := range []string{"[args]", "[flags]", "[--flags]", "[command]"} {
		u = strings.ReplaceAll(u, k, "")
	}
	var other string
	if i, j := strings.Index(u, "["), strings.LastIndex(u, "]"); i >= 0 && j > i {
		other, u = " "+u[i:j+1], u[:i]+u[j+1:]
	}
	key := strings.TrimSpace(u)
	if c.HasAvailableSubCommands() {
		key += " [command]"
	}
	return key + other + " [--flags]"
}

// wrapLong wraps a long help text to width. A paragraph of prose (no line
// indented) is refilled; the lines of a synopsis, whose indented lines
// continue or offer alternatives, are each wrapped on their own, their
// continuation indented 4 more.
func wrapLong(s string, width int) string {
	paras := strings.Split(s, "\n\n")
	for i, p := range paras {
		lines := strings.Split(p, "\n")
		if !indented(lines[1:]) {
			paras[i] = wrapWords(strings.Join(lines, " "), width, "")
			continue
		}
		for j, l := range lines {
			lead := l[:len(l)-len(strings.TrimLeft(l, " "))]
			lines[j] = wrapWords(l, width, lead+"    ")
		}
		paras[i] = strings.Join(lines, "\n")
	}
	return strings.Join(paras, "\n\n")
}

// wrapExamples continues an example line wider than width (fang's code
// block: the width less its margin and padding, where fang cuts it with
// "…") on the next lines with a shell's " \\", which fang indents by 2.
func wrapExamples(s string, width int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > width && !strings.HasPrefix(l, "#") {
			lines[i] = strings.ReplaceAll(wrapWords(l, width-4, ""), "\n", " \\\n")
		}
	}
	return strings.Join(lines, "\n")
}

// indented reports whether any of lines starts with a space.
func indented(lines []string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, " ") {
			return true
		}
	}
	return false
}

// wrapWords breaks s at spaces so that no line is wider than width,
// starting each new line with hang. A word wider than a line is broken
// after a "|" of its alternatives (basic|post|…) when it has some, else
// kept whole: never cut mid-word.
func wrapWords(s string, width int, hang string) string {
	var b strings.Builder
	lead := s[:len(s)-len(strings.TrimLeft(s, " "))]
	b.WriteString(lead)
	col, first := ansi.StringWidth(lead), true
	for _, w := range strings.Fields(s) {
		for i, part := range wordParts(w, width-ansi.StringWidth(hang)) {
			pw := ansi.StringWidth(part)
			sep := 1
			if i > 0 || first {
				sep = 0 // the next piece of the same word, or the first word
			}
			if !first && col+sep+pw > width {
				b.WriteString("\n" + hang)
				col, sep = ansi.StringWidth(hang), 0
			}
			b.WriteString(strings.Repeat(" ", sep) + part)
			col += sep + pw
			first = false
		}
	}
	return b.String()
}

// wordParts splits a word wider than width after each "|", or returns it.
func wordParts(w string, width int) []string {
	if ansi.StringWidth(w) <= width || !strings.Contains(w, "|") {
		return []string{w}
	}
	return strings.SplitAfter(w, "|")
}
