#!/usr/bin/env bash
# Local infrastructure for Gatehouse, all on loopback, no Docker:
#   Postgres 15  127.0.0.1:55432  private cluster in .data/postgres (skipped when DSN is set)
#   Redis 7      127.0.0.1:56379  (skipped when REDIS_URL is set; installed with apt-get when missing and root)
#   Kafka 3.9.1  127.0.0.1:19092  KRaft single node from Maven jars (skipped when KAFKA_BROKERS is set;
#                                 topics are still created there)
# Usage: bash scripts/infra.sh up|down|status
# Pids in .run/<name>.pid, logs in .run/<name>.log, data in .data/<name>/, caches in .cache/.
# `up` writes .run/infra.env (export DSN=... REDIS_URL=... KAFKA_BROKERS=...) for other scripts to source.
set -euo pipefail
GH_TAG=infra
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_PORT=55432
REDIS_PORT=56379
KAFKA_PORT=19092
KAFKA_CTRL_PORT=19093
OWN_DSN="postgres://postgres@127.0.0.1:${PG_PORT}/gatehouse?sslmode=disable"
OWN_REDIS_URL="redis://127.0.0.1:${REDIS_PORT}"
OWN_KAFKA_BROKERS="127.0.0.1:${KAFKA_PORT}"
KAFKA_READY_SECS=90

# A value given by the environment that is not our own default means "use that one, start nothing".
# (Our own value may be in the environment because .run/infra.env was sourced: that is still ours.)
EXT_DSN=""
EXT_REDIS_URL=""
EXT_KAFKA_BROKERS=""
[[ -n "${DSN:-}" && "${DSN}" != "$OWN_DSN" ]] && EXT_DSN=$DSN
[[ -n "${REDIS_URL:-}" && "${REDIS_URL}" != "$OWN_REDIS_URL" ]] && EXT_REDIS_URL=$REDIS_URL
[[ -n "${KAFKA_BROKERS:-}" && "${KAFKA_BROKERS}" != "$OWN_KAFKA_BROKERS" ]] && EXT_KAFKA_BROKERS=$KAFKA_BROKERS

rel() { printf '%s' "${1#"$GH_ROOT"/}"; }

# ------------------------------------------------------------------------------------------ postgres
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

# Decide where the cluster lives: .data/postgres normally; /var/tmp/gatehouse-<hash> when running as
# root and the postgres user cannot traverse the checkout's parent directories (e.g. a mktemp dir).
pg_locate() {
  local hash alt
  hash="$(printf '%s' "$GH_ROOT" | sha256sum | cut -c1-12)"
  alt="/var/tmp/gatehouse-$hash"
  PG_ALT_BASE=$alt
  PG_FALLBACK=0
  if [[ -f "$GH_DATA/postgres/PG_VERSION" ]]; then
    PG_FALLBACK=0
  elif [[ -f "$alt/postgres/PG_VERSION" ]]; then
    PG_FALLBACK=1
  elif is_root && ! runuser -u postgres -- test -x "$GH_ROOT" 2>/dev/null; then
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

pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -t 2; }

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
    info "postgres: already running (pid $(head -n1 "$PG_DATA/postmaster.pid"))"
  else
    port_open "$PG_PORT" &&
      die "port $PG_PORT is in use by another process; stop it or set DSN to an existing Postgres (e.g. DSN=postgres://postgres@127.0.0.1:5432/gatehouse?sslmode=disable)."
    if ((PG_FALLBACK)); then
      mkdir -p "$PG_ALT_BASE"
      chmod 755 "$PG_ALT_BASE"
      info "postgres: user postgres cannot traverse the parent directories of $GH_ROOT, so the cluster lives in $PG_ALT_BASE (log linked as .run/postgres.log)"
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
        die "initdb failed; see .run/postgres-initdb.log."
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

pg_down() {
  # stops our own cluster whatever DSN says: down stops what up started
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
    local state=running
    pg_ready || state=starting
    printf '%-9s %-9s pid %s, 127.0.0.1:%s, data %s, log %s\n' postgres "$state" \
      "$(head -n1 "$PG_DATA/postmaster.pid")" "$PG_PORT" "$(rel "$PG_DATA")" "$(rel "$GH_RUN/postgres.log")"
  elif [[ -z "$EXT_DSN" ]]; then
    printf '%-9s %-9s %s\n' postgres stopped "$([[ -f "$PG_DATA/PG_VERSION" ]] && echo "data $(rel "$PG_DATA")" || echo "not initialised")"
  fi
}

# ------------------------------------------------------------------------------------------ redis
REDIS_PIDFILE="$GH_RUN/redis.pid"
REDIS_LOG="$GH_RUN/redis.log"

# shellcheck disable=SC2016
redis_ping() { # HOST PORT
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "PING\r\n" >&3
    IFS= read -r l <&3 && [[ "$l" == "+PONG"* ]]' "$1" "$2" 2>/dev/null
}

redis_ours() { pidfile_alive "$REDIS_PIDFILE" redis-server; }
redis_ready() { redis_ours && redis_ping 127.0.0.1 "$REDIS_PORT"; }

redis_up() {
  if [[ -n "$EXT_REDIS_URL" ]]; then
    local hp host port
    hp=${EXT_REDIS_URL#*://}
    hp=${hp##*@}
    hp=${hp%%/*}
    host=${hp%:*}
    port=${hp##*:}
    [[ "$port" =~ ^[0-9]+$ ]] || port=6379
    wait_for 10 "" -- port_open "$port" "$host" ||
      die "REDIS_URL is set but nothing accepts connections at $host:$port; start that Redis or unset REDIS_URL to use the project's own one."
    info "redis: using REDIS_URL from the environment (nothing started)"
    return 0
  fi
  if redis_ours; then
    wait_for 30 "" -- redis_ready || die "Redis (pid $(pid_from_file "$REDIS_PIDFILE")) does not answer PING on 127.0.0.1:$REDIS_PORT; run 'bash scripts/infra.sh down' and retry."
    info "redis: already running (pid $(pid_from_file "$REDIS_PIDFILE"))"
    return 0
  fi
  port_open "$REDIS_PORT" &&
    die "port $REDIS_PORT is in use by another process; stop it or set REDIS_URL to an existing Redis (e.g. REDIS_URL=redis://127.0.0.1:6379)."
  if ! command -v redis-server >/dev/null 2>&1; then
    is_root || die "redis-server is not installed and installing it needs root; run 'sudo apt-get install -y redis-server' or set REDIS_URL to an existing Redis."
    command -v apt-get >/dev/null 2>&1 || die "redis-server is not installed and apt-get is not available; install Redis 7 or set REDIS_URL to an existing Redis."
    info "redis: installing redis-server with apt-get (log .run/apt.log)"
    mkdir -p "$GH_RUN"
    {
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server ||
        { DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server; }
    } >>"$GH_RUN/apt.log" 2>&1 </dev/null || {
      tail_log "$GH_RUN/apt.log" 20
      die "apt-get could not install redis-server; see .run/apt.log, or set REDIS_URL to an existing Redis."
    }
    command -v redis-server >/dev/null 2>&1 || die "redis-server is still not on PATH after apt-get install; set REDIS_URL to an existing Redis."
  fi
  local ver
  ver="$(redis-server --version | sed -nE 's/.*v=([0-9]+)\..*/\1/p')"
  if [[ -n "$ver" ]] && ((ver < 7)); then warn "redis-server major version $ver is older than the 7 the project targets"; fi
  mkdir -p "$GH_DATA/redis" "$GH_RUN"
  rm -f "$REDIS_PIDFILE"
  [[ -f "$REDIS_LOG" ]] && mv -f "$REDIS_LOG" "$REDIS_LOG.1"
  info "redis: starting on 127.0.0.1:$REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$GH_DATA/redis" --pidfile "$REDIS_PIDFILE" --logfile "$REDIS_LOG" </dev/null >/dev/null ||
    { tail_log "$REDIS_LOG"; die "redis-server failed to start; see .run/redis.log."; }
  wait_for 30 "" -- redis_ready || {
    tail_log "$REDIS_LOG"
    die "Redis did not answer PING on 127.0.0.1:$REDIS_PORT within 30s; see .run/redis.log."
  }
}

redis_down() { stop_pid redis "$REDIS_PIDFILE" redis-server 30; }

redis_status() {
  if [[ -n "$EXT_REDIS_URL" ]]; then
    printf '%-9s %-9s %s\n' redis external "REDIS_URL from the environment"
  fi
  if redis_ours; then
    local state=running
    redis_ping 127.0.0.1 "$REDIS_PORT" || state=starting
    printf '%-9s %-9s pid %s, 127.0.0.1:%s, log .run/redis.log\n' redis "$state" "$(pid_from_file "$REDIS_PIDFILE")" "$REDIS_PORT"
  elif [[ -z "$EXT_REDIS_URL" ]]; then
    printf '%-9s %-9s\n' redis stopped
  fi
}

# ------------------------------------------------------------------------------------------ kafka
KAFKA_DEV="$GH_ROOT/deploy/kafka-dev"
KAFKA_LIBS="$GH_CACHE/kafka/libs"
KAFKA_DATA="$GH_DATA/kafka"
KAFKA_PROPS="$GH_RUN/kafka.properties"
KAFKA_PIDFILE="$GH_RUN/kafka.pid"
KAFKA_LOG="$GH_RUN/kafka.log"
KAFKA_STARTED_AT=""

kafka_ours() { pidfile_alive "$KAFKA_PIDFILE" "$KAFKA_PROPS"; }

kafka_java() {
  command -v java >/dev/null 2>&1 ||
    die "java is not installed (the Kafka broker needs Java 17); install a JDK (apt-get install -y openjdk-17-jre-headless) or set KAFKA_BROKERS to an existing broker."
  local v
  v="$(java -version 2>&1 | sed -nE '1s/.*version "([0-9]+)(\.[0-9]+)?.*/\1/p')"
  [[ "$v" == 1 ]] && v=8
  if [[ -n "$v" ]] && ((v < 11)); then
    die "java $v is too old for Kafka 3.9 (needs 11+, 17 recommended); install openjdk-17 or set KAFKA_BROKERS to an existing broker."
  fi
}

kafka_jars() {
  local stamp
  stamp="$(sha256sum "$KAFKA_DEV/pom.xml" | cut -c1-16)"
  if [[ -f "$KAFKA_LIBS/.resolved" && "$(cat "$KAFKA_LIBS/.resolved")" == "$stamp" ]] &&
    compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 ||
    die "mvn (Maven) is not installed and the Kafka jars are not cached in .cache/kafka/libs; install Maven (apt-get install -y maven) or set KAFKA_BROKERS to an existing broker."
  info "kafka: resolving the Kafka 3.9.1 jars with Maven into .cache/kafka/libs (log .run/kafka-mvn.log)"
  mkdir -p "$GH_CACHE/kafka" "$GH_RUN"
  local tmp="$GH_CACHE/kafka/libs.tmp.$$"
  rm -rf "$tmp"
  mvn -q -B -f "$KAFKA_DEV/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$tmp" >"$GH_RUN/kafka-mvn.log" 2>&1 </dev/null || {
    rm -rf "$tmp"
    tail_log "$GH_RUN/kafka-mvn.log" 20
    die "Maven could not resolve the Kafka 3.9.1 jars (see .run/kafka-mvn.log); Maven Central must be reachable, or set KAFKA_BROKERS to an existing broker."
  }
  compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null || die "Maven finished but no kafka_2.13 jar was copied into .cache/kafka; see .run/kafka-mvn.log."
  printf '%s\n' "$stamp" >"$tmp/.resolved"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  info "kafka: $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars cached"
}

kafka_render_props() {
  local tpl="$KAFKA_DEV/server.properties" line found=0
  [[ -f "$tpl" ]] || die "the Kafka template $tpl is missing; restore deploy/kafka-dev/server.properties from git."
  mkdir -p "$GH_RUN"
  while IFS= read -r line || [[ -n "$line" ]]; do
    if [[ "$line" == log.dirs=* ]]; then
      line="log.dirs=$KAFKA_DATA"
      found=1
    fi
    printf '%s\n' "$line"
  done <"$tpl" >"$KAFKA_PROPS.tmp"
  ((found)) || die "deploy/kafka-dev/server.properties has no log.dirs= line to point at .data/kafka; add one."
  mv -f "$KAFKA_PROPS.tmp" "$KAFKA_PROPS"
}

# Starts the broker (when needed) without waiting for it; kafka_wait does the bounded readiness check.
kafka_start() {
  [[ -n "$EXT_KAFKA_BROKERS" ]] && return 0
  if kafka_ours; then
    info "kafka: already running (pid $(pid_from_file "$KAFKA_PIDFILE"))"
    return 0
  fi
  local p
  for p in "$KAFKA_PORT" "$KAFKA_CTRL_PORT"; do
    port_open "$p" &&
      die "port $p is in use by another process; stop it or set KAFKA_BROKERS to an existing Kafka broker (e.g. KAFKA_BROKERS=127.0.0.1:9092)."
  done
  kafka_java
  kafka_jars
  kafka_render_props
  local cp="$KAFKA_LIBS/*" log4j="-Dlog4j.configuration=file:$KAFKA_DEV/log4j.properties"
  mkdir -p "$KAFKA_DATA"
  if [[ ! -f "$KAFKA_DATA/meta.properties" ]]; then
    # first start only: our own (empty or half-formatted) directory, format it
    find "$KAFKA_DATA" -mindepth 1 -delete
    local cluster_id
    cluster_id="$(java "$log4j" -cp "$cp" kafka.tools.StorageTool random-uuid 2>>"$GH_RUN/kafka-format.log" | tail -n1)"
    [[ "$cluster_id" =~ ^[A-Za-z0-9_-]{22}$ ]] || {
      tail_log "$GH_RUN/kafka-format.log" 20
      die "kafka.tools.StorageTool random-uuid did not print a cluster id; see .run/kafka-format.log."
    }
    info "kafka: formatting storage in $(rel "$KAFKA_DATA") (cluster id $cluster_id)"
    java "$log4j" -cp "$cp" kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$KAFKA_PROPS" \
      >>"$GH_RUN/kafka-format.log" 2>&1 </dev/null || {
      tail_log "$GH_RUN/kafka-format.log" 20
      die "formatting the Kafka storage failed; see .run/kafka-format.log."
    }
  fi
  info "kafka: starting on 127.0.0.1:$KAFKA_PORT (controller 127.0.0.1:$KAFKA_CTRL_PORT)"
  KAFKA_STARTED_AT=$SECONDS
  spawn_bg "$KAFKA_PIDFILE" "$KAFKA_LOG" nohup java -Xms256m -Xmx768m -XX:+UseSerialGC \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true "$log4j" \
    -cp "$cp" kafka.Kafka "$KAFKA_PROPS"
}

kafka_wait_and_topics() {
  local script="$GH_ROOT/scripts/create-topics.mjs"
  if [[ -n "$EXT_KAFKA_BROKERS" ]]; then
    info "kafka: using KAFKA_BROKERS=$EXT_KAFKA_BROKERS from the environment (no broker started)"
    KAFKA_BROKERS=$EXT_KAFKA_BROKERS node "$script" --wait 30 || die "could not create the topics on KAFKA_BROKERS=$EXT_KAFKA_BROKERS; see the message above."
    return 0
  fi
  local t0=${KAFKA_STARTED_AT:-$SECONDS}
  [[ -n "$t0" ]] || t0=$SECONDS
  local rc=0
  wait_for "$KAFKA_READY_SECS" "$KAFKA_PIDFILE:$KAFKA_PROPS" -- port_open "$KAFKA_PORT" || rc=$?
  if ((rc == 2)); then
    tail_log "$KAFKA_LOG"
    die "the Kafka broker exited during startup; see .run/kafka.log."
  elif ((rc != 0)); then
    tail_log "$KAFKA_LOG"
    die "the Kafka broker did not open 127.0.0.1:$KAFKA_PORT within ${KAFKA_READY_SECS}s; see .run/kafka.log."
  fi
  local left=$((KAFKA_READY_SECS - (SECONDS - t0)))
  ((left < 15)) && left=15
  KAFKA_BROKERS=$OWN_KAFKA_BROKERS node "$script" --wait "$left" || {
    tail_log "$KAFKA_LOG"
    die "the Kafka broker on 127.0.0.1:$KAFKA_PORT is not ready or the topics could not be created; see .run/kafka.log."
  }
  if [[ -n "$KAFKA_STARTED_AT" ]]; then
    info "kafka: ready $((SECONDS - KAFKA_STARTED_AT))s after start"
  fi
}

kafka_down() { stop_pid kafka "$KAFKA_PIDFILE" "$KAFKA_PROPS" 60; }

kafka_status() {
  if [[ -n "$EXT_KAFKA_BROKERS" ]]; then
    printf '%-9s %-9s %s\n' kafka external "KAFKA_BROKERS=$EXT_KAFKA_BROKERS from the environment"
  fi
  if kafka_ours; then
    local state=running
    port_open "$KAFKA_PORT" || state=starting
    printf '%-9s %-9s pid %s, 127.0.0.1:%s (controller :%s), data %s, log .run/kafka.log\n' kafka "$state" \
      "$(pid_from_file "$KAFKA_PIDFILE")" "$KAFKA_PORT" "$KAFKA_CTRL_PORT" "$(rel "$KAFKA_DATA")"
  elif [[ -z "$EXT_KAFKA_BROKERS" ]]; then
    printf '%-9s %-9s %s\n' kafka stopped "$([[ -f "$KAFKA_DATA/meta.properties" ]] && echo "storage formatted in $(rel "$KAFKA_DATA")" || echo "storage not formatted")"
  fi
}

# ------------------------------------------------------------------------------------------ commands
sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

write_env() {
  local dsn=${EXT_DSN:-$OWN_DSN} redis=${EXT_REDIS_URL:-$OWN_REDIS_URL} brokers=${EXT_KAFKA_BROKERS:-$OWN_KAFKA_BROKERS}
  {
    printf '# written by scripts/infra.sh up; use it with: source .run/infra.env\n'
    printf 'export DSN=%s REDIS_URL=%s KAFKA_BROKERS=%s\n' "$(sq "$dsn")" "$(sq "$redis")" "$(sq "$brokers")"
  } >"$GH_RUN/infra.env.tmp"
  mv -f "$GH_RUN/infra.env.tmp" "$GH_RUN/infra.env"
  INFRA_DSN=$dsn INFRA_REDIS=$redis INFRA_BROKERS=$brokers
}

# Refuse early (before starting anything) when a port we need belongs to somebody else.
preflight() {
  if [[ -z "$EXT_DSN" ]]; then
    pg_bins
    pg_locate
    if ! pg_running && port_open "$PG_PORT"; then
      die "port $PG_PORT is in use by another process; stop it or set DSN to an existing Postgres (e.g. DSN=postgres://postgres@127.0.0.1:5432/gatehouse?sslmode=disable)."
    fi
  fi
  if [[ -z "$EXT_REDIS_URL" ]] && ! redis_ours && port_open "$REDIS_PORT"; then
    die "port $REDIS_PORT is in use by another process; stop it or set REDIS_URL to an existing Redis (e.g. REDIS_URL=redis://127.0.0.1:6379)."
  fi
  if [[ -z "$EXT_KAFKA_BROKERS" ]] && ! kafka_ours; then
    local p
    for p in "$KAFKA_PORT" "$KAFKA_CTRL_PORT"; do
      if port_open "$p"; then
        die "port $p is in use by another process; stop it or set KAFKA_BROKERS to an existing Kafka broker (e.g. KAFKA_BROKERS=127.0.0.1:9092)."
      fi
    done
  fi
}

cmd_up() {
  mkdir -p "$GH_RUN" "$GH_DATA" "$GH_CACHE"
  [[ -f "$GH_ROOT/node_modules/kafkajs/package.json" ]] ||
    die "kafkajs is not installed (node_modules/kafkajs is missing), and the Kafka readiness check and topic creation need it; run npm ci first."
  preflight
  local t0=$SECONDS
  # Kafka is the slowest: launch it first, bring up Postgres and Redis while it boots, then wait for it.
  kafka_start
  pg_up
  redis_up
  kafka_wait_and_topics
  write_env
  printf '\ninfra: up in %ss\n' "$((SECONDS - t0))"
  printf '  %-9s %-22s %s\n' Postgres "$([[ -n "$EXT_DSN" ]] && echo external || echo "127.0.0.1:$PG_PORT")" "DSN=$INFRA_DSN"
  printf '  %-9s %-22s %s\n' Redis "$([[ -n "$EXT_REDIS_URL" ]] && echo external || echo "127.0.0.1:$REDIS_PORT")" "REDIS_URL=$INFRA_REDIS"
  printf '  %-9s %-22s %s\n' Kafka "$([[ -n "$EXT_KAFKA_BROKERS" ]] && echo external || echo "127.0.0.1:$KAFKA_PORT")" "KAFKA_BROKERS=$INFRA_BROKERS"
  printf '  %-9s %-22s %s\n' env .run/infra.env "source .run/infra.env"
  printf '  %-9s %-22s %s\n' logs ".run/*.log" "pids in .run/*.pid, data in .data/"
}

cmd_down() {
  kafka_down
  redis_down
  pg_down
}

cmd_status() {
  printf '%-9s %-9s %s\n' SERVICE STATE DETAILS
  pg_status
  redis_status
  kafka_status
  if [[ -f "$GH_RUN/infra.env" ]]; then
    printf '%-9s %-9s %s\n' env "" "$(rel "$GH_RUN/infra.env")"
  fi
}

usage() { printf 'usage: bash scripts/infra.sh up|down|status\n' >&2; }

case "${1:-}" in
  up | down)
    run_locked infra "$0" "$@"
    "cmd_$1"
    ;;
  status) cmd_status ;;
  -h | --help | help) usage ;;
  *)
    usage
    exit 2
    ;;
esac
