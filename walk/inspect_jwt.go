package walk

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

// judgeJWT makes the rows and the diagnoses of a decoded token from what
// is known: the claims, the clock, the walk's issuer and audience and,
// once Verify ran, the signature.
func (in *Inspection) judgeJWT() {
	d, e := *in.JWT, in.expect
	in.Rows = []flows.CheckRow{algRow(d), in.signatureRow(), issRow(d, e), audRow(d, e)}
	in.Rows = append(in.Rows, timeRows(d, e.Now)...)
	in.Rows = append(in.Rows, typRow(d))
	c := flows.Context{Step: flows.StepVerify, JWT: in.JWT, Verification: in.Verification, Now: e.Now}
	if e.Issuer != "" {
		c.Metadata = &flows.Metadata{Issuer: e.Issuer}
	}
	if len(e.Audience) > 0 {
		c.Request = &flows.TokenRequest{Resource: e.Audience}
	}
	if in.Verification == nil && !flows.IsSigningAlg(d.Alg()) { // none, HS…: no JWKS needed to refuse it
		v := flows.VerifyJWT(in.Token, nil)
		c.Verification = &v
	}
	in.Diagnoses = flows.InspectJWT(c)
}

// algRow judges the alg header: unsigned and shared-secret tokens can't
// be verified with a published key (RFC 8725 §3.1).
func algRow(d flows.DecodedJWT) flows.CheckRow {
	const refs = "RFC 8725 §3.1"
	alg := d.Alg()
	switch {
	case flows.IsSigningAlg(alg):
		return flows.CheckRow{Name: "alg", Refs: refs, Status: flows.CheckPass, Detail: alg + ", a public-key signature"}
	case strings.HasPrefix(alg, "HS"):
		return flows.CheckRow{Name: "alg", Refs: refs, Status: flows.CheckSkip,
			Detail: alg + ", a shared secret: only the server can check it"}
	case alg == "" || strings.EqualFold(alg, "none"):
		return flows.CheckRow{Name: "alg", Refs: refs, Status: flows.CheckFail,
			Detail: flows.QuoteText(alg) + ": unsigned, so it proves nothing"}
	}
	return flows.CheckRow{Name: "alg", Refs: refs, Status: flows.CheckFail,
		Detail: flows.QuoteText(alg) + " is not a JWS signing algorithm oauthlens knows"}
}

// signatureRow is the signature check, once Verify ran.
func (in *Inspection) signatureRow() flows.CheckRow {
	const refs = "RFC 7515 §5.2"
	r := flows.CheckRow{Name: "signature", Refs: refs, Status: flows.CheckSkip}
	switch v := in.Verification; {
	case v != nil && v.Verified:
		r.Status = flows.CheckPass
		r.Detail = fmt.Sprintf("%s, key %s from the JWKS of %s", v.Alg, flows.QuoteText(v.KID),
			flows.SanitizeLine(in.KeysFrom))
	case v != nil:
		r.Status, r.Detail = flows.CheckFail, flows.SanitizeLine(v.Err)
	case in.VerifyErr != nil:
		r.Detail = "not checked: " + flows.SanitizeLine(in.VerifyErr.Error())
	case in.expect.Issuer == "":
		r.Detail = "not checked: no issuer to take keys from (open a profile; the token's own iss is never trusted)"
	default:
		r.Detail = "not checked yet"
	}
	return r
}

// jwtWords names a decoded JWT: alg "none" is an unsecured JWT (RFC 7519
// §6), with no signature at all; any other alg a signed one (JWS).
func jwtWords(d flows.DecodedJWT) string {
	if strings.EqualFold(d.Alg(), "none") {
		return "an unsecured JWT (alg none, RFC 7519 §6): not signed, anyone can have made it"
	}
	return "a signed JWT (JWS)"
}

func issRow(d flows.DecodedJWT, e Expect) flows.CheckRow {
	const refs = "RFC 7519 §4.1.1"
	iss, _ := d.Claims["iss"].(string)
	switch {
	case e.Issuer == "":
		return flows.CheckRow{Name: "iss", Refs: refs, Status: flows.CheckSkip,
			Detail: flows.QuoteText(iss) + ", no issuer expected (open a profile, or give one)"}
	case iss == e.Issuer:
		return flows.CheckRow{Name: "iss", Refs: refs, Status: flows.CheckPass, Detail: "the expected issuer"}
	}
	return flows.CheckRow{Name: "iss", Refs: "RFC 9700 §4.4", Status: flows.CheckFail,
		Detail: fmt.Sprintf("%s, not the expected issuer %s: keys come from the expected issuer only",
			flows.QuoteText(iss), flows.QuoteText(e.Issuer))}
}

func audRow(d flows.DecodedJWT, e Expect) flows.CheckRow {
	const refs = "RFC 7519 §4.1.3"
	aud := flows.QuoteText(strings.Join(d.Audience(), " "))
	if len(d.Audience()) == 0 {
		aud = "no aud claim"
	}
	switch {
	case len(e.Audience) == 0:
		return flows.CheckRow{Name: "aud", Refs: refs, Status: flows.CheckSkip,
			Detail: aud + ", no audience expected"}
	case slices.ContainsFunc(e.Audience, func(a string) bool { return slices.Contains(d.Audience(), a) }):
		return flows.CheckRow{Name: "aud", Refs: refs, Status: flows.CheckPass, Detail: aud}
	}
	return flows.CheckRow{Name: "aud", Refs: refs, Status: flows.CheckFail,
		Detail: fmt.Sprintf("%s, not %s", aud, flows.QuoteText(strings.Join(e.Audience, " ")))}
}

// timeRows judge exp, nbf and iat (RFC 7519 §4.1.4–4.1.6), with the
// leeway flows.CheckClaims allows.
func timeRows(d flows.DecodedJWT, now time.Time) []flows.CheckRow {
	out := make([]flows.CheckRow, 0, 3)
	exp, ok := d.Time("exp")
	switch {
	case !ok:
		out = append(out, flows.CheckRow{Name: "exp", Refs: "RFC 9068 §2.2", Status: flows.CheckFail,
			Detail: "missing: nothing says when it stops working"})
	case now.Before(exp):
		out = append(out, flows.CheckRow{Name: "exp", Refs: "RFC 7519 §4.1.4", Status: flows.CheckPass,
			Detail: "expires " + flows.Relative(exp, now)})
	default:
		out = append(out, flows.CheckRow{Name: "exp", Refs: "RFC 7519 §4.1.4", Status: flows.CheckFail,
			Detail: "expired " + flows.Relative(exp, now)})
	}
	for _, c := range []struct{ name, refs, ahead string }{
		{"nbf", "RFC 7519 §4.1.5", "not valid yet: "}, {"iat", "RFC 7519 §4.1.6", "issued in the future: "},
	} {
		t, ok := d.Time(c.name)
		r := flows.CheckRow{Name: c.name, Refs: c.refs, Status: flows.CheckPass, Detail: flows.Relative(t, now)}
		if !ok {
			r.Status, r.Detail = flows.CheckSkip, "absent"
		} else if t.Sub(now) > flows.ClockLeeway {
			r.Status, r.Detail = flows.CheckFail, c.ahead+flows.Relative(t, now)+" (clock skew?)"
		}
		out = append(out, r)
	}
	return out
}

func typRow(d flows.DecodedJWT) flows.CheckRow {
	typ, _ := d.Header["typ"].(string)
	if strings.TrimPrefix(strings.ToLower(typ), "application/") == "at+jwt" {
		return flows.CheckRow{Name: "typ", Refs: "RFC 9068 §2.1", Status: flows.CheckPass, Detail: "an access token"}
	}
	return flows.CheckRow{Name: "typ", Refs: "RFC 9068 §2.1", Status: flows.CheckSkip,
		Detail: flows.QuoteText(typ) + `, not "at+jwt" (many servers don't set it)`}
}

// Verify checks a pasted JWT's signature with the JWKS of the walk's
// issuer, never with keys the token itself points to (its iss, a jku or
// x5u header): a token can name any server, and a hostile one would vouch
// for its own forgery (RFC 9700 §4.4, RFC 8725 §3.10). d is a discovery
// the walk already made (and checked, walk.Discover); nil: pl.Issuer is
// discovered here. It returns the discovery used, for Introspect.
func (in *Inspection) Verify(ctx context.Context, hc *http.Client, pl Plan, d *flows.Discovery,
	g Guards) *flows.Discovery {
	if in.Kind != PasteJWT || in.JWT == nil {
		return d
	}
	d = in.discover(ctx, hc, pl, d, g)
	if d != nil {
		if d.Metadata.JWKSURI == "" {
			in.VerifyErr = fmt.Errorf("%s publishes no jwks_uri", flows.SanitizeLine(d.Metadata.Issuer))
		} else if jwks, ex, err := flows.FetchJWKS(ctx, hc, d.Metadata.JWKSURI); err != nil {
			in.Exchanges, in.VerifyErr = append(in.Exchanges, ex), err
		} else {
			in.Exchanges = append(in.Exchanges, ex)
			v := flows.VerifyJWT(in.Token, jwks)
			in.Verification, in.KeysFrom = &v, d.Metadata.Issuer
		}
	}
	in.judgeJWT()
	return d
}

// discover is d, or the walk's issuer discovered through Discover (its
// issuer check included); nil with VerifyErr set when there is none.
func (in *Inspection) discover(ctx context.Context, hc *http.Client, pl Plan, d *flows.Discovery,
	g Guards) *flows.Discovery {
	if d != nil {
		in.expect.Issuer = d.Metadata.Issuer
		return d
	}
	if pl.Issuer == "" {
		in.VerifyErr = fmt.Errorf("the walk has no issuer to discover keys from (a token URL only)")
		return nil
	}
	nd, exs, _, err := Discover(ctx, hc, Plan{Issuer: pl.Issuer, Discovery: pl.Discovery}, g)
	in.Exchanges = append(in.Exchanges, exs...)
	if err != nil {
		in.VerifyErr = err
		return nil
	}
	in.expect.Issuer = nd.Metadata.Issuer
	return nd
}

// Introspect asks the walk's server about the pasted token (RFC 7662
// §2.1) with the walk's client: only at the introspection endpoint of the
// walk's own (checked) discovery, never one the token names. The warnings
// about that endpoint (Destination: another host than the issuer's, plain
// http to a host that is not loopback) are kept in in.Warnings and given
// to g.OnWarning before anything is sent; unless sendAnyway is set, a
// warning holds the request (in.IntrospectHeld), so that a front-end can
// ask first. It returns the discovery used.
func (in *Inspection) Introspect(ctx context.Context, hc *http.Client, pl Plan, d *flows.Discovery,
	g Guards, sendAnyway bool) *flows.Discovery {
	in.Warnings, in.IntrospectHeld, in.Introspection, in.IntrospectErr = nil, false, nil, nil
	if in.Token == "" {
		in.IntrospectErr = fmt.Errorf("no token to introspect: paste a token")
		if in.Kind == PasteBasic {
			in.IntrospectErr = fmt.Errorf("a Basic credential is a client's id and secret, not a token: " +
				"it is never introspected")
		}
		return d
	}
	if d = in.discover(ctx, hc, pl, d, g); d == nil {
		in.IntrospectErr = in.VerifyErr
		return nil
	}
	if _, err := CheckIssuer(d, g.AllowIssuerMismatch); err != nil {
		in.IntrospectErr = err
		return d
	}
	endpoint := d.Metadata.IntrospectionEndpoint
	if endpoint == "" {
		in.IntrospectErr = fmt.Errorf("%s advertises no introspection_endpoint (RFC 8414 §2)",
			flows.SanitizeLine(d.Metadata.Issuer))
		return d
	}
	for _, w := range Destination("the introspection endpoint", endpoint, d.Metadata.Issuer) {
		in.Warnings = g.warn(in.Warnings, w)
	}
	if len(in.Warnings) > 0 && !sendAnyway {
		in.IntrospectHeld = true
		return d
	}
	res, ex, err := flows.Introspect(ctx, hc, endpoint, pl.Token.Client(), in.Token, "")
	in.Exchanges = append(in.Exchanges, ex)
	in.IntrospectErr = err
	if err == nil {
		in.Introspection = &res
	}
	return d
}
