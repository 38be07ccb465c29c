// Package interop holds the interop suite: tests that drive the flows
// package against a real, independent authorization server, panva's
// oidc-provider (npm), started from server.mjs on loopback.
//
// The tests are skipped unless OAUTHLENS_INTEROP=1, so that plain
// "go test ./..." stays fast and needs no Node.js; interop/run.sh installs
// the pinned npm dependencies and runs them. See README.md.
package interop
