#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on loopback, started as the `postgres` user.
# The cluster lives in a temporary directory and is stopped and removed when the command ends.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "PostgreSQL er ikke installert (kjør scripts/system-packages.sh)." >&2; exit 1; }
port=${PGTEST_PORT:-$(( 55000 + RANDOM % 2000 ))}
dir=$(mktemp -d /tmp/innspill-pg.XXXXXX)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
cleanup() { as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT INT TERM
as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres innspill
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/innspill"
echo "PostgreSQL kjører midlertidig på 127.0.0.1:$port"
"$@"
