package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/flows"
)

// cmdDoctor runs discovery, the token request, the signature check and
// (if configured) the test call, and prints a checklist with the diagnosis
// of every failure and warning.
func (env *cliEnv) newDoctorCmd() *cobra.Command {
	var a authFlags
	var c commonFlags
	var headers multiFlag
	var bundlePath string
	short := "Check discovery, token, signature and the test call"
	cmd := env.command("doctor [[METHOD] URL]", short, func(pos []string) int {
		return env.cmdDoctor(&a, c, headers, pos, bundlePath)
	})
	cmd.Long = "Check discovery, the token, its signature and the test call, and explain every failure " +
		"and warning (exit 1 if anything failed).\n\n" +
		"Synopsis: oauthlens doctor [-p NAME | token flags] [[METHOD] URL] [-H \"K: V\"]..."
	cmd.Example = "oauthlens doctor -p demo"
	fs := flagsOf(cmd)
	a.register(fs)
	c.register(fs, true)
	fs.VarP(&headers, "header", "H",
		"an extra header `\"K: V\"` for the test call (repeatable; the value may be a reference)")
	fs.StringVar(&bundlePath, "bundle", "", "write a support bundle to `FILE` (tar.gz: the result, the HAR, "+
		"the profile with references only, the environment; no secret)")
	return cmd
}

func (env *cliEnv) cmdDoctor(a *authFlags, c commonFlags, headers []string, pos []string, bundlePath string) int {
	ctx, cancel := signalContext()
	defer cancel()
	a.headers = headers
	s, err := a.setup(ctx, env, c)
	if err != nil {
		return env.fail(err)
	}
	if err := doctorGrant(s, a.profile); err != nil {
		return env.fail(err)
	}
	hc := c.httpClient(env)
	r := flows.CheckupRequest{Issuer: s.Issuer, Discovery: s.Discovery, Token: s.Token,
		Guard: s.guards.CheckupGuard(s.Plan), Probe: s.probeHook(hc), Vendor: s.Vendor}
	if len(pos) > 0 || s.Profile != nil && s.Profile.TestRequest.Path != "" {
		call, err := env.callRequest(s, pos, "")
		if err != nil {
			return env.fail(err)
		}
		r.Call = &call
	}
	r.Resource = env.doctorResource(ctx, hc, c, s.Plan, r.Call) // resource.go
	checks := flows.Checkup(ctx, hc, r)
	for _, ch := range checks {
		env.report(c, false, ch.Exchanges)
	}
	if ctx.Err() != nil { // interrupted (Ctrl-C): the checks cut short did not fail
		return env.fail(ctx.Err())
	}
	if c.json {
		env.writeJSON(checksJSON(checks))
	} else {
		printChecks(env.stdout, checks)
	}
	code := exitOK
	if flows.Failed(checks) {
		code = exitFailed
	}
	if bundlePath != "" {
		return env.writeBundle(bundlePath, s, checks, code)
	}
	return code
}

// doctorGrant refuses, before anything is sent, a grant with a person in
// it (authorization code, device, refresh): doctor is one unattended pass
// over the walk (scripts, CI, support bundles) whose token step is a single
// token request; it would otherwise send client credentials in the grant's
// place and diagnose the wrong flow. It names what to run instead.
func doctorGrant(s tokenSetup, profile string) error {
	name := s.Plan.GrantPlan.Name
	if _, ok := userGrants[strings.ToLower(name)]; !ok {
		return nil
	}
	run := "'oauthlens call --grant " + name + " … -v'"
	if profile != "" {
		run = "'oauthlens call -p " + profile + " -v' or 'oauthlens -p " + profile + "' (the TUI)"
	}
	return &configError{fmt.Sprintf("doctor checks the walks that get their token without a person (client "+
		"credentials, token_exchange, jwt_bearer) and sent nothing: the %s grant needs one to log in or approve. "+
		"Run %s instead: the grant, then the test call, each exchange shown (-v) and any failure explained; "+
		"or doctor --grant client_credentials if the client may use that grant too", name, run)}
}

// checkMarks are the checklist's marks per status.
var checkMarks = map[flows.CheckStatus]string{
	flows.CheckPass: "✓",
	flows.CheckWarn: "!",
	flows.CheckFail: "✗",
	flows.CheckSkip: "-",
}

// printChecks writes the checklist: one line per step, then its diagnoses.
func printChecks(w io.Writer, checks []flows.Check) {
	for _, ch := range checks {
		detail := ch.Detail
		if ch.Status == flows.CheckSkip {
			detail = "skipped: " + detail
		}
		fmt.Fprintf(w, "%s %-10s %s\n", checkMarks[ch.Status], stepTitle(ch.Step), flows.SanitizeLine(detail))
		if len(ch.Diagnoses) > 0 {
			printDiagnoses(w, ch.Diagnoses, "    ")
			fmt.Fprintln(w)
		}
	}
}

func stepTitle(step flows.Step) string {
	if step == flows.StepVerify {
		return "signature"
	}
	return string(step)
}

// checksJSON is the documented --json shape of doctor: the checks without
// their exchanges.
func checksJSON(checks []flows.Check) map[string]any {
	out := make([]map[string]any, 0, len(checks))
	for _, ch := range checks {
		ds := ch.Diagnoses
		if ds == nil {
			ds = []flows.Diagnosis{}
		}
		out = append(
			out,
			map[string]any{"step": ch.Step, "status": ch.Status, "detail": flows.Sanitize(ch.Detail), "diagnoses": ds},
		)
	}
	return map[string]any{"ok": !flows.Failed(checks), "checks": out}
}
