package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// timeClaims are the NumericDate claims shown as dates (RFC 7519 §4.1).
var timeClaims = []string{"exp", "iat", "nbf", "auth_time"}

// decodeFlags are the flags of `oauthlens decode`.
type decodeFlags struct {
	issuer, jwksURL, audience, prof string
	clientID, nonce                 string // check as an ID token (decode_idtoken.go)
}

func (env *cliEnv) newDecodeCmd() *cobra.Command {
	var c commonFlags
	var f decodeFlags
	cmd := env.command("decode [TOKEN|REF|-]", "Decode a JWT and verify its signature", func(pos []string) int {
		return env.cmdDecode(c, f, pos)
	})
	cmd.Long = "Decode a JWT; with --issuer or --jwks, verify its signature and check iss and aud.\n\n" +
		"Synopsis: oauthlens decode [TOKEN|REF|-] [--issuer URL | --jwks URL | -p NAME] [--audience A] [--json]"
	cmd.Example = "oauthlens token -p demo | oauthlens decode - -p demo"
	fs := flagsOf(cmd)
	c.register(fs, true)
	fs.StringVarP(&f.prof, "profile", "p", "", "verify against the issuer of the saved profile `NAME`")
	fs.StringVar(
		&f.issuer,
		"issuer",
		"",
		"discover the JWKS from this issuer `URL`, verify the signature and check iss",
	)
	fs.StringVar(&f.jwksURL, "jwks", "", "verify the signature against the JWK Set at `URL`")
	fs.StringVar(&f.audience, "audience", "", "check that aud contains `A`")
	f.registerIDToken(fs)
	return cmd
}

func (env *cliEnv) cmdDecode(c commonFlags, f decodeFlags, pos []string) int {
	issuer, jwksURL, audience, prof := f.issuer, f.jwksURL, f.audience, f.prof
	if len(pos) > 1 || issuer != "" && jwksURL != "" {
		return env.fail(usagef("decode takes one token (or - for stdin) and at most one of --issuer, --jwks"))
	}
	if prof != "" {
		p, err := env.loadProfile(prof)
		if err != nil {
			return env.fail(err)
		}
		if issuer == "" && jwksURL == "" {
			issuer = p.Issuer
		}
		if audience == "" {
			audience = p.Audience
		}
	}
	ctx, cancel := signalContext()
	defer cancel()
	raw, err := env.tokenArg(ctx, pos)
	if err != nil {
		return env.fail(err)
	}
	d, err := flows.DecodeJWT(raw)
	if errors.Is(err, flows.ErrNotJWT) {
		return env.opaque(c.json, issuer != "" || jwksURL != "")
	} else if errors.Is(err, flows.ErrEncryptedJWT) {
		return env.encrypted(c.json, issuer != "" || jwksURL != "")
	} else if err != nil {
		return env.fail(fmt.Errorf("decode: %w", err))
	}
	res := decodeResult{jwt: d, now: time.Now(), issuer: issuer, audience: audience}
	if issuer != "" || jwksURL != "" {
		res.verify(ctx, env, c, jwksURL)
	}
	res.checkIDToken(f)
	if c.json {
		env.writeJSON(res.json())
	} else {
		res.print(env.stdout)
	}
	return res.exitCode(env)
}

// opaque reports a token that is not a JWT. That is not an error, unless
// a signature check was asked for.
func (env *cliEnv) opaque(asJSON, verify bool) int {
	const msg = "The token is opaque (not a JWT): only the server that issued it can say what it means; use introspection (RFC 7662) if the server offers it"
	if asJSON {
		env.writeJSON(map[string]any{"opaque": true, "message": msg})
	} else {
		fmt.Fprintln(env.stdout, msg+".")
	}
	if verify {
		fmt.Fprintln(env.stderr, "oauthlens: decode: an opaque token has no signature to verify")
		return exitFailed
	}
	return exitOK
}

// tokenArg reads the token from the argument, a reference, or stdin.
func (env *cliEnv) tokenArg(ctx context.Context, pos []string) (string, error) {
	arg := "-"
	if len(pos) == 1 {
		arg = pos[0]
	}
	if arg == "-" {
		var err error
		arg, err = flows.ReadToken(env.stdin)
		if flows.IsTooLarge(err) {
			return "", usagef("%v", err) // the input given is at fault, like call --data - over its cap
		}
		if err != nil {
			return "", err
		}
		if arg == "" {
			return "", usagef("no token given (pass it as an argument, a reference such as env:TOKEN, or on stdin)")
		}
		return arg, nil
	}
	if !profiles.IsLiteral(arg) {
		return env.resolveSecret(ctx, "token", arg, false)
	}
	return arg, nil
}

// decodeResult holds what decode found, for printing and JSON.
type decodeResult struct {
	jwt              flows.DecodedJWT
	now              time.Time
	issuer, audience string
	verification     *flows.Verification
	findings         []flows.Finding
	fetchErr         error
	jwks             []byte           // the key set the signature was checked with
	idRows           []flows.CheckRow // the ID token checks, with --client-id
}

func (r *decodeResult) verify(ctx context.Context, env *cliEnv, c commonFlags, jwksURL string) {
	hc := c.httpClient(env)
	var exs []flows.Exchange
	if jwksURL == "" {
		u, dexs, err := discoverJWKS(ctx, hc, r.issuer, env.guards(c))
		exs, jwksURL = append(exs, dexs...), u
		if err != nil {
			r.fetchErr = err
			env.report(c, false, exs)
			return
		}
	}
	jwks, ex, err := flows.FetchJWKS(ctx, hc, jwksURL)
	env.report(c, false, append(exs, ex))
	if err != nil {
		r.fetchErr = err
		return
	}
	v := flows.VerifyJWT(r.jwt.Raw, jwks)
	r.verification, r.jwks = &v, jwks
}

// discoverJWKS finds the jwks_uri of a document that passed the issuer
// check: a document that names another issuer must not vouch for keys.
func discoverJWKS(ctx context.Context, hc *http.Client, issuer string, g walk.Guards) (string, []flows.Exchange,
	error) {
	d, exs, _, err := walk.Discover(ctx, hc, walk.Plan{Issuer: issuer, Discovery: flows.StyleAuto}, g)
	if err != nil {
		return "", exs, err
	}
	if d.Metadata.JWKSURI == "" {
		return "", exs, fmt.Errorf("discovery: %s has no jwks_uri", d.URL)
	}
	return d.Metadata.JWKSURI, exs, nil
}

func (r *decodeResult) checks() []flows.Finding {
	if r.findings == nil {
		r.findings = flows.CheckClaims(r.jwt, r.issuer, r.audience, r.now)
	}
	return r.findings
}

func (r *decodeResult) print(w io.Writer) {
	fmt.Fprintln(w, "Header")
	printClaims(w, r.jwt.Header, r.now)
	fmt.Fprintln(w, "\nClaims")
	printClaims(w, r.jwt.Claims, r.now)
	fmt.Fprintln(w, "\nSignature")
	switch {
	case r.fetchErr != nil:
		fmt.Fprintf(w, "  not verified: %s\n", flows.SanitizeLine(r.fetchErr.Error()))
	case r.verification == nil:
		fmt.Fprintln(w, "  not checked (give --issuer URL or --jwks URL to verify)")
	case r.verification.Verified:
		fmt.Fprintf(w, "  verified (%s, kid %s)\n", r.verification.Alg, flows.QuoteText(r.verification.KID))
	default:
		fmt.Fprintf(w, "  NOT VERIFIED: %s\n", flows.SanitizeLine(r.verification.Err))
	}
	for _, f := range r.checks() {
		fmt.Fprintf(w, "%s: %s\n", strings.ToUpper(string(f.Severity)), flows.SanitizeLine(f.Message))
	}
	r.printIDRows(w)
}

func printClaims(w io.Writer, m map[string]any, now time.Time) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	d := flows.DecodedJWT{Claims: m}
	for _, k := range keys {
		line := flows.ClaimLine(k, m[k]) // names and values quoted when not plain text: one line each
		if t, ok := d.Time(k); ok && isTimeClaim(k) {
			line += fmt.Sprintf("  (%s, %s)", t.Local().Format("2006-01-02 15:04:05 MST"), flows.Relative(t, now))
		}
		fmt.Fprintln(w, line)
	}
}

func isTimeClaim(k string) bool {
	for _, c := range timeClaims {
		if c == k {
			return true
		}
	}
	return false
}

// json is the documented --json shape: header, claims, signature, checks.
func (r *decodeResult) json() map[string]any {
	sig := map[string]any{"verified": false, "kid": r.jwt.KID(), "alg": r.jwt.Alg(), "error": nil}
	switch {
	case r.fetchErr != nil:
		sig["error"] = r.fetchErr.Error()
	case r.verification == nil:
		sig["error"] = "not checked"
	default:
		sig["verified"] = r.verification.Verified
		if !r.verification.Verified {
			sig["error"] = r.verification.Err
		}
	}
	checks := []map[string]string{}
	for _, f := range r.checks() {
		checks = append(checks, map[string]string{"severity": string(f.Severity), "code": f.Code, "message": f.Message})
	}
	out := map[string]any{"header": sanitizeAny(r.jwt.Header), "claims": sanitizeAny(r.jwt.Claims),
		"signature": sanitizeAny(sig), "checks": checks}
	r.idRowsJSON(out)
	return out
}

// exitCode is 1 when verification was asked for and the signature did not
// verify or a claim check failed; decoding alone always succeeds.
func (r *decodeResult) exitCode(env *cliEnv) int {
	asked := r.issuer != "" || r.verification != nil || r.fetchErr != nil
	if !asked {
		return exitOK
	}
	if r.verification == nil || !r.verification.Verified {
		if r.verification != nil {
			fmt.Fprintln(env.stderr, "oauthlens: decode: the signature did not verify")
			printDiagnoses(env.stderr, flows.DiagnoseVerification(*r.verification), "  ")
		}
		return exitFailed
	}
	for _, f := range r.checks() {
		if f.Severity == flows.SeverityError {
			return exitFailed
		}
	}
	if len(flows.FailedRows(r.idRows)) > 0 {
		return exitFailed
	}
	return exitOK
}
