package cli

import (
	"context"
	"net/http"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// withResource looks up the API's protected resource metadata (RFC 9728)
// for the diagnosis of a failed token request or call (walk.FindResource:
// from the API's challenge, the plan's API URL or the resource sent),
// prints its exchanges under -v and puts it in the diagnosis context, so
// that a resource differing by a trailing slash, or none sent, is named.
func (env *cliEnv) withResource(ctx context.Context, hc *http.Client, c commonFlags, pl walk.Plan, err error,
	fc *flows.Context) {
	if !walk.NeedsResource(err, fc.Step) || fc.Resource != nil {
		return
	}
	r := walk.FindResource(ctx, hc, pl, fc.Exchanges)
	env.report(c, false, r.Exchanges)
	fc.Resource = r.Metadata
}

// doctorResource is the resource metadata for doctor's diagnoses, looked
// up before the checkup for the test call's API (or the resource sent);
// nil when the plan has neither or the API publishes none.
func (env *cliEnv) doctorResource(ctx context.Context, hc *http.Client, c commonFlags, pl walk.Plan,
	call *flows.CallRequest) *flows.ResourceMetadata {
	if call != nil {
		pl.API.URL = call.URL
	}
	r := walk.FindResource(ctx, hc, pl, nil)
	env.report(c, false, r.Exchanges)
	return r.Metadata
}
