package ui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/oauthlens/oauthlens/flows"
)

// TestBodyGist_NeverSplitsACharacter: a long error body of multi-byte
// characters is cut between characters, not inside one (it used to cut at
// byte 160).
func TestBodyGist_NeverSplitsACharacter(t *testing.T) {
	body := "x" + strings.Repeat("é", 100) + strings.Repeat("😀", 100)
	got := bodyGist(&flows.OAuthError{Body: []byte(body)})
	if !utf8.ValidString(got) || !strings.HasSuffix(got, "…") {
		t.Errorf("got %q: want valid UTF-8 ending in …", got)
	}
}
