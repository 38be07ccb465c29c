package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/ui"
)

// cmdTUI opens the TUI: on a profile with -p, else on the embedded demo
// server.
func (env *cliEnv) cmdTUI(args []string) int {
	fs := env.newFlagSet("", "[-p NAME] [--insecure] [--timeout D]")
	var c commonFlags
	var prof string
	c.register(fs, false)
	fs.StringVar(&prof, "p", "", "open the TUI on the saved profile `NAME`")
	pos, err := fs.parse(args)
	if err != nil {
		return env.fail(err)
	}
	if len(pos) > 0 {
		return env.fail(usagef("unknown command %q (see 'oauthlens help')", pos[0]))
	}
	if prof == "" || prof == "demo" {
		c.addr = "127.0.0.1:0"
		return env.runDemoTUI(c)
	}
	p, err := env.loadProfile(prof)
	if err != nil {
		return env.fail(err)
	}
	ctx, cancel := signalContext()
	defer cancel()
	opts, err := env.profileOptions(ctx, p)
	if err != nil {
		return env.fail(err)
	}
	opts.HTTPClient, opts.Insecure = c.httpClient(env), c.insecure
	return env.runTUI(opts)
}

// profileOptions fills the walk from a profile, resolving its secrets.
func (env *cliEnv) profileOptions(ctx context.Context, p profiles.Profile) (ui.Options, error) {
	o := ui.Options{Title: p.Name, Issuer: p.Issuer, Discovery: p.Discovery, TokenURL: p.TokenURL, ClientID: p.ClientID,
		AuthMethod: p.AuthMethod, Scopes: p.Scopes, Audience: p.Audience, Resource: p.Resource,
		APIMethod: p.TestRequest.Method, ReacquireOn: p.ReacquireOn}
	secret, err := env.resolveSecret(ctx, "profile "+p.Name+": client_secret", p.ClientSecret, false)
	if err != nil {
		return o, err
	}
	o.ClientSecret = secret
	if p.TestRequest.Path != "" {
		target, err := callTarget(&p, []string{p.TestRequest.Path})
		if err != nil {
			return o, err
		}
		o.APIURL = target
	}
	names := make([]string, 0, len(p.APIHeaders))
	for k := range p.APIHeaders {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v, err := env.resolveSecret(ctx, "profile "+p.Name+": header "+k, p.APIHeaders[k], false)
		if err != nil {
			return o, err
		}
		o.APIHeaders = append(o.APIHeaders, k+": "+v)
		if profiles.SecretHeader(k) || !profiles.IsLiteral(p.APIHeaders[k]) {
			o.SecretHeaders = append(o.SecretHeaders, k)
		}
	}
	return o, nil
}

// runDemoTUI starts the demo server on a free loopback port and opens the
// TUI on it with every field filled in.
func (env *cliEnv) runDemoTUI(c commonFlags) int {
	now, err := clockFromEnv()
	if err != nil {
		return env.fail(err)
	}
	srv, err := demo.Start(c.addr, demo.Config{Now: now, Faults: c.faults})
	if err != nil {
		return env.fail(&configError{fmt.Sprintf("demo server: %v", err)})
	}
	defer srv.Close()
	iss := srv.Issuer()
	p := profiles.DemoProfile(iss)
	opts := ui.Options{
		HTTPClient: &http.Client{Timeout: c.timeout}, Title: "demo", Demo: true,
		Issuer: iss, Discovery: flows.StyleAuto, ClientID: p.ClientID, ClientSecret: p.ClientSecret,
		AuthMethod: p.AuthMethod, Scopes: p.Scopes, APIMethod: http.MethodGet, APIURL: iss + p.TestRequest.Path,
		ReacquireOn: p.ReacquireOn, Audience: iss + "/api", Now: now,
	}
	return env.runTUI(opts)
}

func (env *cliEnv) runTUI(opts ui.Options) int {
	if _, err := tea.NewProgram(ui.New(opts)).Run(); err != nil {
		fmt.Fprintln(env.stderr, "oauthlens:", strings.TrimSpace(err.Error()))
		return exitFailed
	}
	return exitOK
}

// clockFromEnv reads OAUTHLENS_CLOCK (an RFC 3339 time) for repeatable
// screenshots: the clock starts there and runs at the normal pace. Unset,
// it returns nil (the real clock).
func clockFromEnv() (func() time.Time, error) {
	v := os.Getenv("OAUTHLENS_CLOCK")
	if v == "" {
		return nil, nil
	}
	start, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil, &configError{fmt.Sprintf("OAUTHLENS_CLOCK=%q: want an RFC 3339 time such as 2026-01-02T15:04:05Z", v)}
	}
	t0 := time.Now()
	return func() time.Time { return start.Add(time.Since(t0)) }, nil
}
