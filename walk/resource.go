package walk

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/oauthlens/oauthlens/flows"
)

// ResourceTimeout bounds the lookup of an API's protected resource
// metadata for a diagnosis, whatever the client's own timeout.
const ResourceTimeout = 10 * time.Second

// Resource is the API's protected resource metadata (RFC 9728) as the walk
// found it for the diagnoses of a failed token request or call.
type Resource struct {
	// Metadata is the document; nil when none was found or when it failed
	// the §3.3 check (a document naming another resource is not used).
	Metadata  *flows.ResourceMetadata
	URL       string // where the document was fetched
	Via       string // "WWW-Authenticate resource_metadata", "well-known URL"
	Problems  []flows.Problem
	Exchanges []flows.Exchange
	Err       error
}

// FindResource fetches the protected resource metadata the plan's API
// publishes, so that the diagnoses can compare the resource sent (RFC 8707)
// with the one the API names (flows.Context.Resource). It looks, in order,
// at the resource_metadata of a Bearer challenge among the answers given
// (an API that refused the token, RFC 9728 §5.1; without one, the
// well-known URL of the API that answered), at the plan's API URL
// (flows.DiscoverResource: its challenge, else its well-known URL), and at
// the first resource the token request sends (its well-known URL, §3.1).
// Nothing is sent when the plan has none of them; no credential is ever
// sent. The lookup takes at most ResourceTimeout and ends with ctx.
func FindResource(ctx context.Context, hc *http.Client, pl Plan, answered []flows.Exchange) Resource {
	ctx, cancel := context.WithTimeout(ctx, ResourceTimeout)
	defer cancel()
	for i := len(answered) - 1; i >= 0; i-- {
		ex := answered[i]
		if u := flows.ChallengeMetadataURL(ex); u != "" {
			return fetchResource(ctx, hc, u, ex.URL, "WWW-Authenticate resource_metadata")
		}
		if strings.HasPrefix(ex.Label, "call") { // the API answered: no need to call it again
			u, err := flows.ResourceMetadataURL(ex.URL)
			if err != nil {
				return Resource{Err: err}
			}
			return fetchResource(ctx, hc, u, ex.URL, "well-known URL")
		}
	}
	if pl.API.URL != "" {
		rd, exs, err := flows.DiscoverResource(ctx, hc, pl.API.URL)
		r := Resource{URL: rd.URL, Via: rd.Via, Problems: rd.Problems, Exchanges: exs, Err: err}
		if err == nil {
			md := rd.Metadata
			r.Metadata = &md
		}
		return r
	}
	if len(pl.Token.Resource) > 0 {
		u, err := flows.ResourceMetadataURL(pl.Token.Resource[0])
		if err != nil {
			return Resource{Err: err}
		}
		return fetchResource(ctx, hc, u, pl.Token.Resource[0], "well-known URL")
	}
	return Resource{}
}

// fetchResource fetches and checks one document (flows.FetchResourceMetadata).
func fetchResource(ctx context.Context, hc *http.Client, metadataURL, forURL, via string) Resource {
	md, ps, ex, err := flows.FetchResourceMetadata(ctx, hc, metadataURL, forURL)
	r := Resource{URL: metadataURL, Via: via, Problems: ps, Exchanges: []flows.Exchange{ex}, Err: err}
	if err == nil {
		r.Metadata = &md
	}
	return r
}

// NeedsResource reports whether a failure at step is one the resource
// metadata can explain (flows.Diagnose compares resources only for the
// token request and the call, and only for the failures a resource can
// cause: flows.ResourceMayExplain), so that a front-end looks it up only
// then.
func NeedsResource(err error, step flows.Step) bool {
	return (step == flows.StepToken || step == flows.StepCall) && flows.ResourceMayExplain(err)
}
