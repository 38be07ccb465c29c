package flows

import (
	"errors"
	"net/url"
)

// CheckAbsoluteURL says why raw is not an absolute http:// or https:// URL
// with a host (what every endpoint and issuer must be, RFC 8414 §2), or
// returns nil.
func CheckAbsoluteURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return errors.New("not a URL")
	case u.Scheme != "http" && u.Scheme != "https":
		return errors.New("not an absolute http:// or https:// URL")
	case u.Host == "":
		return errors.New("an http(s) URL without a host")
	}
	return nil
}
