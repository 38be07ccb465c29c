package cli

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/oauthlens/oauthlens/flows"
)

// listenError says why the loopback listener of a fixed redirect_uri (a
// profile's or --redirect-uri, for servers that register exact URIs,
// RFC 8252 §7.3) could not start: its port is taken, or not ours to use.
// It is a configuration error (exit 2); nothing was sent. A random port's
// failure is returned as it is.
func listenError(redirectURI string, port int, err error) error {
	if port == 0 {
		return err
	}
	ru := flows.SanitizeLine(redirectURI)
	if errors.Is(err, syscall.EADDRINUSE) {
		return &configError{fmt.Sprintf("port %d of the redirect_uri %s is in use on 127.0.0.1 (another oauthlens "+
			"waiting for a redirect? a local server?): stop what listens there, or use another port with "+
			"--redirect-uri or the profile's redirect_uri (registered at the server as well)", port, ru)}
	}
	return &configError{fmt.Sprintf("cannot listen on port %d of the redirect_uri %s (%s): use another port with "+
		"--redirect-uri or the profile's redirect_uri", port, ru, flows.SanitizeLine(err.Error()))}
}
