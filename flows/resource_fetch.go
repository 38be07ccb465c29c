package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// MaxResourceMetadata caps a protected resource metadata document: a real
// one is a few hundred bytes (RFC 9728 §2), so more is not read as one.
const MaxResourceMetadata = 64 << 10

// FetchResourceMetadata fetches the protected resource metadata document
// at metadataURL (RFC 9728 §3.1) and checks it for forURL, the API URL or
// resource identifier it was found for (§3.3). The body is capped
// (MaxResourceMetadata), the request has the client's timeout and ctx's
// cancellation; an answer that is no JSON object (an HTML page), too
// large, or names another resource is an error, and its problems say
// why. The exchange is returned also on failure.
func FetchResourceMetadata(ctx context.Context, hc *http.Client, metadataURL, forURL string) (ResourceMetadata,
	[]Problem, Exchange, error) {
	var md ResourceMetadata
	ex, err := Send(ctx, hc, Request{Label: "resource metadata", Method: http.MethodGet, URL: metadataURL,
		Header: http.Header{"Accept": {"application/json"}}, MaxBody: MaxResourceMetadata})
	switch {
	case err != nil:
		return md, nil, ex, fmt.Errorf("resource metadata: %w", err)
	case ex.Truncated:
		return md, nil, ex, fmt.Errorf("resource metadata: %w", &TooLargeError{What: "the resource metadata",
			N: int64(len(ex.ResponseBody)), Limit: MaxResourceMetadata, AtLeast: true})
	case !ex.OK():
		return md, nil, ex, fmt.Errorf("resource metadata: %s answered %s: the API publishes no RFC 9728 "+
			"metadata there", SanitizeLine(metadataURL), SanitizeLine(ex.StatusText))
	}
	if err := json.Unmarshal(ex.ResponseBody, &md); err != nil || !strings.HasPrefix(
		strings.TrimSpace(string(ex.ResponseBody)), "{") {
		return ResourceMetadata{}, nil, ex, fmt.Errorf("resource metadata: not a JSON document (%s): %w",
			SanitizeLine(ex.ResponseHeader.Get("Content-Type")), ErrNotJSON)
	}
	_ = json.Unmarshal(ex.ResponseBody, &md.Raw)
	ps := checkResourceMetadata(md, forURL)
	for _, p := range ps {
		if p.Severity == SeverityError {
			return md, ps, ex, errors.New("resource metadata: " + p.Message)
		}
	}
	return md, ps, ex, nil
}

// ChallengeMetadataURL is the resource_metadata of the Bearer challenge of
// an API's 401 or 403 answer (RFC 9728 §5.1), or "".
func ChallengeMetadataURL(ex Exchange) string { return challengeMetadataURL(ex) }
