package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// hints say what usually causes an OAuth error code and what to try.
var hints = map[string]string{
	"invalid_client":         "check the client id and secret (step 2), and the auth method: some servers take only basic, others only post",
	"invalid_scope":          "ask only for scopes the client is allowed (step 3); discovery lists the scopes the server knows",
	"unauthorized_client":    "the client may not use the client credentials grant; check its settings on the server",
	"unsupported_grant_type": "the server does not offer client credentials at this endpoint",
	"invalid_request":        "a parameter is missing or repeated; compare the request with the server's documentation",
	"invalid_target":         "the audience or resource (step 3) is not one the server knows",
	"invalid_token":          "the token was refused: it may have expired, or be meant for another audience",
	"insufficient_scope":     "the token lacks a scope this API needs: add it in step 3 and fetch a new token",
}

// failureLines explains a failed step: what failed, the HTTP status, the
// OAuth error and description, a hint, and where the raw exchange is.
func failureLines(c *common, step string, err error, w int) []string {
	return failureLinesWith(c, step, err, w, nil)
}

// failureLinesWith is failureLines with a diagnosis: when there is one, it
// takes the place of the error details and the hint (its evidence has
// them).
func failureLinesWith(c *common, step string, err error, w int, diag []string) []string {
	st := c.styles
	if isCancelled(err) {
		return []string{st.text.warn.Render("✗ " + step + " cancelled"), "  the request was cancelled (esc)"}
	}
	lines := []string{st.text.err.Render("✗ " + step + " failed")}
	var ce *flows.ConfigError
	if len(diag) > 0 {
		lines = append(lines, diag...)
		if errors.As(err, &ce) {
			return lines // no request was made: there is no exchange to point to
		}
		lines = append(lines, "")
		return append(
			lines,
			wrapLines(st.text.dim.Render("the raw exchange is in the Exchange pane · r shows it whole"), w)...)
	}
	var de *flows.DiscoveryError
	var oe *flows.OAuthError
	switch {
	case errors.As(err, &ce):
		return append(lines, indent(wrapLines(c.say(ce.Msg), w-2))...)
	case errors.As(err, &de):
		lines = append(lines, attemptLines(c, de.Attempts, w)...)
	case errors.As(err, &oe):
		if error(oe) != err {
			lines = append(lines, indent(wrapLines(c.say(err.Error()), w-2))...)
		}
		lines = append(lines, oauthErrorLines(c, oe, w)...)
	default:
		lines = append(lines, indent(wrapLines(c.say(err.Error()), w-2))...)
	}
	return append(
		append(lines, ""),
		wrapLines(st.text.dim.Render("the raw exchange is in the Exchange pane · r shows it whole"), w)...)
}

func oauthErrorLines(c *common, oe *flows.OAuthError, w int) []string {
	st := c.styles
	var lines []string
	add := func(k, v string) {
		if v != "" {
			lines = append(lines, wrapKV(st, "  "+k, 14, v, w)...)
		}
	}
	status := oe.Status
	if status == "" && oe.StatusCode != 0 {
		status = fmt.Sprint(oe.StatusCode)
	}
	add("status", c.say(status))
	add("error", st.text.err.Render(c.say(oe.Code)))
	add("description", c.say(oe.Description))
	add("error_uri", c.say(oe.URI))
	if oe.Code == "" {
		add("body", c.say(bodyGist(oe)))
	}
	for _, v := range oe.Header.Values("WWW-Authenticate") {
		add("challenge", c.say(v))
	}
	if h := hints[oe.Code]; h != "" {
		lines = append(lines, "")
		lines = append(lines, indent(wrapLines(st.text.warn.Render("hint:")+" "+h, w-2))...)
	}
	return lines
}

// bodyGist is the start of an error body that carries no OAuth error.
func bodyGist(oe *flows.OAuthError) string {
	s := strings.TrimSpace(string(oe.Body))
	if s == "" {
		return "(empty)"
	}
	return truncate(s, 160) // by display width: never inside a UTF-8 character
}

func attemptLines(c *common, attempts []flows.Attempt, w int) []string {
	st := c.styles
	lines := []string{"  no metadata document answered; tried:"}
	for _, a := range attempts {
		what := a.Err
		if what == "" && a.Status != 0 {
			what = fmt.Sprint(a.Status)
		}
		lines = append(lines, indent(wrapLines(st.text.err.Render("✗")+" "+c.say(a.URL), w-2))...)
		lines = append(lines, indent(indent(wrapLines(c.say(what), w-4)))...)
	}
	return lines
}

// wrapKV renders a key and a value that may wrap under itself.
func wrapKV(st styles, k string, kw int, v string, w int) []string {
	vl := wrapLines(v, max(8, w-kw-1))
	out := []string{kv(st, k, kw, vl[0])}
	for _, l := range vl[1:] {
		out = append(out, strings.Repeat(" ", kw+1)+l)
	}
	return out
}

func indent(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = "  " + l
	}
	return out
}
