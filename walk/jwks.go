package walk

import (
	"context"
	"net/http"
	"sync"

	"github.com/oauthlens/oauthlens/flows"
)

// JWKSCache holds the JWK Sets (RFC 7517 §5) a walk fetched, by JWKS URI,
// for the walk's lifetime: verifying the access token and the ID token of
// one token answer, and the tokens after it, fetch the set once. A token
// whose kid the cached set lacks makes one more fetch (once per kid, as
// keyfunc refetches on an unknown kid), so a key rotation is seen. It is
// safe for concurrent use; a nil *JWKSCache caches nothing.
type JWKSCache struct {
	mu      sync.Mutex
	sets    map[string][]byte
	refetch map[string]bool // uri + "\n" + kid: fetched again for that kid already
}

// NewJWKSCache returns an empty cache, for one walk.
func NewJWKSCache() *JWKSCache {
	return &JWKSCache{sets: map[string][]byte{}, refetch: map[string]bool{}}
}

// Keys returns the JWK Set at uri for a token whose header names kid ("":
// none): the cached set, else the one fetched now (flows.FetchJWKS), whose
// exchange is returned; ex is nil when nothing was sent. A failed fetch is
// not cached, and an unknown kid counts as refetched only once a fetch for
// it succeeded. The lock is not held while fetching: a stalled JWKS blocks
// only its own caller, whose ctx (esc) still ends it.
func (c *JWKSCache) Keys(ctx context.Context, hc *http.Client, uri, kid string) ([]byte, *flows.Exchange, error) {
	if c == nil {
		body, ex, err := flows.FetchJWKS(ctx, hc, uri)
		return body, &ex, err
	}
	key := uri + "\n" + kid
	c.mu.Lock()
	set, ok := c.sets[uri]
	hit := ok && (kid == "" || flows.JWKSHasKID(set, kid) || c.refetch[key])
	c.mu.Unlock()
	if hit {
		return set, nil, nil
	}
	body, ex, err := flows.FetchJWKS(ctx, hc, uri)
	if err == nil {
		c.mu.Lock()
		c.sets[uri] = body
		if ok {
			c.refetch[key] = true // an unknown kid was fetched again, once
		}
		c.mu.Unlock()
	}
	return body, &ex, err
}

// Forget drops the set at uri, so that the next Keys fetches it (the
// refetch_jwks fix).
func (c *JWKSCache) Forget(uri string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.sets, uri)
	for k := range c.refetch {
		if len(k) > len(uri) && k[:len(uri)+1] == uri+"\n" {
			delete(c.refetch, k)
		}
	}
}
