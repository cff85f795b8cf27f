# shellcheck shell=bash
# shellcheck disable=SC2154  # EXT_DSN, PG_PORT, RUN_REL, ... are set by scripts/infra.sh
# Postgres 15 for scripts/infra.sh (sourced, not executed): a private cluster in <data>/postgres.
PG_PIDFILE="$GH_RUN/postgres.pid"

pg_bins() {
  PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
  local b
  for b in initdb pg_ctl postgres pg_isready psql createdb; do
    [[ -x "$PG_BIN/$b" ]] || die "Postgres 15 server binaries are not installed ($PG_BIN/$b is missing); install postgresql-15, set PG_BIN to their directory, or set DSN to use an existing Postgres."
  done
  if is_root; then
    id -u postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' system user to own the private cluster; create it (useradd -r postgres) or set DSN to use an existing Postgres."
    command -v runuser >/dev/null 2>&1 || die "running as root needs runuser (util-linux) to run Postgres as user postgres; install util-linux or set DSN."
  fi
}

# Run a Postgres tool as the cluster owner, from a directory it can always enter.
as_pg() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# Decide where the cluster lives: <data>/postgres normally (.data/postgres, or $INFRA_HOME/data/postgres);
# /var/tmp/gatehouse-<hash> when running as root and the postgres user cannot traverse the directories
# above it (e.g. a mktemp dir). The hash covers the checkout and INFRA_HOME, so each instance has its own.
pg_locate() {
  local hash alt key=$GH_ROOT home=$GH_ROOT
  if [[ -n "${INFRA_HOME:-}" ]]; then
    key="$GH_ROOT|$INFRA_HOME"
    home=$INFRA_HOME
  fi
  hash="$(printf '%s' "$key" | sha256sum | cut -c1-12)"
  alt="/var/tmp/gatehouse-$hash"
  PG_ALT_BASE=$alt
  PG_FALLBACK=0
  if [[ -f "$GH_DATA/postgres/PG_VERSION" ]]; then
    PG_FALLBACK=0
  elif [[ -f "$alt/postgres/PG_VERSION" ]]; then
    PG_FALLBACK=1
  elif is_root && ! runuser -u postgres -- test -x "$home" 2>/dev/null; then
    PG_FALLBACK=1
  fi
  if ((PG_FALLBACK)); then
    PG_DATA="$alt/postgres"
    PG_SOCK="$alt/sock"
    PG_LOG="$alt/postgres.log"
  else
    PG_DATA="$GH_DATA/postgres"
    PG_SOCK="$GH_RUN/pgsock"
    PG_LOG="$GH_RUN/postgres.log"
  fi
  # unix socket paths are limited to 107 bytes
  if ((${#PG_SOCK} + 16 > 107)); then
    PG_SOCK="$alt/sock"
  fi
}

pg_running() {
  [[ -f "$PG_DATA/postmaster.pid" ]] || return 1
  as_pg "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "${1:-$PG_PORT}" -U postgres -d postgres -t 2; } # [PORT]

pg_mkdir_owned() { # DIR MODE
  mkdir -p "$1"
  if is_root; then chown postgres:postgres "$1"; fi
  chmod "$2" "$1"
}

pg_up() {
  if [[ -n "$EXT_DSN" ]]; then
    if command -v pg_isready >/dev/null 2>&1; then
      wait_for 15 "" -- pg_isready -q -d "$EXT_DSN" -t 2 ||
        die "DSN is set but its Postgres does not accept connections; start it or unset DSN to use the project's own cluster."
    fi
    info "postgres: using DSN from the environment (nothing started)"
    return 0
  fi
  pg_bins
  pg_locate
  if pg_running; then
    local port
    port="$(sed -n 4p "$PG_DATA/postmaster.pid")"
    [[ "$port" == "$PG_PORT" ]] ||
      die "postgres of this instance already runs on port $port, not $PG_PORT; stop it first (bash scripts/infra.sh stop postgres) or leave PG_PORT unset."
    info "postgres: already running (pid $(head -n1 "$PG_DATA/postmaster.pid"))"
  else
    port_open "$PG_PORT" && port_taken postgres "$PG_PORT"
    if ((PG_FALLBACK)); then
      mkdir -p "$PG_ALT_BASE"
      chmod 755 "$PG_ALT_BASE"
      info "postgres: user postgres cannot traverse the parent directories of $(dirname "$GH_DATA"), so the cluster lives in $PG_ALT_BASE (log linked as $RUN_REL/postgres.log)"
    fi
    mkdir -p "$GH_DATA" "$GH_RUN"
    pg_mkdir_owned "$PG_DATA" 700
    local major
    major="$("$PG_BIN/postgres" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')"
    if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
      # our own directory without a cluster (e.g. an interrupted initdb): start from empty
      find "$PG_DATA" -mindepth 1 -delete
      info "postgres: initdb into $(rel "$PG_DATA")"
      as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --no-locale >"$GH_RUN/postgres-initdb.log" 2>&1 || {
        tail_log "$GH_RUN/postgres-initdb.log"
        die "initdb failed; see $RUN_REL/postgres-initdb.log."
      }
      # a throwaway dev/test cluster: durability off for speed, room for 4 services + parallel tests
      cat >>"$PG_DATA/postgresql.conf" <<'EOF'

# --- added by scripts/infra.sh (dev/test cluster; listen address, port and socket dir come from pg_ctl -o)
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    fi
    local have
    have="$(cat "$PG_DATA/PG_VERSION")"
    [[ "$have" == "$major" ]] ||
      die "the cluster in $(rel "$PG_DATA") was created by Postgres $have but $PG_BIN is Postgres $major; remove $(rel "$PG_DATA") or set PG_BIN to the matching binaries."
    pg_mkdir_owned "$PG_SOCK" 755
    touch "$PG_LOG"
    if is_root; then chown postgres:postgres "$PG_LOG"; fi
    if ((PG_FALLBACK)); then ln -sfn "$PG_LOG" "$GH_RUN/postgres.log"; fi
    info "postgres: starting on 127.0.0.1:$PG_PORT"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k '$PG_SOCK'" start >/dev/null || {
      tail_log "$PG_LOG"
      die "Postgres did not start within 60s; see $(rel "$PG_LOG")."
    }
  fi
  wait_for 30 "" -- pg_ready || {
    tail_log "$PG_LOG"
    die "Postgres on 127.0.0.1:$PG_PORT does not accept connections after 30s; see $(rel "$PG_LOG")."
  }
  head -n1 "$PG_DATA/postmaster.pid" >"$PG_PIDFILE"
  local exists
  exists="$("$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc \
    "select 1 from pg_database where datname = 'gatehouse'")"
  if [[ "$exists" != 1 ]]; then
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres gatehouse
    info "postgres: created database gatehouse"
  fi
}

# Stops this instance's own cluster (pg_ctl -m fast: the data stays) whatever DSN says.
pg_down() {
  [[ -x "${PG_BIN:-/usr/lib/postgresql/15/bin}/pg_ctl" ]] || { info "postgres: not installed, nothing to stop"; return 0; }
  PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
  pg_locate
  if pg_running; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null ||
      die "Postgres (data $(rel "$PG_DATA")) did not stop within 60s; see $(rel "$PG_LOG")."
    info "postgres: stopped"
  else
    info "postgres: not running"
  fi
  rm -f "$PG_PIDFILE"
}

pg_status() {
  if [[ -n "$EXT_DSN" ]]; then
    printf '%-9s %-9s %s\n' postgres external "DSN from the environment"
  fi
  PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
  if [[ ! -x "$PG_BIN/pg_ctl" ]]; then
    [[ -n "$EXT_DSN" ]] || printf '%-9s %-9s %s\n' postgres missing "no binaries in $PG_BIN"
    return 0
  fi
  pg_locate
  if pg_running; then
    local state=running port
    port="$(sed -n 4p "$PG_DATA/postmaster.pid")"
    pg_ready "$port" || state=starting
    printf '%-9s %-9s pid %s, 127.0.0.1:%s, data %s, log %s\n' postgres "$state" \
      "$(head -n1 "$PG_DATA/postmaster.pid")" "$port" "$(rel "$PG_DATA")" "$RUN_REL/postgres.log"
  elif [[ -z "$EXT_DSN" ]]; then
    printf '%-9s %-9s %s\n' postgres stopped "$([[ -f "$PG_DATA/PG_VERSION" ]] && echo "data $(rel "$PG_DATA")" || echo "not initialised")"
  fi
}
