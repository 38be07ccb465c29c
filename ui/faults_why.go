package ui

import (
	"strings"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// faultsBlocked says, per fault of the demo server, why it cannot show in
// a walk with these settings: the request it answers is not made, or the
// walk already does what the fault demands. Faults the walk can meet are
// not listed.
func faultsBlocked(ov walk.Overrides) map[string]string {
	why := map[string]string{}
	if ov.Audience != "" || len(ov.Resource) > 0 {
		why["wrong-audience"] = "step 3 asks for audience " + ov.Audience + strings.Join(ov.Resource, " ") +
			", so the token's aud is right; clear step 3's Audience to see it"
	}
	auth, _ := flows.NormalizeAuth(ov.Auth)
	switch auth {
	case flows.AuthBasic:
		why["basic-only"] = "step 2 already sends client_secret_basic; choose client_secret_post (←/→) to see it"
	case flows.AuthPost:
		why["post-only"] = "step 2 already sends client_secret_post; choose client_secret_basic (←/→) to see it"
	}
	if auth != flows.AuthPrivateKeyJWT && auth != flows.AuthClientSecretJWT {
		for _, f := range []string{"assertion-aud-issuer", "assertion-short-exp", "assertion-replay", "assertion-kid",
			"assertion-rs256-only"} {
			why[f] = "step 2 sends no client assertion (choose private_key_jwt or client_secret_jwt)"
		}
	}
	if !ov.DPoP {
		why["dpop-nonce"] = "the walk does not ask for DPoP-bound tokens"
	}
	if ov.Issuer == "" {
		for _, f := range []string{"discovery-404", "discovery-html", "issuer-mismatch", "no-token-endpoint",
			"issuer-mixup"} {
			why[f] = "the walk has no issuer, so it skips discovery"
		}
	}
	return why
}
