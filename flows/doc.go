// Package flows holds the OAuth 2.0 protocol side of oauthlens: discovery,
// the client credentials token request, JWT decoding and verification, API
// calls, and the capture of every HTTP exchange on the way.
//
// It never imports the UI. Every call takes a context.Context and an
// *http.Client and returns its result together with the captured
// exchange(s), even on failure, so that the raw panes always have something
// true to show.
package flows
