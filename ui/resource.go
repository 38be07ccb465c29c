package ui

import (
	"context"
	"net/http"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// findResource looks up the API's protected resource metadata (RFC 9728)
// for the diagnosis of a failed token request or call, inside a command:
// walk.FindResource, from the API's challenge among exs, the plan's API
// URL or the resource sent. Nothing is looked up after a success, or
// after esc.
func findResource(ctx context.Context, hc *http.Client, pl walk.Plan, err error, step flows.Step,
	exs []flows.Exchange) walk.Resource {
	if !walk.NeedsResource(err, step) || ctx.Err() != nil {
		return walk.Resource{}
	}
	return walk.FindResource(ctx, hc, pl, exs)
}
