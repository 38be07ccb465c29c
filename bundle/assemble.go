package bundle

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/har"
	"github.com/oauthlens/oauthlens/profiles"
)

// Input is what a bundle is made of; Assemble turns it into files.
type Input struct {
	Version    string
	Now        time.Time
	Exchanges  []flows.Exchange
	Red        *flows.Redactor // the run's Redactor
	DoctorText []byte          // the checklist as printed
	DoctorJSON any             // the checklist as JSON
	Profile    profiles.Profile
}

// Assemble collects the environment of the walk (DNS, TLS, within ctx)
// and returns the bundle's files, in the order they are listed.
func Assemble(ctx context.Context, in Input) ([]File, error) {
	js, err := json.MarshalIndent(in.DoctorJSON, "", "  ")
	if err != nil {
		return nil, err
	}
	harData, err := har.Marshal(har.Build(in.Exchanges, in.Red, in.Version))
	if err != nil {
		return nil, err
	}
	prof, err := ProfileYAML(in.Profile)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	e := Collect(ctx, in.Exchanges, in.Version)
	ej, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return nil, err
	}
	return []File{
		{Name: FileReadme, Data: Readme(in.Version, in.Now), What: "what each file is, how to open it"},
		{Name: FileDoctorText, Data: in.DoctorText, What: "the checklist and its diagnoses, as printed"},
		{Name: FileDoctorJSON, Data: append(js, '\n'), What: "the same as JSON (doctor --json)"},
		{Name: FileHAR, Data: harData, What: fmt.Sprintf("%d HTTP exchanges (HAR 1.2)", len(in.Exchanges))},
		{Name: FileProfile, Data: prof, What: "the profile, secret references only"},
		{Name: FileEnvText, Data: []byte(e.Text()), What: "version, OS, clock skew, proxies (hosts only), " +
			"DNS, TLS chains"},
		{Name: FileEnvJSON, Data: append(ej, '\n'), What: "the same as JSON"},
	}, nil
}

// RemovedLiteral stands in for a secret a profile held as plain text.
const RemovedLiteral = "(a literal secret: removed)"

// ProfileYAML is p as YAML with references only: a secret held as plain
// text (client secret, secret-looking header, secret parameter, admin
// token) is removed.
func ProfileYAML(p profiles.Profile) ([]byte, error) {
	if profiles.IsLiteral(p.ClientSecret) && p.ClientSecret != "" {
		p.ClientSecret = RemovedLiteral
	}
	p.APIHeaders = scrubHeaders(p.APIHeaders)
	params := map[string]string{}
	for k, v := range p.Params {
		if profiles.IsLiteral(v) && flows.IsSecretField(k) {
			v = RemovedLiteral
		}
		params[k] = v
	}
	if p.Params != nil {
		p.Params = params
	}
	if c := p.ClientCreation; c != nil {
		cc := *c
		if profiles.IsLiteral(cc.BearerToken) && cc.BearerToken != "" {
			cc.BearerToken = RemovedLiteral
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
			v = RemovedLiteral
		}
		out[k] = v
	}
	return out
}
