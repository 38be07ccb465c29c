// Package demo is an embedded, spec-true OAuth 2.0 authorization server and
// protected API that runs in-process on loopback.
//
// It serves OpenID Connect discovery and RFC 8414 metadata, a JWKS with one
// RS256 key, the client credentials grant (RFC 6749 §4.4) with
// client_secret_basic and client_secret_post, RFC 7662 introspection,
// RFC 7009 revocation and a protected API (GET /api/me) that answers with
// RFC 6750 errors. It is used by `oauthlens demo`, by the TUI's demo mode and
// by tests.
//
// Use [New] and [Server.Handler] under httptest (the issuer is then taken from
// the request's Host), or [Start] to listen on a loopback address.
package demo

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Fixed demo credentials, printed by `oauthlens demo --serve`.
const (
	// ClientID is the id of the default demo client.
	ClientID = "demo-client"
	// ClientSecret is the secret of the default demo client.
	ClientSecret = "demo-secret"
	// AdminToken is the owner's bearer token for the WorkfloPlus-style
	// admin client API (POST /api/client/).
	AdminToken = "demo-admin-token"
)

// Auth method names, as in RFC 8414 token_endpoint_auth_methods_supported.
const (
	// AuthClientSecretBasic is HTTP Basic with the form-urlencoded client id
	// and secret (RFC 6749 §2.3.1).
	AuthClientSecretBasic = "client_secret_basic"
	// AuthClientSecretPost is client_id and client_secret in the form body.
	AuthClientSecretPost = "client_secret_post"
	// AuthNone is a public client: client_id in the form body, no secret
	// (RFC 7591 §2). A client has it only when its AuthMethods list it.
	AuthNone = "none"
)

// realm is the realm of every WWW-Authenticate challenge the server sends.
const realm = "oauthlens-demo"

// DefaultScopes are the scopes of the default demo client.
var DefaultScopes = []string{"api:read", "api:write"}

// DefaultClient is the client a server has when Config.Clients is empty.
var DefaultClient = Client{ID: ClientID, Secret: ClientSecret, Scopes: DefaultScopes}

// Config configures a Server. The zero value is usable.
type Config struct {
	// TokenLifetime is the lifetime of issued access tokens (default 3600s).
	TokenLifetime time.Duration
	// Now is the server's clock, used for iat/nbf/exp and for validation
	// (default time.Now).
	Now func() time.Time
	// Clients are the registered clients (default: DefaultClients).
	Clients []Client
	// ClientCAs verify tls_client_auth certificates (RFC 8705 §2.1).
	ClientCAs *x509.CertPool
	// Faults are the fault switches on at start (see Faults). New ignores
	// unknown names; Start reports them.
	Faults []string
	// DeviceInterval is the device grant's polling interval in seconds
	// (RFC 8628 §3.2); 5 when zero. Tests make it 1.
	DeviceInterval int
	// KeyFile keeps the signing key between runs (PEM, mode 0600), so that
	// a start needs no RSA key generation; "" generates a key every time.
	// A file that cannot be read or written is ignored: a key is then made.
	KeyFile string
}

// Client is a registered OAuth client.
type Client struct {
	// ID and Secret are the client's credentials.
	ID, Secret string
	// Scopes are the scopes the client may ask for; a token request without
	// a scope gets all of them.
	Scopes []string
	// AuthMethods are the token endpoint auth methods the client may use
	// (AuthClientSecretBasic, AuthClientSecretPost, AuthNone); empty means
	// the first two.
	AuthMethods []string
	// JWKS is the client's public JWK Set, for private_key_jwt.
	JWKS json.RawMessage
	// CertThumbprints are the x5t#S256 of the client's self-signed
	// certificates; TLSSubjectDN its PKI certificate's subject (RFC 8705).
	CertThumbprints []string
	TLSSubjectDN    string
}

// allows reports whether the client may authenticate with method.
func (c Client) allows(method string) bool {
	return len(c.AuthMethods) == 0 || slices.Contains(c.AuthMethods, method)
}

// authMethods are the methods the client may use, the default two when
// none are listed.
func (c Client) authMethods() []string {
	if len(c.AuthMethods) == 0 {
		return []string{AuthClientSecretBasic, AuthClientSecretPost}
	}
	return c.AuthMethods
}

// public reports whether the client is a public client (RFC 6749 §2.1):
// one that authenticates with AuthNone only.
func (c Client) public() bool { return slices.Equal(c.AuthMethods, []string{AuthNone}) }

// clone returns a copy of c that shares no slices with it.
func (c Client) clone() Client {
	c.Scopes = slices.Clone(c.Scopes)
	c.AuthMethods = slices.Clone(c.AuthMethods)
	c.JWKS = slices.Clone(c.JWKS)
	c.CertThumbprints = slices.Clone(c.CertThumbprints)
	return c
}

// Server is the demo authorization server and protected API.
type Server struct {
	lifetime  time.Duration
	now       func() time.Time
	keys      *pendingKey // the signing key, made in the background (signer)
	revoked   *revocations
	faults    *faultState
	created   *creation       // RFC 7591 registrations and admin-API clients
	devices   *devices        // RFC 8628 device authorizations
	refreshes *refreshes      // refresh tokens with rotation (RFC 6749 §6, RFC 9700 §4.14.2)
	authz     *authorizations // authorization requests, pushed requests and codes (RFC 6749 §4.1, RFC 9126)
	jtis      jtiCache        // client assertion jtis seen (clientassertion.go)
	dpop      dpopState       // DPoP nonce and proof jtis (dpop.go)
	clientCAs *x509.CertPool

	mu      sync.RWMutex
	clients map[string]Client
	order   []string // client ids in the order they were added

	issuer string       // set by Start
	srv    *http.Server // set by Start
}

// New returns a server configured by cfg, with a freshly generated RSA-2048
// signing key. The key is made in the background so that a program that
// starts the server (the TUI's first frame) does not wait for it; the
// first request that needs it does. It does not listen; see Handler and
// Start.
func New(cfg Config) *Server {
	s := &Server{
		lifetime:  cfg.TokenLifetime,
		now:       cfg.Now,
		keys:      startSigningKey(cfg.KeyFile),
		revoked:   newRevocations(),
		faults:    newFaultState(),
		created:   newCreation(),
		devices:   newDevices(cfg.DeviceInterval),
		refreshes: newRefreshes(),
		authz:     newAuthorizations(),
		clients:   map[string]Client{},
		clientCAs: cfg.ClientCAs,
	}
	if s.lifetime <= 0 {
		s.lifetime = 3600 * time.Second
	}
	if s.now == nil {
		s.now = time.Now
	}
	clients := cfg.Clients
	if len(clients) == 0 {
		clients = DefaultClients()
	}
	for _, c := range clients {
		s.AddClient(c)
	}
	if names, err := ParseFaults(cfg.Faults...); err == nil {
		_ = s.SetFaults(names...)
	}
	return s
}

// Start creates a server with New, listens on addr ("127.0.0.1:0" picks a
// free port) and serves in a goroutine until Close. Its issuer is the URL of
// the listen address.
func Start(addr string, cfg Config) (*Server, error) {
	if _, err := ParseFaults(cfg.Faults...); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := New(cfg)
	s.issuer = "http://" + issuerHost(ln.Addr())
	s.srv = &http.Server{
		Handler:           s.buildHandler(s.issuer),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() { _ = s.srv.Serve(ln) }() // Serve closes ln when it returns
	return s, nil
}

// issuerHost returns host:port for a listen address, replacing an unspecified
// IP (0.0.0.0, or :: when addr was ":PORT") with 127.0.0.1, the address a
// client would dial.
func issuerHost(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return a.String()
	}
	return (&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: tcp.Port}).String()
}

// Handler returns the server's HTTP handler. The issuer is derived from each
// request's Host ("http://" + r.Host), so httptest.NewServer(s.Handler())
// has issuer == ts.URL.
func (s *Server) Handler() http.Handler {
	return s.buildHandler("")
}

// Issuer returns "http://127.0.0.1:PORT" once started with Start, and ""
// for a server made with New.
func (s *Server) Issuer() string {
	return s.issuer
}

// Close stops a server started with Start, closing its listener and
// connections. It is a no-op for a server made with New.
func (s *Server) Close() error {
	if s.srv == nil {
		return nil
	}
	return s.srv.Close()
}

// AddClient registers c, replacing any client with the same ID. It is safe
// for concurrent use.
func (s *Server) AddClient(c Client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.clients[c.ID]; !ok {
		s.order = append(s.order, c.ID)
	}
	s.clients[c.ID] = c.clone()
}

// client returns the registered client with the given id.
func (s *Server) client(id string) (Client, bool) {
	s.mu.RLock()
	c, ok := s.clients[id]
	s.mu.RUnlock()
	if !ok && isDocumentClientID(id) {
		return documentClient(id) // cimd.go
	}
	return c, ok
}

// allScopes returns the union of DefaultScopes and every client's scopes,
// in first-seen order.
func (s *Server) allScopes() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := slices.Clone(DefaultScopes)
	for _, id := range s.order {
		for _, sc := range s.clients[id].Scopes {
			if !slices.Contains(out, sc) {
				out = append(out, sc)
			}
		}
	}
	return out
}

// middleware wraps a handler with request-wide behaviour.
type middleware func(http.Handler) http.Handler

// buildHandler assembles the routes and the middleware chain. fixedIssuer
// is the issuer of a started server, or "" to derive it from the Host.
func (s *Server) buildHandler(fixedIssuer string) http.Handler {
	return chain(s.routes(),
		s.withHostileFaults(), // echo, mix-up, escapes, CR/LF, slow body: see faults_hostile.go
		withIssuer(fixedIssuer),
		s.withFaults(), // fault switches, see faults.go
	)
}

// routes maps each path to its handler. Handlers check the method themselves
// so that every 405 carries a JSON body and an Allow header.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", s.handleOpenIDConfiguration)
	mux.HandleFunc("/.well-known/oauth-authorization-server", s.handleAuthServerMetadata)
	mux.HandleFunc("/jwks", s.handleJWKS)
	mux.HandleFunc("/token", s.handleToken)
	mux.HandleFunc("/introspect", s.handleIntrospect)
	mux.HandleFunc("/revoke", s.handleRevoke)
	mux.HandleFunc("/api/me", s.handleMe)
	mux.HandleFunc(ClientMetadataDocumentPath, s.handleClientMetadataDocument)
	s.routeClientCreation(mux) // RFC 7591/7592 registration and the admin client API
	s.routeUserFlows(mux)      // device, authorization code, login and consent pages
	mux.HandleFunc("/", handleNotFound)
	return mux
}

// chain wraps h so that mws[0] is the outermost middleware.
func chain(h http.Handler, mws ...middleware) http.Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

type issuerKey struct{}

// withIssuer records the request's issuer in its context: fixed if set,
// else "http://" + r.Host.
func withIssuer(fixed string) middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			iss := fixed
			if iss == "" && r.TLS != nil {
				iss = "https://" + r.Host
			} else if iss == "" {
				iss = "http://" + r.Host
			}
			ctx := context.WithValue(r.Context(), issuerKey{}, iss)
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// issuerOf returns the issuer recorded by withIssuer.
func issuerOf(r *http.Request) string {
	iss, _ := r.Context().Value(issuerKey{}).(string)
	return iss
}

// apiAudience is the default audience of access tokens: the protected API.
func apiAudience(issuer string) string {
	return issuer + "/api"
}
