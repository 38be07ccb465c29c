#!/usr/bin/env bash
# Runs the interop suite: oauthlens's flows package against panva's
# oidc-provider (see interop/README.md). Runnable from anywhere; extra
# arguments go to "go test" (e.g. -v, -run 'TestOIDCProvider/JWT').
#
# The npm dependencies are installed from the committed lockfile with
# "npm ci" when interop/node_modules is missing or was installed from a
# different package-lock.json.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

command -v node >/dev/null || { echo "interop: node is not installed (Node.js 20 or later is needed)" >&2; exit 2; }
command -v npm >/dev/null || { echo "interop: npm is not installed" >&2; exit 2; }

stamp="$here/node_modules/.oauthlens-lock.sha256"
want="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$here/node_modules/oidc-provider/package.json" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "interop: npm ci (node $(node --version), npm $(npm --version))" >&2
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
fi

cd "$root"
OAUTHLENS_INTEROP=1 go test -count=1 "$@" ./interop/...
