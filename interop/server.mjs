// Interop test server for oauthlens: panva's oidc-provider configured for the
// OAuth 2.0 client credentials grant, on loopback only.
//
//   node interop/server.mjs [--port N] [--exit-on-stdin-eof]
//
// The port comes from --port, else $OAUTHLENS_INTEROP_PORT, else $PORT, else 0
// (a free port). When listening it prints exactly one machine-readable line on
// stdout:
//
//   READY http://127.0.0.1:PORT
//
// oidc-provider prints its own NOTICE lines on stdout too, so readers must
// look for the line that starts with "READY ". A second provider with the same
// configuration (but without RFC 7592 update and delete) answers under /tenant
// (issuer http://127.0.0.1:PORT/tenant) to exercise issuers that have a path,
// and GET /api/whoami is a small protected API for opaque tokens. SIGTERM and
// SIGINT stop the server cleanly; with --exit-on-stdin-eof it also stops when
// its stdin closes (the parent died). The clients, secrets and resources are
// test fixtures listed in interop/README.md.

import * as crypto from 'node:crypto';
import * as http from 'node:http';
import { parseArgs } from 'node:util';

import Provider, { errors } from 'oidc-provider';

const HOST = '127.0.0.1';
const TENANT_PATH = '/tenant';

const SCOPES = ['api:read', 'api:write'];
const DEFAULT_RESOURCE = 'urn:oauthlens:api';
const OPAQUE_RESOURCE = 'urn:oauthlens:opaque';

// Resource servers (RFC 8707). The default one issues RS256 JWT access tokens
// whose aud is the resource identifier.
const RESOURCES = {
  [DEFAULT_RESOURCE]: { scope: SCOPES.join(' '), accessTokenFormat: 'jwt', accessTokenTTL: 300 },
  'urn:oauthlens:es256': {
    scope: SCOPES.join(' '), accessTokenFormat: 'jwt', accessTokenTTL: 300, jwt: { sign: { alg: 'ES256' } },
  },
  [OPAQUE_RESOURCE]: { scope: SCOPES.join(' '), accessTokenFormat: 'opaque', accessTokenTTL: 300 },
};

const ccClient = (id, secret, method, extra = {}) => ({
  client_id: id,
  client_secret: secret,
  token_endpoint_auth_method: method,
  grant_types: ['client_credentials'],
  response_types: [],
  redirect_uris: [],
  ...extra,
});

const CLIENTS = [
  ccClient('cc-basic', 'cc-basic-secret', 'client_secret_basic'),
  ccClient('cc-post', 'cc-post-secret', 'client_secret_post'),
  ccClient('cc-special', 'sp:ec+ial/se%2Fcret %41 x', 'client_secret_basic'),
  ccClient('cc-readonly', 'cc-readonly-secret', 'client_secret_basic', { scope: 'api:read' }),
];

// signingKeys makes a fresh RSA and EC key pair as private JWKs.
function signingKeys() {
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  return [
    { ...rsa, kid: `rsa-${crypto.randomUUID().slice(0, 8)}`, use: 'sig', alg: 'RS256' },
    { ...ec, kid: `ec-${crypto.randomUUID().slice(0, 8)}`, use: 'sig', alg: 'ES256' },
  ];
}

// configuration is the provider's configuration. With management, it also
// offers RFC 7592 update and delete of dynamically registered clients (read
// works either way); the /tenant provider goes without it.
function configuration(keys, { management }) {
  return {
    clients: CLIENTS,
    jwks: { keys },
    scopes: ['openid', 'offline_access', ...SCOPES],
    cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
    ttl: {
      ClientCredentials: (ctx, token) => token.resourceServer?.accessTokenTTL || 300,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      // DPoP (RFC 9449) with nonces always required, so that clients must
      // handle use_dpop_nonce; requests without a proof are not affected.
      dPoP: { enabled: true, nonceSecret: crypto.randomBytes(32), requireNonce: () => true },
      revocation: { enabled: true },
      registration: { enabled: true, initialAccessToken: false },
      registrationManagement: { enabled: management },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => DEFAULT_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (ctx, resource) => {
          const info = RESOURCES[resource];
          if (!info) throw new errors.InvalidTarget();
          return info;
        },
      },
    },
  };
}

// whoami is a tiny protected API (RFC 6750) for the opaque resource: GET
// /api/whoami with a token from resource urn:oauthlens:opaque and scope
// api:read answers the token's client, scope and audience. It looks the token
// up in the provider, so revoked or expired tokens are refused.
function whoami(provider) {
  const challenge = (res, status, error, description, extra = '') => {
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'WWW-Authenticate': `Bearer realm="oauthlens-interop", error="${error}", error_description="${description}"${extra}`,
    }).end(JSON.stringify({ error, error_description: description }));
  };
  return async (req, res) => {
    const [scheme, value] = (req.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !value) {
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="oauthlens-interop"' }).end();
      return;
    }
    const token = await provider.ClientCredentials.find(value);
    if (!token || token.aud !== OPAQUE_RESOURCE) {
      challenge(res, 401, 'invalid_token', `unknown, expired or revoked token, or not for ${OPAQUE_RESOURCE}`);
    } else if (!token.scopes.has('api:read')) {
      challenge(res, 403, 'insufficient_scope', 'api:read is required', ', scope="api:read"');
    } else {
      res.writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ client_id: token.clientId, scope: token.scope, aud: token.aud }));
    }
  };
}

// mounted serves provider under prefix, as connect's app.use(prefix, cb) does.
function mounted(prefix, callback) {
  return (req, res) => {
    req.originalUrl = req.url;
    req.url = req.url.slice(prefix.length) || '/';
    return callback(req, res);
  };
}

function port(values) {
  const raw = values.port ?? process.env.OAUTHLENS_INTEROP_PORT ?? process.env.PORT ?? '0';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`server.mjs: bad port ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return n;
}

// stopOn closes server and exits 0 on SIGTERM or SIGINT, and when stdin
// closes if onStdinEOF is set.
function stopOn(server, onStdinEOF) {
  let stopping = false;
  const stop = (why) => {
    if (stopping) return;
    stopping = true;
    console.error(`server.mjs: stopping (${why})`);
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  if (onStdinEOF) {
    process.stdin.on('end', () => stop('stdin closed')).resume();
  }
}

async function main() {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'exit-on-stdin-eof': { type: 'boolean' } },
  });
  let handler = (req, res) => { res.writeHead(503).end(); };
  const server = http.createServer((req, res) => handler(req, res));
  stopOn(server, values['exit-on-stdin-eof']);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port(values), HOST, resolve);
  });
  const issuer = `http://${HOST}:${server.address().port}`;
  const keys = signingKeys();
  const root = new Provider(issuer, configuration(keys, { management: true }));
  const tenant = new Provider(issuer + TENANT_PATH, configuration(keys, { management: false }));
  const rootCb = root.callback();
  const tenantCb = mounted(TENANT_PATH, tenant.callback());
  const apiCb = whoami(root);
  const under = (url, prefix) => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`);
  handler = (req, res) => {
    if (under(req.url, TENANT_PATH)) return tenantCb(req, res);
    if (under(req.url, '/api/whoami')) return apiCb(req, res).catch((err) => {
      console.error(err);
      res.writeHead(500).end();
    });
    return rootCb(req, res);
  };
  process.stdout.write(`READY ${issuer}\n`);
}

main().catch((err) => {
  console.error(err.code ? `server.mjs: ${err.message}` : err);
  process.exit(1);
});
