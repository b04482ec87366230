#!/usr/bin/env bash
# Private PostgreSQL for Sibyl: finds (or, as root on Debian, installs) the server binaries, then
# initialises and starts a cluster under a data directory of our own, on a free loopback port.
# Sourced by bin/sibyl-server and bin/sibyl-test; prints nothing on stdout except where asked.

sibyl_pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" && return 0
  return 1
}

sibyl_pg_ensure_binaries() {
  if sibyl_pg_bindir >/dev/null; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "sibyl: installing PostgreSQL (apt-get install postgresql)..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || return 1
    sibyl_pg_bindir >/dev/null && return 0
  fi
  echo "sibyl: PostgreSQL server binaries not found; install PostgreSQL (Debian: apt-get install postgresql) or set SIBYL_DB_URL" >&2
  return 1
}

sibyl_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# The user that runs PostgreSQL: ourselves, or an unprivileged account when we are root
# (PostgreSQL refuses to run as root).
sibyl_pg_user() {
  if [ "$(id -u)" != 0 ]; then id -un; return; fi
  if id postgres >/dev/null 2>&1; then echo postgres; return; fi
  if ! id sibyl >/dev/null 2>&1; then useradd --system --no-create-home --shell /usr/sbin/nologin sibyl; fi
  echo sibyl
}

sibyl_pg_as() {
  local user="$1"; shift
  if [ "$(id -un)" = "$user" ]; then "$@"; else runuser -u "$user" -- "$@"; fi
}

# sibyl_pg_start DATA_DIR -> starts (initialising if needed) a cluster in DATA_DIR, echoes its port.
sibyl_pg_start() {
  local data="$1" bindir user port
  bindir=$(sibyl_pg_bindir) || return 1
  user=$(sibyl_pg_user)
  mkdir -p "$data"
  chown "$user" "$data" 2>/dev/null || true
  chmod 700 "$data"
  if [ ! -f "$data/PG_VERSION" ]; then
    sibyl_pg_as "$user" "$bindir/initdb" -D "$data/db" -U postgres --auth=trust -E UTF8 >"$data/initdb.log" 2>&1 \
      || { echo "sibyl: initdb failed, see $data/initdb.log" >&2; return 1; }
    touch "$data/PG_VERSION"
  fi
  if sibyl_pg_as "$user" "$bindir/pg_ctl" -D "$data/db" status >/dev/null 2>&1; then
    cat "$data/port"
    return 0
  fi
  port=$(cat "$data/port" 2>/dev/null || true)
  if [ -z "$port" ] || ! python3 -c "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1',$port))" 2>/dev/null; then
    port=$(sibyl_free_port)
  fi
  echo "$port" >"$data/port"
  sibyl_pg_as "$user" "$bindir/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data" start >/dev/null \
    || { echo "sibyl: PostgreSQL did not start, see $data/server.log" >&2; return 1; }
  echo "$port"
}

sibyl_pg_stop() {
  local data="$1" bindir user
  bindir=$(sibyl_pg_bindir) || return 0
  user=$(sibyl_pg_user)
  sibyl_pg_as "$user" "$bindir/pg_ctl" -D "$data/db" -m fast -w stop >/dev/null 2>&1 || true
}

# Where a private cluster's files live for a given Sibyl home. As root they go under /var/lib/sibyl,
# because the unprivileged PostgreSQL user cannot enter root's home directory.
sibyl_pg_dir() {
  local home="$1"
  if [ "$(id -u)" = 0 ]; then
    echo "/var/lib/sibyl/pg-$(printf '%s' "$home" | sha1sum | cut -c1-12)"
  else
    echo "$home/postgres"
  fi
}

sibyl_pg_answers() { # host port
  python3 -c "import socket,sys; s=socket.create_connection(('$1',$2),1); s.close()" 2>/dev/null
}

sibyl_psql() { # port sql...
  local port="$1"; shift
  local bindir; bindir=$(sibyl_pg_bindir)
  "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}
