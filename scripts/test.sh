#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh machine (Xvfb and Mesa's
# software Vulkan driver for the desktop app's end-to-end test; PostgreSQL for the register's;
# pdftotext from poppler-utils to read the certificates' PDF text),
# starts a PostgreSQL server when none is running (and stops it again afterwards), then runs
# every test.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
for pkg in mesa-vulkan-drivers libvulkan1 libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ -z "${CAILIANG_TEST_POSTGRES:-}" ]; then
  command -v pg_lsclusters >/dev/null 2>&1 || need+=(postgresql)
fi
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "installing: ${need[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "please install: ${need[*]} (the end-to-end tests need them)" >&2
    exit 1
  fi
fi

# A real PostgreSQL server for the register's tests (never a mock). CAILIANG_TEST_POSTGRES set by
# the caller is used as it is; else the machine's first cluster is started if it is down, a test
# role is created, and the cluster is stopped again when the tests end.
if [ -z "${CAILIANG_TEST_POSTGRES:-}" ]; then
  as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
  read -r pg_version pg_cluster pg_port pg_status _ < <(pg_lsclusters --no-header | head -1) || true
  if [ -z "${pg_version:-}" ]; then
    echo "PostgreSQL is installed but has no cluster; create one (pg_createcluster) or set CAILIANG_TEST_POSTGRES" >&2
    exit 1
  fi
  if [ "$pg_status" != "online" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO pg_ctlcluster "$pg_version" "$pg_cluster" start
    trap '$SUDO pg_ctlcluster "$pg_version" "$pg_cluster" stop || true' EXIT
  fi
  as_postgres psql -p "$pg_port" -qtc "SELECT 1 FROM pg_roles WHERE rolname = 'cailiang_test'" | grep -q 1 \
    || as_postgres psql -p "$pg_port" -qc "CREATE ROLE cailiang_test LOGIN SUPERUSER PASSWORD 'cailiang_test'"
  export CAILIANG_TEST_POSTGRES="postgres://cailiang_test:cailiang_test@127.0.0.1:$pg_port/postgres"
fi

cargo test "$@"
