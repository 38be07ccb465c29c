package flows

import "strings"

// Challenge is one challenge of a WWW-Authenticate header (RFC 7235 §4.1),
// e.g. Bearer realm="api", error="invalid_token" (RFC 6750 §3). Parameter
// names are lowercased; values are sanitised.
type Challenge struct {
	Scheme  string
	Token68 string
	Params  map[string]string
}

// BearerChallenge returns the first Bearer challenge.
func BearerChallenge(cs []Challenge) (Challenge, bool) {
	for _, c := range cs {
		if strings.EqualFold(c.Scheme, "bearer") {
			return c, true
		}
	}
	return Challenge{}, false
}

// ParseWWWAuthenticate parses every challenge in the given header values.
// It is lenient: malformed parts are skipped, never fatal.
func ParseWWWAuthenticate(values []string) []Challenge {
	var out []Challenge
	for _, v := range values {
		out = append(out, parseChallenges(v)...)
	}
	return out
}

func parseChallenges(s string) []Challenge {
	var out []Challenge
	p := &authParser{s: s}
	for {
		p.skip(", \t")
		scheme := p.token()
		if scheme == "" {
			return out
		}
		c := Challenge{Scheme: Sanitize(scheme), Params: map[string]string{}}
		p.params(&c)
		out = append(out, c)
	}
}

type authParser struct {
	s string
	i int
}

func (p *authParser) skip(chars string) {
	for p.i < len(p.s) && strings.IndexByte(chars, p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *authParser) token() string {
	start := p.i
	for p.i < len(p.s) && !strings.ContainsRune(" \t,=\"", rune(p.s[p.i])) {
		p.i++
	}
	return p.s[start:p.i]
}

// params reads auth-params (or a token68) until the next challenge starts:
// a token followed by a space and not by '='.
func (p *authParser) params(c *Challenge) {
	sawComma := false
	for {
		p.skip(" \t")
		save := p.i
		name := p.token()
		if name == "" {
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
				sawComma = true
				continue
			}
			return
		}
		p.skip(" \t")
		if p.i >= len(p.s) || p.s[p.i] != '=' {
			if !sawComma && len(c.Params) == 0 && c.Token68 == "" && (p.i >= len(p.s) || p.s[p.i] == ',') {
				c.Token68 = Sanitize(name) // token68 without padding
				continue
			}
			p.i = save // the next challenge's scheme
			return
		}
		p.i++
		j := p.i
		for j < len(p.s) && p.s[j] == '=' {
			j++
		}
		if len(c.Params) == 0 && c.Token68 == "" && (j == len(p.s) || p.s[j] == ',' || p.s[j] == ' ') {
			c.Token68 = Sanitize(p.s[save:j]) // token68 with '=' padding
			p.i = j
			continue
		}
		p.skip(" \t")
		c.Params[strings.ToLower(Sanitize(name))] = Sanitize(p.value())
	}
}

func (p *authParser) value() string {
	if p.i >= len(p.s) || p.s[p.i] != '"' {
		return p.token()
	}
	p.i++
	var b strings.Builder
	for p.i < len(p.s) && p.s[p.i] != '"' {
		if p.s[p.i] == '\\' && p.i+1 < len(p.s) {
			p.i++
		}
		b.WriteByte(p.s[p.i])
		p.i++
	}
	if p.i < len(p.s) {
		p.i++ // closing quote; an unterminated string ends at the end of the header
	}
	return b.String()
}
