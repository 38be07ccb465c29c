package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/bundle"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// walkCheck is one step of the walk as the bundle's doctor.json lists it.
type walkCheck struct {
	Step      string            `json:"step"`
	Status    string            `json:"status"`
	Diagnoses []flows.Diagnosis `json:"diagnoses"`
}

var stateWords = map[stepState]string{stateIdle: "not run", stateRunning: "running", stateOK: "pass",
	stateFailed: "fail", stateSkipped: "skip"}

// walkChecks are the walk's steps, their states and the diagnoses on
// screen, masked by red.
func (m *Model) walkChecks(red *flows.Redactor) []walkCheck {
	out := make([]walkCheck, 0, numSteps)
	for i := range numSteps {
		b := m.base(i)
		c := walkCheck{Step: stepNames[i], Status: stateWords[b.state], Diagnoses: []flows.Diagnosis{}}
		for _, d := range b.diag.list {
			c.Diagnoses = append(c.Diagnoses, red.Diagnosis(d))
		}
		out = append(out, c)
	}
	return out
}

// walkChecksText is the walk's checklist as text.
func walkChecksText(checks []walkCheck) []byte {
	var b strings.Builder
	b.WriteString("The walk as it stood when the bundle was made (oauthlens TUI):\n\n")
	for _, c := range checks {
		fmt.Fprintf(&b, "%-9s %s\n", c.Step, c.Status)
		for _, d := range c.Diagnoses {
			fmt.Fprintf(&b, "    %s (%s)\n", flows.SanitizeLine(d.Summary), d.Code)
			for i, cause := range d.Causes {
				fmt.Fprintf(&b, "      %d. %s\n", i+1, flows.SanitizeLine(cause))
			}
			for _, f := range d.Fixes {
				fmt.Fprintf(&b, "      try: %s\n", flows.SanitizeLine(f.Text))
			}
		}
	}
	return []byte(b.String())
}

// saveBundle writes a support bundle of the walk (b): the steps and their
// diagnoses, the HAR, the profile with references only, the environment.
func (m *Model) saveBundle() tea.Cmd {
	if len(m.timeline.exs) == 0 {
		m.setStatus("nothing to put in a bundle yet: run a step first", true)
		return nil
	}
	red := m.redactor()
	checks := m.walkChecks(red)
	base := profiles.Profile{Name: m.title}
	if m.source != nil {
		base = *m.source
	}
	in := bundle.Input{Version: Version, Now: m.c.now(), Exchanges: append([]flows.Exchange(nil), m.timeline.exs...),
		Red: red, DoctorText: walkChecksText(checks), DoctorJSON: map[string]any{"checks": checks},
		Profile: m.plan.ToProfile(base)}
	path := m.exportPath(".tar.gz")
	m.setStatus("writing the support bundle "+path+": the steps and their diagnoses, the HAR, the profile "+
		"(references only), the environment (version, OS, clock skew, proxy hosts, DNS, TLS) …", false)
	return saveBundleCmd(path, in)
}

func saveBundleCmd(path string, in bundle.Input) tea.Cmd {
	return func() tea.Msg {
		files, err := bundle.Assemble(context.Background(), in)
		if err != nil {
			return sharedMsg{what: "bundle", path: path, err: err}
		}
		w, err := bundle.Write(path, files, in.Red, time.Now())
		if err == nil && !w.Clean {
			err = fmt.Errorf("a secret had to be masked at the last check")
		}
		return sharedMsg{what: "bundle", path: path, n: len(in.Exchanges), err: err,
			files: strings.Join(fileNames(files), ", ")}
	}
}

func fileNames(files []bundle.File) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Name
	}
	return out
}
