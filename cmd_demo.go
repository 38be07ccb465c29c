package main

import (
	"fmt"
	"strings"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

func (env *cliEnv) cmdDemo(args []string) int {
	fs := env.newFlagSet("demo", "demo [--serve [--addr 127.0.0.1:9400]]")
	var serve bool
	var addr string
	fs.BoolVar(&serve, "serve", false, "run only the demo server (no TUI) until interrupted")
	fs.StringVar(&addr, "addr", "127.0.0.1:9400", "the loopback `address` for the demo server (default with --serve 127.0.0.1:9400; else a free port)")
	pos, err := fs.parse(args)
	if err != nil {
		return env.fail(err)
	}
	if len(pos) > 0 {
		return env.fail(usagef("demo takes no arguments (got %q)", pos[0]))
	}
	if !serve {
		if !fs.isSet("addr") {
			addr = "127.0.0.1:0"
		}
		return env.runDemoTUI(commonFlags{timeout: flows.DefaultTimeout, addr: addr})
	}
	return env.serveDemo(addr)
}

// serveDemo runs the demo server in the foreground until Ctrl-C.
func (env *cliEnv) serveDemo(addr string) int {
	srv, err := demo.Start(addr, demo.Config{})
	if err != nil {
		return env.fail(&configError{fmt.Sprintf("demo server: %v", err)})
	}
	defer srv.Close()
	iss := srv.Issuer()
	fmt.Fprintf(env.stdout, `oauthlens demo server listening on %s

  issuer          %s
  discovery       %s/.well-known/openid-configuration
  token endpoint  %s/token
  protected API   %s/api/me
  client id       %s
  client secret   %s   (a public demo credential)
  scopes          %s

Try:
  export DEMO_SECRET=%s
  oauthlens token --issuer %s --client-id %s --client-secret env:DEMO_SECRET
  oauthlens call --issuer %s --client-id %s --client-secret env:DEMO_SECRET %s/api/me

Press Ctrl-C to stop.
`, strings.TrimPrefix(iss, "http://"), iss, iss, iss, iss, demo.ClientID, demo.ClientSecret,
		strings.Join(demo.DefaultScopes, " "), demo.ClientSecret, iss, demo.ClientID, iss, demo.ClientID, iss)
	ctx, cancel := signalContext()
	defer cancel()
	<-ctx.Done()
	fmt.Fprintln(env.stdout, "\nstopped")
	return exitOK
}
