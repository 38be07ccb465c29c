package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/ui"
	"github.com/oauthlens/oauthlens/walk"
)

// cmdTUI opens the TUI: with no flags on the profile picker (the demo
// server runs for its demo entry), with -p on a profile's walk. Both can
// go back to the picker (p) and save the walk (ctrl+s).
// Its flags are the root command's (newRoot).
func (env *cliEnv) cmdTUI(c commonFlags, prof string) int {
	c.addr = "127.0.0.1:0"
	if prof == "" {
		return env.startDemoTUI(c, true)
	}
	if prof == "demo" && !env.hasSavedProfile(prof) {
		return env.runDemoTUI(c)
	}
	p, err := env.loadProfile(prof)
	if err != nil {
		return env.fail(err)
	}
	ctx, cancel := signalContext()
	defer cancel()
	// A secret reference that does not resolve opens the walk without its
	// value, to be typed there; the walk says why. Only an interrupted
	// resolution (ctrl+c during a cmd: reference) ends here.
	opts, err := ui.ProfileOptions(ctx, p)
	if err != nil {
		return env.fail(&configError{err.Error()})
	}
	opts.HTTPClient, opts.Insecure, opts.Store = c.httpClient(env), c.insecure, env.profileStore()
	return env.runTUI(opts)
}

// profileStore is the store the TUI lists and saves profiles in, or nil
// (no picker, no saving) when there is no config directory.
func (env *cliEnv) profileStore() *profiles.Store {
	store, err := profiles.DefaultStore()
	if err != nil {
		fmt.Fprintln(env.stderr, "oauthlens: profiles are not available:", err)
		return nil
	}
	return &store
}

// runDemoTUI starts the demo server on a free loopback port and opens the
// TUI on it with every field filled in.
func (env *cliEnv) runDemoTUI(c commonFlags) int { return env.startDemoTUI(c, false) }

// startDemoTUI starts the demo server and opens the TUI on its walk, or
// on the profile picker (whose demo entry then uses this server).
func (env *cliEnv) startDemoTUI(c commonFlags, picker bool) int {
	now, err := clockFromEnv()
	if err != nil {
		return env.fail(err)
	}
	srv, err := demo.Start(c.addr, demo.Config{Now: now, Faults: c.faults, KeyFile: demoKeyFile()})
	if err != nil {
		return env.fail(&configError{fmt.Sprintf("demo server: %v", err)})
	}
	defer srv.Close()
	opts, err := demoOptions(srv.Issuer())
	if err != nil {
		return env.fail(err)
	}
	opts.HTTPClient, opts.Insecure, opts.Now, opts.Store = c.httpClient(env), c.insecure, now, env.profileStore()
	opts.Picker, opts.DemoIssuer, opts.DemoServer, opts.FaultList = picker, srv.Issuer(), srv, faultList()
	opts.ClientDocuments = map[string]string{srv.Issuer(): srv.Issuer() + demo.ClientMetadataDocumentPath}
	return env.runTUI(opts)
}

// demoOptions are the TUI's options for the demo walk: the demo profile's
// plan built by walk (its audience is the demo API), as the CLI's commands
// build theirs.
func demoOptions(iss string) (ui.Options, error) {
	p := profiles.DemoProfile(iss)
	pl, err := walk.Build(context.Background(), &p, walk.Overrides{Audience: iss + "/api"},
		func(ctx context.Context, _, ref string) (string, error) { return profiles.Resolve(ctx, ref, nil) })
	if err != nil {
		return ui.Options{}, err
	}
	opts := ui.PlanOptions(pl)
	opts.Title, opts.Demo = "demo", true
	return opts, nil
}

// hasSavedProfile reports whether the profile store holds a profile of
// that name: a saved profile named "demo" wins over the built-in demo.
func (env *cliEnv) hasSavedProfile(name string) bool {
	store, err := profiles.DefaultStore()
	if err != nil {
		return false
	}
	_, err = store.Load(name)
	return err == nil
}

// demoKeyFile is where the demo server keeps its signing key between runs
// (the user's cache directory, 0600), so that starting it generates no RSA
// key; "" when there is no cache directory.
func demoKeyFile() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "oauthlens", "demo-signing-key.pem")
}

// faultList is the demo server's fault switches, for the TUI's fault list.
func faultList() []ui.Fault {
	out := make([]ui.Fault, len(demo.Faults))
	for i, f := range demo.Faults {
		out[i] = ui.Fault{Name: string(f.Name), Description: f.Description}
	}
	return out
}

func (env *cliEnv) runTUI(opts ui.Options) int {
	ui.Version = Version
	opts.Present = env.present
	if err := env.withBaseline(&opts); err != nil {
		return env.fail(err)
	}
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
		return nil, &configError{
			fmt.Sprintf("OAUTHLENS_CLOCK=%q: want an RFC 3339 time such as 2026-01-02T15:04:05Z", v),
		}
	}
	t0 := time.Now()
	return func() time.Time { return start.Add(time.Since(t0)) }, nil
}
