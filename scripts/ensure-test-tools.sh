#!/usr/bin/env bash
# Installs the system tools the test suite drives, when they are missing: Debian's Chromium (browser tests through
# playwright-core; tool-managed browser downloads cannot work offline) and poppler-utils (pdftoppm turns report PDFs
# into images). PostgreSQL 15 server binaries are expected under /usr/lib/postgresql/15/bin (or $CAIRN_PG_BIN).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
pg_bin="${CAIRN_PG_BIN:-/usr/lib/postgresql/15/bin}"
[ -x "$pg_bin/initdb" ] || missing+=(postgresql-15)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "cairn: the tests need ${missing[*]}; install them (apt-get install -y ${missing[*]}) and run again" >&2
  exit 2
fi
echo "cairn: installing ${missing[*]} for the tests (apt-get)…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
