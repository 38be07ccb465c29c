package walk

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// The warnings of a resend, said before it is sent (enter again sends
// anyway): where the credentials go, and credentials that are single-use
// or were rotated away, whose replay the server refuses or punishes.

// WarnReplay: the resend sends again a credential that is single-use or
// was rotated away (an authorization code, a redeemed device code, a
// rotated refresh token, a client assertion's jti, a DPoP proof).
const WarnReplay WarningCode = "replay"

// Warnings are the draft's warnings: where its credentials go (when it
// carries any), then the credentials it would replay. issuer is the
// walk's issuer, or "" (a token URL given directly).
func (d Draft) Warnings(issuer string) []Warning {
	r, err := d.Request()
	if err != nil {
		return nil
	}
	var ws []Warning
	if len(r.Secrets) > 0 {
		ws = d.destination(r.URL, issuer)
	}
	return append(ws, d.replays(r)...)
}

// destination warns about plain http:// to a host that is not loopback,
// another host than the captured request's, and for a token request
// another host than the issuer's (Destination; RFC 9700 §4.4).
func (d Draft) destination(target, issuer string) []Warning {
	if flows.StepOfLabel(d.Label) != flows.StepToken {
		issuer = "" // an API or another endpoint is rightly on another host than the issuer
	}
	ws := Destination("the resend", target, issuer)
	for _, w := range ws {
		if w.Code == WarnOtherHost {
			return ws
		}
	}
	if o, t := hostPort(d.orig.URL), hostPort(target); o != "" && t != "" && !strings.EqualFold(o, t) {
		ws = append(ws, Warning{Code: WarnOtherHost, Message: fmt.Sprintf("the resend goes to %s, not to %s "+
			"where the request went: check that this server is meant to receive the credentials",
			flows.Sanitize(t), flows.Sanitize(o))})
	}
	return ws
}

// replays warns about each single-use or rotated credential the request
// sends again unchanged.
func (d Draft) replays(r flows.Request) []Warning {
	var ws []Warning
	say := func(msg string) { ws = append(ws, Warning{Code: WarnReplay, Message: msg}) }
	before, now := url.Values{}, url.Values{}
	if d.Form {
		before, now = formOf(d.orig.RequestBody), formOf(r.Body)
	}
	again := func(k string) bool { return now.Get(k) != "" && now.Get(k) == before.Get(k) }
	if again("refresh_token") && now.Get("grant_type") == "refresh_token" && d.rotated(now.Get("refresh_token")) {
		say("the refresh token sent was rotated: the first answer brought a new one, so this one is spent; a " +
			"server with reuse detection may revoke the whole token family, the walk's live tokens too " +
			"(RFC 9700 §4.14.2)")
	}
	if again("code") {
		say("the authorization code was sent before: a code is single-use; the server must refuse it and should " +
			"revoke the tokens issued with it (RFC 6749 §4.1.2)")
	}
	if again("device_code") && d.orig.OK() {
		say("the device code was redeemed already: the server answered it with tokens, and refuses it again " +
			"(RFC 8628 §3.5)")
	}
	for _, k := range []string{"client_assertion", "assertion"} {
		if again(k) {
			say(fmt.Sprintf("the %s is sent again with the same jti: a server that remembers jti refuses a "+
				"replay (RFC 7523 §3); the step makes a fresh one", k))
		}
	}
	if p := sentHeader(r.Header, "DPoP"); p != "" && p == d.origHeader("DPoP") {
		say("the DPoP proof is sent again: a proof is for one request (its jti and iat, RFC 9449 §4.3, §11.1); " +
			"the server may refuse it as a replay")
	}
	return ws
}

// rotated reports whether the captured answer brought another refresh
// token than sent (RFC 6749 §6: the client must discard the old one).
func (d Draft) rotated(sent string) bool {
	var tok struct {
		RefreshToken string `json:"refresh_token"`
	}
	if json.Unmarshal(d.orig.ResponseBody, &tok) != nil {
		return false
	}
	return tok.RefreshToken != "" && tok.RefreshToken != sent
}

func (d Draft) origHeader(name string) string {
	for _, h := range d.orig.RequestHeader {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// sentHeader is the first value of a header the draft names in any case
// (it keeps the names as written: "DPoP", not "Dpop").
func sentHeader(h http.Header, name string) string {
	for k, vs := range h {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

// formOf is a form body's fields; none for another body.
func formOf(b []byte) url.Values {
	v, err := url.ParseQuery(string(b))
	if err != nil {
		return url.Values{}
	}
	return v
}
