package demo

import (
	"regexp"
	"testing"
)

// resourceMetadataParam is the resource_metadata parameter every 401 and
// 403 of the API ends with (RFC 9728 §5.1).
var resourceMetadataParam = regexp.MustCompile(
	`, resource_metadata="http://[^"]+/\.well-known/oauth-protected-resource/api"$`)

// withoutResourceMetadata checks that a challenge ends with
// resource_metadata and returns it without.
func withoutResourceMetadata(t *testing.T, challenge string) string {
	t.Helper()
	if challenge == "" {
		return ""
	}
	if !resourceMetadataParam.MatchString(challenge) {
		t.Errorf("the challenge has no resource_metadata: %s", challenge)
	}
	return resourceMetadataParam.ReplaceAllString(challenge, "")
}

func TestResourceMetadata(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	rep := get(t, ts.URL+"/api/me", "")
	want := ts.URL + resourceMetadataPath
	if got := rep.header.Get("WWW-Authenticate"); !resourceMetadataParam.MatchString(got) ||
		!regexp.MustCompile(regexp.QuoteMeta(want)).MatchString(got) {
		t.Fatalf("challenge: %s", got)
	}
	md := get(t, want, "")
	if md.str("resource") != ts.URL+"/api" || md.json["authorization_servers"].([]any)[0] != ts.URL {
		t.Errorf("metadata: %s", md.raw)
	}
}
