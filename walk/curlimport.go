package walk

import (
	"errors"
	"net/url"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// CurlImport is what a pasted curl command for a token request says: the
// token URL, the client's credentials and how they are sent (RFC 6749
// §2.3.1: Basic with -u or an Authorization header, or the form's
// client_id/client_secret), and the form's other fields.
type CurlImport struct {
	TokenURL     string
	ClientID     string
	ClientSecret string           // the pasted secret: the caller must not keep it in plain text
	AuthMethod   flows.AuthMethod // flows.AuthBasic or flows.AuthPost; "" when no secret was sent
	GrantType    string
	Scopes       []string
	Audience     string
	Headers      []string // other -H headers, "Name: value"
}

// ParseCurl reads a curl command line: -u/--user, -H/--header,
// -d/--data/--data-raw/--data-urlencode/--data-ascii, -X and the URL.
// Quotes (single and double) and backslash line ends are understood as a
// POSIX shell would; other options are ignored.
func ParseCurl(cmd string) (CurlImport, error) {
	args, err := shellWords(cmd)
	if err != nil {
		return CurlImport{}, err
	}
	if len(args) == 0 || args[0] != "curl" {
		return CurlImport{}, errors.New("not a curl command")
	}
	var ci CurlImport
	for i := 1; i < len(args); i++ {
		a, val := args[i], ""
		if name, v, ok := strings.Cut(a, "="); ok && strings.HasPrefix(a, "--") {
			a, val = name, v
		} else if takesValue(a) && i+1 < len(args) {
			i++
			val = args[i]
		}
		ci.take(a, val)
	}
	if ci.TokenURL == "" {
		return ci, errors.New("the curl command has no URL")
	}
	return ci, nil
}

func takesValue(a string) bool {
	switch a {
	case "-u", "--user", "-H", "--header", "-d", "--data", "--data-raw", "--data-urlencode", "--data-ascii",
		"-X", "--request", "-o", "--output", "-A", "--user-agent", "-m", "--max-time":
		return true
	}
	return false
}

// take applies one option (or the URL) to the import.
func (ci *CurlImport) take(a, val string) {
	switch a {
	case "-u", "--user":
		id, secret, _ := strings.Cut(val, ":")
		ci.ClientID, ci.ClientSecret, ci.AuthMethod = id, secret, flows.AuthBasic
	case "-H", "--header":
		ci.header(val)
	case "-d", "--data", "--data-raw", "--data-ascii":
		ci.form(val, true)
	case "--data-urlencode":
		ci.form(val, false)
	default:
		if !strings.HasPrefix(a, "-") && ci.TokenURL == "" {
			ci.TokenURL = a
		}
	}
}

// header takes an Authorization: Basic header apart; others are kept.
func (ci *CurlImport) header(h string) {
	name, v, _ := strings.Cut(h, ":")
	v = strings.TrimSpace(v)
	scheme, cred, _ := strings.Cut(v, " ")
	if !strings.EqualFold(strings.TrimSpace(name), "Authorization") || !strings.EqualFold(scheme, "Basic") {
		ci.Headers = append(ci.Headers, strings.TrimSpace(name)+": "+v)
		return
	}
	id, secret, ok := flows.ParseBasic(cred) // each part form-decoded, RFC 6749 §2.3.1
	if !ok {
		return
	}
	ci.ClientID, ci.ClientSecret, ci.AuthMethod = id, secret, flows.AuthBasic
}

// form takes "k=v&k=v" (-d, already encoded) or one "k=v" (--data-urlencode,
// as written).
func (ci *CurlImport) form(data string, encoded bool) {
	pairs := []string{data}
	if encoded {
		pairs = strings.Split(data, "&")
	}
	for _, kv := range pairs {
		k, v, _ := strings.Cut(kv, "=")
		if encoded {
			if u, err := url.QueryUnescape(v); err == nil {
				v = u
			}
		}
		ci.field(k, v)
	}
}

func (ci *CurlImport) field(k, v string) {
	switch k {
	case "client_id":
		ci.ClientID = v
	case "client_secret":
		ci.ClientSecret = v
		if ci.AuthMethod == "" {
			ci.AuthMethod = flows.AuthPost
		}
	case "grant_type":
		ci.GrantType = v
	case "scope":
		ci.Scopes = strings.Fields(v)
	case "audience":
		ci.Audience = v
	}
}

// shellWords splits a command line as a POSIX shell would, without
// expansions: single quotes, double quotes (with \" \\ \$ \`), backslash
// escapes and backslash-newline.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	in, quote := false, rune(0)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case quote == '"':
			if r == '"' {
				quote = 0
			} else if r == '\\' && i+1 < len(rs) && strings.ContainsRune("\"\\$`", rs[i+1]) {
				i++
				cur.WriteRune(rs[i])
			} else {
				cur.WriteRune(r)
			}
		case r == '\\' && i+1 < len(rs):
			i++
			if rs[i] != '\n' {
				cur.WriteRune(rs[i])
				in = true
			}
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if in {
				words, in = append(words, cur.String()), false
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if quote != 0 {
		return nil, errors.New("the curl command has an unclosed quote")
	}
	if in {
		words = append(words, cur.String())
	}
	return words, nil
}
