package cli

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/oauthlens/oauthlens/bundle"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// writeBundle writes doctor's support bundle (--bundle FILE): it lists
// what goes in, writes it, and says where it went and that no secret is
// inside. It returns code, or exitFailed when the bundle could not be
// written.
func (env *cliEnv) writeBundle(path string, s tokenSetup, checks []flows.Check, code int) int {
	files, err := env.bundleFiles(s, checks)
	if err != nil {
		fmt.Fprintln(env.stderr, "oauthlens: --bundle:", err)
		return exitFailed
	}
	fmt.Fprintln(env.stderr, "oauthlens: the support bundle will hold:")
	for _, line := range bundle.Contents(files) {
		fmt.Fprintln(env.stderr, "  "+line)
	}
	w, err := bundle.Write(path, files, env.red.all, time.Now())
	if err != nil {
		fmt.Fprintln(env.stderr, "oauthlens: --bundle:", err)
		return exitFailed
	}
	if !w.Clean {
		fmt.Fprintf(env.stderr, "oauthlens: --bundle: a secret had to be masked at the last check in %s\n", path)
		return exitFailed
	}
	fmt.Fprintf(env.stderr, "oauthlens: wrote the support bundle %s: checked, no secret inside "+
		"(secrets masked, JWT signatures removed). Open it with: oauthlens open %s\n", path, path)
	return code
}

// bundleFiles are the files of doctor's bundle.
func (env *cliEnv) bundleFiles(s tokenSetup, checks []flows.Check) ([]bundle.File, error) {
	var text bytes.Buffer
	printChecks(&text, checks)
	base := profiles.Profile{Name: "(command line)"}
	if s.Profile != nil {
		base = *s.Profile
	}
	return bundle.Assemble(context.Background(), bundle.Input{Version: Version, Now: time.Now(),
		Exchanges: env.recorded, Red: env.red.all, DoctorText: text.Bytes(), DoctorJSON: checksJSON(checks),
		Profile: s.Plan.ToProfile(base)})
}
