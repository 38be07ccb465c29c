package cli

import (
	"context"
	"fmt"
	"io"
	"maps"
	"time"

	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// inspectFlags are the flags of `oauthlens inspect`: -p and --issuer
// only of the auth flags (registered by authFlags, as every command's).
type inspectFlags struct {
	auth       authFlags
	introspect bool
}

func (env *cliEnv) newInspectCmd() *cobra.Command {
	var c commonFlags
	var f inspectFlags
	cmd := env.command("inspect [TEXT|REF|-]", "Tell what a pasted token or HTTP response is and what is wrong",
		func(pos []string) int { return env.cmdInspect(c, f, pos) })
	cmd.Long = "Read a token (a JWT or an opaque token, with or without \"Bearer \") or an HTTP response " +
		"(curl -i, curl -v, a log, devtools, or a bare OAuth JSON body): decode and check a JWT, verify its " +
		"signature with the keys of the profile's or --issuer's server (never those its own iss names), " +
		"introspect it with the profile's client (--introspect), or guess which step a response came from " +
		"and diagnose it. Exit 1 when something is wrong, 2 when the input is none of these.\n\n" +
		"Synopsis: oauthlens inspect [TEXT|REF|-] [-p NAME | --issuer URL] [--introspect] [--json] [-v]"
	cmd.Example = "pbpaste | oauthlens inspect - -p acme\noauthlens inspect env:CUSTOMER_TOKEN -p acme --introspect"
	fs := flagsOf(cmd)
	c.register(fs, true)
	f.auth.registerProfile(fs)
	f.auth.registerIssuer(fs)
	fs.BoolVar(&f.introspect, "introspect", false, "ask the server about the token (RFC 7662; needs -p)")
	return cmd
}

func (env *cliEnv) cmdInspect(c commonFlags, f inspectFlags, pos []string) int {
	if len(pos) > 1 {
		return env.fail(usagef("inspect takes one text (quote it), a reference such as env:TOKEN, or - for stdin"))
	}
	ctx, cancel := signalContext()
	defer cancel()
	pl, err := env.inspectPlan(ctx, f)
	if err != nil {
		return env.fail(err)
	}
	text, err := env.inspectArg(ctx, pos)
	if err != nil {
		return env.fail(err)
	}
	e := walk.Expect{Issuer: pl.Issuer, Now: time.Now()}
	if pl.Token.Audience != "" {
		e.Audience = append(e.Audience, pl.Token.Audience)
	}
	e.Audience = append(e.Audience, pl.Token.Resource...)
	in := walk.Inspect(text, e)
	env.learn(in.Secrets()...)
	if len(pos) == 1 && pos[0] != "-" && profiles.IsLiteral(pos[0]) && len(in.Secrets()) > 0 {
		env.warnLiteral("the TEXT argument", true) // a token or credentials typed on the command line
	}
	hc := c.httpClient(env)
	var d *flows.Discovery
	if in.Kind == walk.PasteJWT && pl.Issuer != "" {
		d = in.Verify(ctx, hc, pl, nil, env.guards(c))
	}
	if f.introspect {
		in.Introspect(ctx, hc, pl, d, env.guards(c), true) // its warnings on stderr first, as token's
	}
	if in.Introspection != nil {
		env.learnTokenFields(in.Introspection.Fields)
	}
	env.report(c, false, in.Exchanges)
	if c.json {
		env.writeJSON(inspectJSON(in))
	} else {
		printInspection(env.stdout, in)
	}
	return inspectExit(in)
}

// inspectPlan is the profile's plan (its references resolved) with
// --issuer over it; without either, a plan with nothing: no keys, no client.
func (env *cliEnv) inspectPlan(ctx context.Context, f inspectFlags) (walk.Plan, error) {
	var prof *profiles.Profile
	if f.auth.profile != "" {
		p, err := env.loadProfile(f.auth.profile)
		if err != nil {
			return walk.Plan{}, err
		}
		prof = &p
	}
	if f.introspect && prof == nil {
		return walk.Plan{}, usagef("--introspect asks with a profile's client: give -p NAME")
	}
	pl, err := walk.Build(ctx, prof, walk.Overrides{Issuer: f.auth.issuer}, env.resolve)
	if err != nil {
		return pl, err
	}
	if len(pl.Unresolved) > 0 && f.introspect {
		return pl, pl.Unresolved[0].Err
	}
	env.learn(pl.Secrets()...)
	return pl, nil
}

// inspectArg reads the text: the argument, a reference, or stdin (capped
// at walk.MaxPaste: a larger input is a usage error, like decode's).
func (env *cliEnv) inspectArg(ctx context.Context, pos []string) (string, error) {
	if len(pos) == 1 && pos[0] != "-" {
		if !profiles.IsLiteral(pos[0]) {
			return env.resolveSecret(ctx, "text", pos[0], false)
		}
		return pos[0], nil
	}
	b, err := flows.ReadCapped(env.stdin, walk.MaxPaste)
	if flows.IsTooLarge(err) {
		return "", usagef("%v", err)
	}
	return string(b), err
}

// inspectExit is 2 when the text is none of the kinds inspect reads, 1
// when a check failed, the answer is an error or a diagnosis was drawn.
func inspectExit(in walk.Inspection) int {
	switch {
	case in.Kind == walk.PasteUnknown || in.Kind == walk.PasteEmpty || in.Kind == walk.PasteTooLarge:
		return exitUsage
	case in.Err != nil || len(in.Diagnoses) > 0 || len(flows.FailedRows(in.Rows)) > 0:
		return exitFailed
	case in.Introspection != nil && !in.Introspection.Active, in.IntrospectErr != nil:
		return exitFailed
	}
	return exitOK
}

// printInspection prints what the text is, its checks, the introspection
// answer, the step a response came from and the diagnoses.
func printInspection(w io.Writer, in walk.Inspection) {
	fmt.Fprintf(w, "Kind: %s (%d bytes)\n", flows.SanitizeLine(in.Summary), in.Size)
	if in.Problem != "" {
		fmt.Fprintf(w, "Note: %s\n", flows.SanitizeLine(in.Problem))
	}
	if in.JWT != nil {
		fmt.Fprintln(w, "\nChecks")
		for _, r := range in.Rows {
			fmt.Fprintf(w, "  %-4s %-10s %s  (%s)\n", map[flows.CheckStatus]string{flows.CheckPass: "ok",
				flows.CheckFail: "FAIL", flows.CheckSkip: "-"}[r.Status], r.Name, flows.SanitizeLine(r.Detail), r.Refs)
		}
		fmt.Fprintln(w, "\nHeader")
		printClaims(w, in.JWT.Header, time.Now())
		fmt.Fprintln(w, "\nClaims")
		printClaims(w, in.JWT.Claims, time.Now())
	}
	if in.IntrospectErr != nil {
		fmt.Fprintf(w, "\nIntrospection failed: %s\n", flows.SanitizeLine(in.IntrospectErr.Error()))
	} else if in.Introspection != nil {
		fmt.Fprintln(w, "\nIntrospection (RFC 7662)")
		fmt.Fprintf(w, "  %-10s %v\n", "active", in.Introspection.Active)
		fields := maps.Clone(in.Introspection.Fields)
		delete(fields, "active")
		printClaims(w, fields, time.Now())
	}
	if in.Response != nil {
		fmt.Fprintf(w, "Step: %s (%s)\n", in.Step, flows.SanitizeLine(in.StepWhy))
		if in.Assumed != "" {
			fmt.Fprintf(w, "Assumed: %s\n", flows.SanitizeLine(in.Assumed))
		}
	}
	if len(in.Diagnoses) > 0 {
		fmt.Fprintln(w, "\nDiagnosis")
		printDiagnoses(w, in.Diagnoses, "  ")
	}
}

// inspectJSON is the documented --json shape.
func inspectJSON(in walk.Inspection) map[string]any {
	out := map[string]any{"kind": in.Kind, "summary": in.Summary, "size": in.Size, "problem": nil,
		"checks": []map[string]string{}, "diagnoses": in.Diagnoses}
	if in.Problem != "" {
		out["problem"] = in.Problem
	}
	if in.Diagnoses == nil {
		out["diagnoses"] = []flows.Diagnosis{}
	}
	for _, r := range in.Rows {
		out["checks"] = append(out["checks"].([]map[string]string), map[string]string{"name": r.Name,
			"status": string(r.Status), "detail": r.Detail, "refs": r.Refs})
	}
	if in.JWT != nil {
		out["header"], out["claims"] = sanitizeAny(in.JWT.Header), sanitizeAny(in.JWT.Claims)
	}
	if in.Introspection != nil {
		out["introspection"] = sanitizeAny(in.Introspection.Fields)
	}
	if in.IntrospectErr != nil {
		out["introspection_error"] = in.IntrospectErr.Error()
	}
	if in.Kind == walk.PasteBasic {
		out["client_id"] = in.ClientID
	}
	if len(in.Warnings) > 0 {
		ws := make([]string, len(in.Warnings))
		for i, w := range in.Warnings {
			ws[i] = w.Message
		}
		out["warnings"] = ws
	}
	if in.Response != nil {
		out["response"] = map[string]any{"status": in.Response.Status, "step": in.Step, "why": in.StepWhy,
			"assumed": in.Assumed, "has_request": in.HasRequest}
	}
	return sanitizeAny(out).(map[string]any)
}
