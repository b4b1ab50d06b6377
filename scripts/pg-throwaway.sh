#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks (Debian's postgresql package).
#   pg-throwaway.sh start DIR PORT   → prints the connection URL
#   pg-throwaway.sh stop DIR
# As root the cluster runs as user postgres (initdb refuses root); otherwise as the current user.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?data folder}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
	echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2
	exit 1
fi
as() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
case "$cmd" in
start)
	port=${3:?port}
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown -R postgres "$dir"
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		as "'$bin/initdb' -D '$dir/data' -U postgres --auth=trust -E UTF8 --no-locale --no-sync" >"$dir/initdb.log" 2>&1
	fi
	as "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null
	echo "postgres://postgres@127.0.0.1:$port/postgres"
	;;
stop)
	[ -f "$dir/data/postmaster.pid" ] && as "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop" >/dev/null 2>&1 || true
	;;
*)
	echo "usage: $0 start DIR PORT | stop DIR" >&2
	exit 2
	;;
esac
