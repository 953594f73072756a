#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the server's test suite and prints its
# TEST_DATABASE_URL on stdout (everything else goes to stderr). Idempotent:
# re-running reuses the installed server, the running cluster, the role and the
# database. Listens on 127.0.0.1 only.
#
#   export TEST_DATABASE_URL="$(server/scripts/start-test-postgres.sh)"
set -euo pipefail

DB_NAME="${SEAMLINE_TEST_DB:-seamline_test}"
DB_USER="${SEAMLINE_TEST_USER:-seamline}"
DB_PASS="${SEAMLINE_TEST_PASSWORD:-seamline}"
PORT="${SEAMLINE_TEST_PG_PORT:-5432}"

log() { echo "start-test-postgres: $*" >&2; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    sudo -n -u postgres "$@"
  fi
}

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then log "postgresql is not installed and this is not root"; exit 1; fi
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  # Another process may hold the dpkg lock (e.g. a parallel install); wait for it.
  for _ in $(seq 1 60); do
    if apt-get install -y -q postgresql >&2; then break; fi
    apt-get update -q >&2 || true
    sleep 5
  done
fi
command -v pg_lsclusters >/dev/null 2>&1 || { log "postgresql did not install"; exit 1; }

# Pick the newest installed major version; create its cluster if there is none.
VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
CLUSTER=main
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
  log "creating cluster $VERSION/$CLUSTER"
  pg_createcluster "$VERSION" "$CLUSTER" -p "$PORT" >&2
fi

CONF_DIR="/etc/postgresql/$VERSION/$CLUSTER"
# Loopback only, whatever the packaged default says.
CHANGED=0
if ! grep -q "^listen_addresses = '127.0.0.1'" "$CONF_DIR/postgresql.conf"; then
  echo "listen_addresses = '127.0.0.1'" >> "$CONF_DIR/postgresql.conf"
  CHANGED=1
fi
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')"

STATUS="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}')"
if [ "$STATUS" != online ]; then
  log "starting cluster $VERSION/$CLUSTER on 127.0.0.1:$PORT"
  pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
elif [ "$CHANGED" = 1 ]; then
  log "restarting cluster $VERSION/$CLUSTER to listen on 127.0.0.1 only"
  pg_ctlcluster "$VERSION" "$CLUSTER" restart >&2
fi

for _ in $(seq 1 30); do
  if as_postgres psql -p "$PORT" -h /var/run/postgresql -qAtc 'select 1' >/dev/null 2>&1; then break; fi
  sleep 1
done

as_postgres psql -p "$PORT" -h /var/run/postgresql -v ON_ERROR_STOP=1 -qAt >&2 <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE "$DB_USER" LOGIN PASSWORD '$DB_PASS';
  ELSE
    ALTER ROLE "$DB_USER" LOGIN PASSWORD '$DB_PASS';
  END IF;
END
\$\$;
SQL
if ! as_postgres psql -p "$PORT" -h /var/run/postgresql -qAtc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
  as_postgres createdb -p "$PORT" -h /var/run/postgresql -O "$DB_USER" "$DB_NAME" >&2
fi

echo "postgres://$DB_USER:$DB_PASS@127.0.0.1:$PORT/$DB_NAME"
