// Package vendorerrors holds the error dictionaries of identity providers
// (Okta, Microsoft Entra, Auth0, Keycloak, AWS Cognito, Google, Duende
// IdentityServer, Spring Authorization Server, Ping) as data, and matches a
// token or API error response against them.
//
// Each dictionary is one embedded JSON file, dict/VENDOR.json. An entry
// matches on any combination of the HTTP status, the OAuth error code
// (RFC 6749 §5.2), a vendor code (Okta's errorCode, Entra's AADSTS number,
// Cognito's __type, Google's and PingOne's status codes) and a
// case-insensitive regular expression over the human-readable texts; every
// condition an entry sets must hold. An entry that sets neither a vendor
// code nor a text pattern is weak: it matches only when the vendor is named
// or recognised from the body's shape, so that a bare
// {"error":"invalid_client"} is never blamed on a vendor at random.
//
// The package does not import flows (flows imports it) nor any UI package.
// Bodies are parsed tolerantly (a JSON object of any shape, form-encoded or
// plain text), only their first MaxBody bytes are examined, and every
// string taken from a body is stripped of control characters; sanitising
// for display is still the caller's job.
package vendorerrors
