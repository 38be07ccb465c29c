package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// demoFlags are the flags of `oauthlens demo`.
type demoFlags struct {
	serve, list bool
	addr        string
	faultFlags  multiFlag
}

func (env *cliEnv) newDemoCmd() *cobra.Command {
	var f demoFlags
	cmd := env.command(
		"demo",
		"Open the TUI on the embedded demo server, or run only the server",
		func(pos []string) int {
			return env.cmdDemo(f, pos)
		},
	)
	cmd.Long = "Open the TUI wired to the embedded demo server, or with --serve run only the server, " +
		"for curl and other tools.\n\n" +
		"Synopsis: oauthlens demo [--serve [--addr 127.0.0.1:9400]] [--fault NAME[,NAME…]] | oauthlens demo --faults"
	cmd.Example = "oauthlens demo --serve --fault wrong-secret"
	fs := flagsOf(cmd)
	fs.BoolVar(&f.serve, "serve", false, "run only the demo server (no TUI) until interrupted")
	fs.Var(&f.faultFlags, "fault", "turn on demo fault switches `NAME[,NAME…]` (repeatable; see --faults)")
	fs.BoolVar(&f.list, "faults", false, "list the fault switches, one line each")
	registerPresent(fs, &env.present)
	registerBaseline(fs, &env.baseline)
	fs.StringVar(&f.addr, "addr", "", "the loopback `ADDRESS` for the demo server "+
		"(with --serve 127.0.0.1:9400 unless given; for the TUI a free port)")
	return cmd
}

func (env *cliEnv) cmdDemo(f demoFlags, pos []string) int {
	serve, addr := f.serve, f.addr
	if len(pos) > 0 {
		return env.fail(usagef("demo takes no arguments (got %q)", pos[0]))
	}
	if f.list {
		return env.listFaults()
	}
	faults, err := demo.ParseFaults(f.faultFlags...)
	if err != nil {
		return env.fail(usagef("--fault: %v", err))
	}
	if !serve {
		if addr == "" {
			addr = "127.0.0.1:0"
		}
		return env.runDemoTUI(commonFlags{timeout: flows.DefaultTimeout, addr: addr, faults: faults})
	}
	if addr == "" {
		addr = "127.0.0.1:9400"
	}
	return env.serveDemo(addr, faults)
}

// serveDemo runs the demo server in the foreground until Ctrl-C.
func (env *cliEnv) serveDemo(addr string, faults []string) int {
	srv, err := demo.Start(addr, demo.Config{Faults: faults, KeyFile: demoKeyFile()})
	if err != nil {
		return env.fail(&configError{fmt.Sprintf("demo server: %v", err)})
	}
	defer srv.Close()
	env.printDemoBanner(srv.Issuer(), faults)
	ctx, cancel := signalContext()
	defer cancel()
	<-ctx.Done()
	fmt.Fprintln(env.stdout, "\nstopped")
	return exitOK
}

// printDemoBanner prints the endpoints, the public demo credentials and
// commands to try.
func (env *cliEnv) printDemoBanner(iss string, faults []string) {
	w := env.stdout
	fmt.Fprintf(w, "oauthlens demo server listening on %s\n\n", strings.TrimPrefix(iss, "http://"))
	for _, row := range [][2]string{
		{"issuer", iss}, {"discovery", iss + "/.well-known/openid-configuration"},
		{"token endpoint", iss + "/token"}, {"registration", iss + "/register   (RFC 7591, open)"},
		{"admin client API", iss + "/api/client/   (Bearer " + demo.AdminToken + ")"},
		{"protected API", iss + "/api/me   (needs scope api:read)"},
		{"client id", demo.ClientID}, {"client secret", demo.ClientSecret + "   (a public demo credential)"},
		{"scopes", strings.Join(demo.DefaultScopes, " ")},
	} {
		fmt.Fprintf(w, "  %-17s %s\n", row[0], row[1])
	}
	fmt.Fprintf(w, "\nTry:\n  export DEMO_SECRET=%s\n", demo.ClientSecret)
	fmt.Fprintf(w, "  oauthlens token --issuer %s --client-id %s --client-secret env:DEMO_SECRET\n", iss, demo.ClientID)
	fmt.Fprintf(
		w,
		"  oauthlens call --issuer %s --client-id %s --client-secret env:DEMO_SECRET %s/api/me\n",
		iss,
		demo.ClientID,
		iss,
	)
	fmt.Fprintf(
		w,
		"  oauthlens doctor --issuer %s --client-id %s --client-secret env:DEMO_SECRET\n",
		iss,
		demo.ClientID,
	)
	if len(faults) > 0 {
		fmt.Fprintln(w, "\nFaults on (the commands above fail on purpose; see what oauthlens says):")
		for _, f := range demo.Faults {
			if slices.Contains(faults, string(f.Name)) {
				fmt.Fprintf(w, "  %-20s %s\n", f.Name, f.Description)
			}
		}
	}
	fmt.Fprintln(w, "\nPress Ctrl-C to stop.")
}

// listFaults prints every demo fault switch with one line about it.
func (env *cliEnv) listFaults() int {
	for _, f := range demo.Faults {
		fmt.Fprintf(env.stdout, "%-20s %s\n", f.Name, f.Description)
	}
	return exitOK
}
