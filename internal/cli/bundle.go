package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/oauthlens/oauthlens/bundle"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/har"
	"github.com/oauthlens/oauthlens/profiles"
)

// removedLiteral stands in for a secret a profile held as plain text.
const removedLiteral = "(a literal secret: removed)"

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

// bundleFiles are the files of doctor's bundle, each masked by the run's
// Redactor.
func (env *cliEnv) bundleFiles(s tokenSetup, checks []flows.Check) ([]bundle.File, error) {
	red := env.red.all
	now := time.Now()
	js, err := json.MarshalIndent(checksJSON(checks), "", "  ")
	if err != nil {
		return nil, err
	}
	var text bytes.Buffer
	printChecks(&text, checks)
	harData, err := har.Marshal(har.Build(env.recorded, red, Version))
	if err != nil {
		return nil, err
	}
	prof, err := bundleProfile(s)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	e := bundle.Collect(ctx, env.recorded, Version)
	ej, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return nil, err
	}
	return []bundle.File{
		{Name: bundle.FileReadme, Data: bundle.Readme(Version, now), What: "what each file is, how to open it"},
		{Name: bundle.FileDoctorText, Data: text.Bytes(), What: "the checklist and its diagnoses, as printed"},
		{Name: bundle.FileDoctorJSON, Data: append(js, '\n'), What: "the same as JSON (doctor --json)"},
		{Name: bundle.FileHAR, Data: harData, What: fmt.Sprintf("%d HTTP exchanges (HAR 1.2)", len(env.recorded))},
		{Name: bundle.FileProfile, Data: prof, What: "the profile, secret references only"},
		{Name: bundle.FileEnvText, Data: []byte(e.Text()), What: "version, OS, clock skew, proxies (hosts only), " +
			"DNS, TLS chains"},
		{Name: bundle.FileEnvJSON, Data: append(ej, '\n'), What: "the same as JSON"},
	}, nil
}

// bundleProfile is the walk's profile (the saved one with the flags
// applied) with references only: a secret held as plain text is removed.
func bundleProfile(s tokenSetup) ([]byte, error) {
	base := profiles.Profile{Name: "(command line)"}
	if s.Profile != nil {
		base = *s.Profile
	}
	p := s.Plan.ToProfile(base)
	if profiles.IsLiteral(p.ClientSecret) && p.ClientSecret != "" {
		p.ClientSecret = removedLiteral
	}
	p.APIHeaders = scrubHeaders(p.APIHeaders)
	for k, v := range p.Params {
		if profiles.IsLiteral(v) && flows.IsSecretField(k) {
			p.Params[k] = removedLiteral
		}
	}
	if c := p.ClientCreation; c != nil {
		cc := *c
		if profiles.IsLiteral(cc.BearerToken) && cc.BearerToken != "" {
			cc.BearerToken = removedLiteral
		}
		cc.Headers = scrubHeaders(cc.Headers)
		p.ClientCreation = &cc
	}
	return yaml.Marshal(p)
}

func scrubHeaders(h map[string]string) map[string]string {
	if h == nil {
		return nil
	}
	out := make(map[string]string, len(h))
	for k, v := range h {
		if profiles.IsLiteral(v) && flows.IsSecretHeader(k) {
			v = removedLiteral
		}
		out[k] = v
	}
	return out
}
