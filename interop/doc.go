// Package interop holds the interop suite: tests that drive the flows
// package against a real, independent authorization server, panva's
// oidc-provider (npm), started from server.mjs on loopback.
//
// The tests run with "go test ./...": they install the pinned npm
// dependencies themselves (npm ci, from the committed lockfile) and need
// Node.js 20+. Skip them with -short or OAUTHLENS_INTEROP=0. See README.md.
package interop
