package flows

import (
	"net/url"
	"strings"
)

// skipInCurl are headers curl writes itself.
var skipInCurl = map[string]bool{
	"host":            true,
	"content-length":  true,
	"accept-encoding": true,
	"user-agent":      true,
	"connection":      true,
}

// Curl renders the request as a curl command. Unless reveal is set, every
// secret is replaced by a shell variable ("$CLIENT_SECRET", "$ACCESS_TOKEN",
// …) so that the command can be pasted into a ticket and run after the
// variables are exported. A Basic Authorization header becomes curl's -u
// 'id:'"$CLIENT_SECRET" (curlUser), or "$BASIC_CREDENTIALS", the base64 of
// the form-urlencoded id and secret, when they need form-encoding.
func (e Exchange) Curl(reveal bool) string {
	m := e.masker(reveal)
	args := []string{"curl"}
	if e.Method != "GET" && !(e.Method == "POST" && len(e.RequestBody) > 0) {
		args = append(args, "-X", e.Method)
	}
	ct := ""
	for _, f := range e.RequestHeader {
		n := strings.ToLower(f.Name)
		if n == "content-type" {
			ct = f.Value
		}
		// HTTP/2 pseudo-header fields (":authority", ":path", …) are
		// written on the wire but are not headers curl can send.
		if skipInCurl[n] || strings.HasPrefix(n, ":") || n == "content-type" && IsFormType(f.Value) {
			continue
		}
		if u, ok := e.curlUser(m, f); ok {
			args = append(args, "-u", u)
			continue
		}
		args = append(args, "-H", e.curlHeader(m, f))
	}
	args = append(args, e.curlBody(m, ct)...)
	args = append(args, shellQuote(m.text(e.URL)))
	return Sanitize(strings.Join(args, " "))
}

func (e Exchange) curlHeader(m masker, f HeaderField) string {
	if m.reveal || !m.isSecretHeader(f.Name) {
		return shellQuote(f.Name + ": " + m.text(f.Value))
	}
	scheme, _, ok := strings.Cut(f.Value, " ")
	if ok && IsAuthScheme(scheme) {
		v := e.placeholder(f.Value[len(scheme)+1:], strings.ToUpper(scheme)+"_CREDENTIALS")
		if strings.EqualFold(scheme, "bearer") {
			v = e.placeholder(f.Value[len(scheme)+1:], "ACCESS_TOKEN")
		}
		return shellQuote(f.Name+": "+scheme+" ") + `"$` + v + `"`
	}
	name := EnvName(f.Name)
	return shellQuote(f.Name+": ") + `"$` + e.placeholder(f.Value, name) + `"`
}

// curlUser is a masked Basic Authorization header as curl's own -u
// 'id:'"$CLIENT_SECRET", which runs as pasted once the variable is set:
// only when neither the id nor the secret needs form-encoding, which
// client_secret_basic applies before base64 (RFC 6749 §2.3.1) and curl's
// -u does not. Otherwise the header stays, with "$BASIC_CREDENTIALS".
func (e Exchange) curlUser(m masker, f HeaderField) (string, bool) {
	scheme, cred, ok := strings.Cut(f.Value, " ")
	if m.reveal || !ok || !strings.EqualFold(f.Name, "Authorization") || !strings.EqualFold(scheme, "basic") {
		return "", false
	}
	id, secret, ok := ParseBasic(cred)
	if !ok || id == "" || url.QueryEscape(id) != id || url.QueryEscape(secret) != secret {
		return "", false
	}
	return shellQuote(id+":") + `"$` + e.placeholder(secret, "CLIENT_SECRET") + `"`, true
}

// placeholder names the variable for a secret value: the Secret's own name
// when the value is a known secret, else the fallback.
func (e Exchange) placeholder(value, fallback string) string {
	for _, s := range e.Secrets {
		if s.Value == value && s.Name != "" {
			return s.Name
		}
	}
	return fallback
}

func (e Exchange) curlBody(m masker, ct string) []string {
	if len(e.RequestBody) == 0 {
		return nil
	}
	if !IsFormType(ct) {
		return []string{"--data-raw", shellQuote(m.body(string(e.RequestBody), false))}
	}
	var out []string
	for _, p := range strings.Split(string(e.RequestBody), "&") {
		k, v, _ := strings.Cut(p, "=")
		key, err1 := url.QueryUnescape(k)
		val, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			out = append(out, "--data-raw", shellQuote(m.text(p)))
			continue
		}
		out = append(out, "--data-urlencode", e.curlField(m, key, val))
	}
	return out
}

func (e Exchange) curlField(m masker, key, val string) string {
	name := SecretParamName(key)
	secret := name != ""
	if !secret {
		for _, s := range e.Secrets {
			if s.Value == val && len(val) >= 4 {
				name, secret = s.Name, true
			}
		}
	}
	if m.reveal || !secret {
		return shellQuote(key + "=" + m.text(val))
	}
	return shellQuote(key+"=") + `"$` + e.placeholder(val, name) + `"`
}

// ShellQuote is s as one word for a POSIX shell: as it is when it holds
// only characters the shell takes literally, else single-quoted. The
// command-line hints of fixes use it, as copy-as-curl does.
func ShellQuote(s string) string { return shellQuote(s) }

// shellQuote single-quotes s for a POSIX shell.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@,+%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
