package cli

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// plainFirstWord is a first word that fang's title-casing of descriptions
// (cases.Title of the first word: the rest of it lower-cased) changes only
// by its first letter.
var plainFirstWord = regexp.MustCompile(`^[A-Za-z][a-z]*[,:;]?$`)

// TestHelp_FirstWords: fang capitalises the first word of every flag
// description and command summary with cases.Title, which turned
// "token_exchange:" into "Token_exchange:", "jwt_bearer:" into
// "Jwt_bearer:" and "RFC 7591:" into "Rfc 7591:". No first word may be one
// that title-casing garbles.
func TestHelp_FirstWords(t *testing.T) {
	env := &cliEnv{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		check := func(what, text string) {
			if f := strings.Fields(text); len(f) > 0 && !plainFirstWord.MatchString(f[0]) {
				t.Errorf("%s: %q begins with %q, which fang title-cases wrongly", what, text, f[0])
			}
		}
		check(c.CommandPath(), c.Short)
		c.Flags().VisitAll(func(f *pflag.Flag) { check(c.CommandPath()+" --"+f.Name, f.Usage) })
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(env.newRoot())
	r := runCLI(t, nil, "", "register", "--help")
	r2 := runCLI(t, nil, "", "token", "--help")
	for _, bad := range []string{"Token_exchange", "Jwt_bearer", "Rfc "} {
		if strings.Contains(r.stdout+r2.stdout, bad) {
			t.Errorf("help shows %q", bad)
		}
	}
}

// TestHelp_Fits80Columns: at 80 columns, fang printed flag descriptions
// on one line longer than the terminal (which then broke them mid-word,
// "than t⏎he one"), cut long help after hyphens ("--client-⏎id") and cut
// examples with "…". Every line of every command's help now fits, and no
// line ends inside a flag name.
func TestHelp_Fits80Columns(t *testing.T) {
	cmds := [][]string{{}, {"token"}, {"call"}, {"doctor"}, {"register"}, {"introspect"}, {"revoke"},
		{"discover"}, {"decode"}, {"demo"}, {"profiles"}, {"profiles", "new"}, {"keys", "new"}, {"diff"}}
	for _, cmd := range cmds {
		r := runBinary(t, []string{"__FANG_TEST_WIDTH=80", "NO_COLOR=1"}, "", append(cmd, "--help")...)
		if r.code != exitOK {
			t.Fatalf("%v --help: exit %d: %s", cmd, r.code, r.stderr)
		}
		for _, l := range strings.Split(ansi.Strip(r.stdout), "\n") {
			l = strings.TrimRight(l, " ")
			if ansi.StringWidth(l) > 80 || strings.HasSuffix(l, "-") && !strings.HasSuffix(l, " -") {
				t.Errorf("%v --help: line of %d columns or broken at a hyphen:\n%s", cmd, ansi.StringWidth(l), l)
			}
			if strings.HasSuffix(l, "…") {
				t.Errorf("%v --help: an example cut by fang:\n%s", cmd, l)
			}
		}
	}
}

// TestHelp_OnlyWhenAsked: texts are wrapped for help only; a completion
// (whose descriptions cobra cuts at the first line break) keeps them whole.
func TestHelp_OnlyWhenAsked(t *testing.T) {
	for args, want := range map[string]bool{"token --help": true, "help token": true, "token -h": true,
		"token": false, "__complete token --help": false, "call -- --help": false} {
		if got := helpAsked(strings.Fields(args)); got != want {
			t.Errorf("helpAsked(%q) = %v, want %v", args, got, want)
		}
	}
	r := runCLI(t, nil, "", "__complete", "token", "--assert")
	if !strings.Contains(r.stdout, "--assertion\tfor --grant jwt_bearer: the assertion as a reference (REF) (default: "+
		"sign one with --key)\n") {
		t.Errorf("completion description cut or wrapped:\n%s", r.stdout)
	}
}
