package profiles

import (
	"fmt"
	"net/url"
	"strings"
)

// Rebase points every URL a profile holds — issuer, token URL, device
// authorization URL, API base URL and the client-creation URL — at base: each keeps its path (and
// query) and takes base's scheme and host, so that a template for a
// production host serves a sandbox or staging host whole, and no URL is
// left pointing at the original host (where an admin token would go).
// base is an absolute http(s) URL; its path, if any, is ignored.
func Rebase(p Profile, base string) (Profile, error) {
	b, err := url.Parse(strings.TrimSpace(base))
	if err != nil || (b.Scheme != "http" && b.Scheme != "https") || b.Host == "" {
		return p, fmt.Errorf("--base-url %q: use an absolute http(s) URL such as https://sandbox.example.com", base)
	}
	move := func(s string) (string, error) {
		if s == "" {
			return s, nil
		}
		u, err := url.Parse(s)
		if err != nil || !u.IsAbs() {
			return s, nil // a path or a placeholder: nothing to move
		}
		u.Scheme, u.Host, u.User = b.Scheme, b.Host, nil
		return u.String(), nil
	}
	for _, f := range []*string{&p.Issuer, &p.TokenURL, &p.APIBaseURL, &p.DeviceURL} {
		if *f, err = move(*f); err != nil {
			return p, err
		}
	}
	if p.ClientCreation != nil {
		cc := *p.ClientCreation
		if cc.URL, err = move(cc.URL); err != nil {
			return p, err
		}
		p.ClientCreation = &cc
	}
	return p, nil
}
