# shellcheck shell=bash
# shellcheck disable=SC2154  # EXT_REDIS_URL, REDIS_PORT, RUN_REL, ... are set by scripts/infra.sh
# Redis 7 for scripts/infra.sh (sourced, not executed): append-only file in <data>/redis, so that a
# stop/start (SIGTERM: Redis flushes the AOF before it exits) keeps what was queued.
REDIS_PIDFILE="$GH_RUN/redis.pid"
REDIS_LOG="$GH_RUN/redis.log"
REDIS_DIR="$GH_DATA/redis"

# shellcheck disable=SC2016
redis_ping() { # HOST PORT
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "PING\r\n" >&3
    IFS= read -r l <&3 && [[ "$l" == "+PONG"* ]]' "$1" "$2" 2>/dev/null
}

redis_ours() { pidfile_alive "$REDIS_PIDFILE" redis-server; }
redis_ready() { redis_ours && redis_ping 127.0.0.1 "$REDIS_PORT"; }
# the port our running redis-server listens on (its process title is "redis-server 127.0.0.1:PORT")
redis_running_port() {
  tr '\0' ' ' <"/proc/$(pid_from_file "$REDIS_PIDFILE")/cmdline" 2>/dev/null | sed -nE 's/^redis-server [^ ]*:([0-9]+).*/\1/p'
}

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
    local port
    port="$(redis_running_port)"
    [[ -z "$port" || "$port" == "$REDIS_PORT" ]] ||
      die "redis of this instance already runs on port $port, not $REDIS_PORT; stop it first (bash scripts/infra.sh stop redis) or leave REDIS_PORT unset."
    wait_for 30 "" -- redis_ready || die "Redis (pid $(pid_from_file "$REDIS_PIDFILE")) does not answer PING on 127.0.0.1:$REDIS_PORT; run 'bash scripts/infra.sh stop redis' and retry."
    info "redis: already running (pid $(pid_from_file "$REDIS_PIDFILE"))"
    return 0
  fi
  port_open "$REDIS_PORT" && port_taken redis "$REDIS_PORT"
  if ! command -v redis-server >/dev/null 2>&1; then
    is_root || die "redis-server is not installed and installing it needs root; run 'sudo apt-get install -y redis-server' or set REDIS_URL to an existing Redis."
    command -v apt-get >/dev/null 2>&1 || die "redis-server is not installed and apt-get is not available; install Redis 7 or set REDIS_URL to an existing Redis."
    info "redis: installing redis-server with apt-get (log $RUN_REL/apt.log)"
    mkdir -p "$GH_RUN"
    {
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server ||
        { DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server; }
    } >>"$GH_RUN/apt.log" 2>&1 </dev/null || {
      tail_log "$GH_RUN/apt.log" 20
      die "apt-get could not install redis-server; see $RUN_REL/apt.log, or set REDIS_URL to an existing Redis."
    }
    command -v redis-server >/dev/null 2>&1 || die "redis-server is still not on PATH after apt-get install; set REDIS_URL to an existing Redis."
  fi
  local ver
  ver="$(redis-server --version | sed -nE 's/.*v=([0-9]+)\..*/\1/p')"
  if [[ -n "$ver" ]] && ((ver < 7)); then warn "redis-server major version $ver is older than the 7 the project targets"; fi
  mkdir -p "$REDIS_DIR" "$GH_RUN"
  rm -f "$REDIS_PIDFILE"
  [[ -f "$REDIS_LOG" ]] && mv -f "$REDIS_LOG" "$REDIS_LOG.1"
  info "redis: starting on 127.0.0.1:$REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" \
    --appendonly yes --appendfsync everysec --dir "$REDIS_DIR" \
    --pidfile "$REDIS_PIDFILE" --logfile "$REDIS_LOG" </dev/null >/dev/null ||
    { tail_log "$REDIS_LOG"; die "redis-server failed to start; see $RUN_REL/redis.log."; }
  # PING answers -LOADING (not +PONG) while the append-only file is replayed
  wait_for 30 "" -- redis_ready || {
    tail_log "$REDIS_LOG"
    die "Redis did not answer PING on 127.0.0.1:$REDIS_PORT within 30s; see $RUN_REL/redis.log."
  }
}

# SIGTERM: Redis fsyncs the append-only file, removes its pid file and exits (bounded wait, then SIGKILL).
redis_down() { stop_pid redis "$REDIS_PIDFILE" redis-server 30; }

redis_status() {
  if [[ -n "$EXT_REDIS_URL" ]]; then
    printf '%-9s %-9s %s\n' redis external "REDIS_URL from the environment"
  fi
  if redis_ours; then
    local state=running port
    port="$(redis_running_port)"
    port=${port:-$REDIS_PORT}
    redis_ping 127.0.0.1 "$port" || state=starting
    printf '%-9s %-9s pid %s, 127.0.0.1:%s, data %s, log %s\n' redis "$state" "$(pid_from_file "$REDIS_PIDFILE")" \
      "$port" "$(rel "$REDIS_DIR")" "$RUN_REL/redis.log"
  elif [[ -z "$EXT_REDIS_URL" ]]; then
    printf '%-9s %-9s %s\n' redis stopped "$([[ -d "$REDIS_DIR/appendonlydir" ]] && echo "data $(rel "$REDIS_DIR")" || echo "no data yet")"
  fi
}
