package cli

import (
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/profiles"
)

func TestHelp_StyledUnlessNoColor(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"token", "--help"}, {"help", "call"}, {"profiles", "help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			forced := runCLI(t, []string{"CLICOLOR_FORCE=1", "NO_COLOR="}, "", args...)
			wantCode(t, forced, 0)
			if !strings.Contains(forced.stdout, "\x1b[") {
				t.Fatalf(
					"with CLICOLOR_FORCE=1 the help is not styled, so this test proves nothing:\n%s",
					forced.stdout,
				)
			}
			plain := runCLI(t, []string{"CLICOLOR_FORCE=1", "NO_COLOR=1"}, "", args...)
			wantCode(t, plain, 0)
			if strings.Contains(plain.stdout+plain.stderr, "\x1b") {
				t.Errorf("with NO_COLOR=1 the help has an ESC byte:\n%q", plain.stdout)
			}
			if !strings.Contains(plain.stdout, "--") {
				t.Errorf("the help lists no flags:\n%s", plain.stdout)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		r := runCLI(t, nil, "", args...)
		wantCode(t, r, 0)
		if got, want := r.stdout, "oauthlens "+Version+"\n"; got != want {
			t.Errorf("%v: got %q, want %q", args, got, want)
		}
	}
}

func TestUsageErrors_OneLineExit2(t *testing.T) {
	for name, args := range map[string][]string{
		"unknown flag":       {"token", "--frob"},
		"unknown shorthand":  {"call", "-Z"},
		"missing flag value": {"token", "--client-id"},
		"unknown command":    {"frobnicate"},
		"bad duration":       {"token", "--timeout", "soon"},
		"profiles bogus":     {"profiles", "bogus"},
		"extra argument":     {"templates", "x"},
	} {
		t.Run(name, func(t *testing.T) {
			r := runCLI(t, []string{"CLICOLOR_FORCE=1"}, "", args...)
			wantCode(t, r, 2)
			if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "oauthlens: ") {
				t.Errorf("got stderr %q, want one line starting oauthlens: ", r.stderr)
			}
			if strings.Contains(r.stderr, "\x1b") || r.stdout != "" {
				t.Errorf("got stdout %q, stderr %q; want a plain line on stderr only", r.stdout, r.stderr)
			}
		})
	}
}

func TestFlags_BeforeOrAfterThePositionals(t *testing.T) {
	iss := startDemo(t)
	auth := []string{"--issuer", iss, "--client-id", demo.ClientID, "--client-secret", "env:DEMO_SECRET"}
	for name, args := range map[string][]string{
		"flags first":  append(append([]string{"call"}, auth...), "GET", iss+"/api/me", "--json"),
		"flags last":   append([]string{"call", "GET", iss + "/api/me", "--json"}, auth...),
		"interspersed": append(append([]string{"call", "GET"}, auth...), iss+"/api/me", "--json", "-H", "X-A: b"),
		"after --":     append(append([]string{"call", "--json"}, auth...), "--", iss+"/api/me"),
	} {
		t.Run(name, func(t *testing.T) {
			r := runCLI(t, demoSecretEnv, "", args...)
			wantCode(t, r, 0)
			if !strings.Contains(r.stdout, `"status": 200`) {
				t.Errorf("got %q, want the call's JSON", r.stdout)
			}
		})
	}
}

func TestFlags_ShortAndLongNames(t *testing.T) {
	iss := startDemo(t)
	home := t.TempDir()
	wantCode(t, runIn(t, home, nil, "profiles", "new", "local", "--issuer", iss, "--client-id", demo.ClientID,
		"--client-secret", "env:DEMO_SECRET"), 0)
	for _, args := range [][]string{{"token", "-p", "local"}, {"token", "--profile=local", "--verbose"},
		{"token", "-plocal", "-v"}} {
		r := runIn(t, home, demoSecretEnv, args...)
		wantCode(t, r, 0)
		if strings.Count(strings.TrimSpace(r.stdout), ".") != 2 {
			t.Errorf("%v: got %q, want a JWT", args, r.stdout)
		}
	}
}

// complete runs cobra's hidden __complete command and returns the values
// offered (without their descriptions).
func complete(t *testing.T, home string, args ...string) []string {
	t.Helper()
	r := runIn(t, home, nil, append([]string{"__complete"}, args...)...)
	wantCode(t, r, 0)
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if strings.HasPrefix(line, ":") {
			break // the directive
		}
		v, _, _ := strings.Cut(line, "\t")
		out = append(out, v)
	}
	return out
}

func TestCompletion_Dynamic(t *testing.T) {
	home := t.TempDir()
	store := profiles.Store{Dir: home + "/oauthlens/profiles"}
	for _, name := range []string{"flo-live", "flo-staging", "apiture"} {
		p := profiles.Profile{Name: name, TokenURL: "https://example.com/token", ClientID: "c"}.WithDefaults()
		if err := store.Save(p); err != nil {
			t.Fatal(err)
		}
	}
	tmpl := profiles.Templates()[0].Name
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"-p", ""}, []string{"demo", "apiture", "flo-live", "flo-staging"}},
		{[]string{"token", "-p", "flo"}, []string{"flo-live", "flo-staging"}},
		{[]string{"call", "--profile", "a"}, []string{"apiture"}},
		{[]string{"profiles", "show", "flo-s"}, []string{"flo-staging"}},
		{[]string{"profiles", "rm", ""}, []string{"demo", "apiture", "flo-live", "flo-staging"}},
		{[]string{"profiles", "rm", "apiture", ""}, nil},
		{[]string{"profiles", "new", "x", "--template", tmpl[:3]}, []string{tmpl}},
		{[]string{"token", "--auth", ""}, []string{"basic", "post", "client_secret_basic", "client_secret_post"}},
		{[]string{"register", "--auth", "p"}, []string{"post"}},
		{[]string{"demo", "--fault", "wrong-s"}, []string{"wrong-secret"}},
		{[]string{"demo", "--fault", "wrong-secret,rate"}, []string{"wrong-secret,rate-limit"}},
		{[]string{"discover", "x", "--discovery", "o"}, []string{"openid-configuration", "oauth-authorization-server"}},
		{[]string{"register", ""}, []string{"show", "delete"}},
	}
	for _, c := range cases {
		got := complete(t, home, c.args...)
		for _, w := range c.want {
			if !contains(got, w) {
				t.Errorf("%q: got %q, want %q among them", c.args, got, w)
			}
		}
		if len(c.want) == 0 && len(got) > 0 {
			t.Errorf("%q: got %q, want nothing", c.args, got)
		}
	}
	if got := complete(t, home, "demo", "--fault", ""); len(got) != len(demo.Faults) {
		t.Errorf("--fault: got %d faults, want %d", len(got), len(demo.Faults))
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestCompletion_Scripts(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		r := runCLI(t, nil, "", "completion", shell)
		wantCode(t, r, 0)
		if !strings.Contains(r.stdout, "oauthlens") || !strings.Contains(r.stdout, "__complete") {
			t.Errorf("completion %s: not a completion script for oauthlens:\n%.200s", shell, r.stdout)
		}
	}
}

// TestBinary_ManHelpVersion runs the built binary: fang writes the man
// page straight to the process's stdout.
func TestBinary_ManHelpVersion(t *testing.T) {
	man := runBinary(t, nil, "", "man")
	wantCode(t, man, 0)
	if !strings.HasPrefix(man.stdout, ".TH OAUTHLENS 1") || !strings.Contains(man.stdout, "token") {
		t.Errorf("man: got %.200q, want a roff page with the commands", man.stdout)
	}
	help := runBinary(t, []string{"NO_COLOR=1", "CLICOLOR_FORCE=1"}, "", "--help")
	wantCode(t, help, 0)
	if strings.Contains(help.stdout, "\x1b") || !strings.Contains(help.stdout, "completion") {
		t.Errorf("--help with NO_COLOR: got %q", help.stdout)
	}
	v := runBinary(t, nil, "", "--version")
	wantCode(t, v, 0)
	if v.stdout != "oauthlens "+Version+"\n" {
		t.Errorf("--version: got %q", v.stdout)
	}
}
