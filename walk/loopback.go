package walk

import (
	"net/url"
	"strconv"
)

// LoopbackAddr reads the port and path the loopback listener of the
// authorization code grant takes from a fixed redirect URI (a profile's
// redirect_uri or --redirect-uri, for servers that register exact URIs,
// RFC 8252 §7.3): 0 and "" without one (a random port, /callback). The
// URI must be http on 127.0.0.1 or localhost with a port; else a
// *UsageError says so.
func LoopbackAddr(redirectURI string) (port int, path string, err error) {
	if redirectURI == "" {
		return 0, "", nil
	}
	u, err := url.Parse(redirectURI)
	if err != nil || u.Scheme != "http" || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost") {
		return 0, "", &UsageError{"the redirect URI must be a loopback http URI such as " +
			"http://127.0.0.1:8400/callback (RFC 8252 §7.3)"}
	}
	port, err = strconv.Atoi(u.Port())
	if err != nil {
		return 0, "", &UsageError{"the redirect URI needs a port (http://127.0.0.1:PORT/path)"}
	}
	return port, u.Path, nil
}
