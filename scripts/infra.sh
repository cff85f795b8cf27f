#!/usr/bin/env bash
# Local infrastructure for Gatehouse, all on loopback, no Docker:
#   Postgres 15  127.0.0.1:55432  private cluster in .data/postgres (skipped when DSN is set)
#   Redis 7      127.0.0.1:56379  append-only file in .data/redis (skipped when REDIS_URL is set;
#                                 installed with apt-get when missing and root)
#   Kafka 3.9.1  127.0.0.1:19092  KRaft single node from Maven jars, controller :19093 (skipped when
#                                 KAFKA_BROKERS is set; topics are still created there)
# Usage: bash scripts/infra.sh up|down|status
#        bash scripts/infra.sh stop|start postgres|redis|kafka
#   up/down start/stop all three; stop/start one service, keeping its data (start waits until it is
#   ready, as up does). All of them are idempotent.
# Pids in .run/<name>.pid, logs in .run/<name>.log, data in .data/<name>/, caches in .cache/.
# `up` and `start` write .run/infra.env (export DSN=... REDIS_URL=... KAFKA_BROKERS=...) for other
# scripts to source, and .run/infra.ports (the ports this instance runs on).
# A private instance, side by side with the shared one: INFRA_HOME=DIR puts run files in DIR/run and
# data in DIR/data (caches stay in .cache/), ignores DSN/REDIS_URL/KAFKA_BROKERS and always runs its
# own three services; give it free ports with PG_PORT, REDIS_PORT, KAFKA_PORT, KAFKA_CTRL_PORT
# (remembered in DIR/run/infra.ports for later commands). Example:
#   INFRA_HOME=/tmp/gh-2 PG_PORT=55442 REDIS_PORT=56389 KAFKA_PORT=19102 KAFKA_CTRL_PORT=19103 \
#     bash scripts/infra.sh up
set -euo pipefail
GH_TAG=infra
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rel() { printf '%s' "${1#"$GH_ROOT"/}"; }
RUN_REL="$(rel "$GH_RUN")"
PORTS_FILE="$GH_RUN/infra.ports"
PORT_VARS=(PG_PORT REDIS_PORT KAFKA_PORT KAFKA_CTRL_PORT)
declare -A PORT_DEFAULT=([PG_PORT]=55432 [REDIS_PORT]=56379 [KAFKA_PORT]=19092 [KAFKA_CTRL_PORT]=19093)
declare -A PORT_SERVICE=([PG_PORT]=postgres [REDIS_PORT]=redis [KAFKA_PORT]=kafka [KAFKA_CTRL_PORT]=kafka)

# resolve_ports [SERVICE|all]: the ports of the services being started (all for up, one for start)
# come from the environment, else from infra.ports (what this instance last ran with), else the
# defaults; for the others (and for down/stop/status) infra.ports wins over the environment.
resolve_ports() {
  local starting=${1:-} var val rec
  declare -A recorded=()
  if [[ -r "$PORTS_FILE" ]]; then
    while IFS='=' read -r var val; do
      [[ -n "${PORT_SERVICE[$var]:-}" && "$val" =~ ^[0-9]+$ ]] && recorded[$var]=$val
    done <"$PORTS_FILE"
  fi
  for var in "${PORT_VARS[@]}"; do
    rec=${recorded[$var]:-}
    if [[ "$starting" == all || "$starting" == "${PORT_SERVICE[$var]}" ]]; then
      val=${!var:-${rec:-${PORT_DEFAULT[$var]}}}
    else
      val=${rec:-${!var:-${PORT_DEFAULT[$var]}}}
    fi
    if ! [[ "$val" =~ ^[0-9]{1,5}$ ]] || ((10#$val < 1 || 10#$val > 65535)); then
      die "$var must be a TCP port number (1-65535), got '$val'."
    fi
    val=$((10#$val))
    printf -v "$var" '%s' "$val"
  done
  [[ -z "$(printf '%s\n' "$PG_PORT" "$REDIS_PORT" "$KAFKA_PORT" "$KAFKA_CTRL_PORT" | sort | uniq -d)" ]] ||
    die "PG_PORT, REDIS_PORT, KAFKA_PORT and KAFKA_CTRL_PORT must be four different ports (got $PG_PORT, $REDIS_PORT, $KAFKA_PORT, $KAFKA_CTRL_PORT)."
  OWN_DSN="postgres://postgres@127.0.0.1:${PG_PORT}/gatehouse?sslmode=disable"
  OWN_REDIS_URL="redis://127.0.0.1:${REDIS_PORT}"
  OWN_KAFKA_BROKERS="127.0.0.1:${KAFKA_PORT}"
  # A value given by the environment that is not our own default means "use that one, start nothing".
  # (Our own value may be in the environment because .run/infra.env was sourced: that is still ours.)
  # A private instance (INFRA_HOME) always runs its own three: the environment may hold the shared
  # instance's values.
  EXT_DSN="" EXT_REDIS_URL="" EXT_KAFKA_BROKERS=""
  if [[ -z "${INFRA_HOME:-}" ]]; then
    [[ -n "${DSN:-}" && "${DSN}" != "$OWN_DSN" ]] && EXT_DSN=$DSN
    [[ -n "${REDIS_URL:-}" && "${REDIS_URL}" != "$OWN_REDIS_URL" ]] && EXT_REDIS_URL=$REDIS_URL
    [[ -n "${KAFKA_BROKERS:-}" && "${KAFKA_BROKERS}" != "$OWN_KAFKA_BROKERS" ]] && EXT_KAFKA_BROKERS=$KAFKA_BROKERS
  fi
  return 0
}

# port_taken SERVICE PORT: die with the way out that fits this kind of instance.
port_taken() {
  local svc=$1 port=$2 var ext eg
  case $svc in
    postgres) var=PG_PORT ext=DSN eg="DSN=postgres://postgres@127.0.0.1:5432/gatehouse?sslmode=disable" ;;
    redis) var=REDIS_PORT ext=REDIS_URL eg="REDIS_URL=redis://127.0.0.1:6379" ;;
    *) var="KAFKA_PORT/KAFKA_CTRL_PORT" ext=KAFKA_BROKERS eg="KAFKA_BROKERS=127.0.0.1:9092" ;;
  esac
  if [[ -n "${INFRA_HOME:-}" ]]; then
    die "port $port ($svc) is in use by another process; give this private instance (INFRA_HOME=$INFRA_HOME) free ports with $var."
  fi
  die "port $port ($svc) is in use by another process; stop it, set $var to a free port, or set $ext to an existing $svc (e.g. $eg)."
}

# shellcheck source=scripts/infra-postgres.sh
source "$GH_ROOT/scripts/infra-postgres.sh"
# shellcheck source=scripts/infra-redis.sh
source "$GH_ROOT/scripts/infra-redis.sh"
# shellcheck source=scripts/infra-kafka.sh
source "$GH_ROOT/scripts/infra-kafka.sh"

# ------------------------------------------------------------------------------------------ commands
sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

write_env() {
  local dsn=${EXT_DSN:-$OWN_DSN} redis=${EXT_REDIS_URL:-$OWN_REDIS_URL} brokers=${EXT_KAFKA_BROKERS:-$OWN_KAFKA_BROKERS}
  {
    printf '# written by scripts/infra.sh; use it with: source %s/infra.env\n' "$RUN_REL"
    printf '# ports: postgres %s, redis %s, kafka %s (controller %s)%s\n' "$PG_PORT" "$REDIS_PORT" "$KAFKA_PORT" \
      "$KAFKA_CTRL_PORT" "${INFRA_HOME:+; private instance INFRA_HOME=$INFRA_HOME}"
    printf 'export DSN=%s REDIS_URL=%s KAFKA_BROKERS=%s\n' "$(sq "$dsn")" "$(sq "$redis")" "$(sq "$brokers")"
  } >"$GH_RUN/infra.env.tmp"
  mv -f "$GH_RUN/infra.env.tmp" "$GH_RUN/infra.env"
  local var
  for var in "${PORT_VARS[@]}"; do printf '%s=%s\n' "$var" "${!var}"; done >"$PORTS_FILE.tmp"
  mv -f "$PORTS_FILE.tmp" "$PORTS_FILE"
  INFRA_DSN=$dsn INFRA_REDIS=$redis INFRA_BROKERS=$brokers
}

need_kafkajs() {
  [[ -f "$GH_ROOT/node_modules/kafkajs/package.json" ]] ||
    die "kafkajs is not installed (node_modules/kafkajs is missing), and the Kafka readiness check and topic creation need it; run npm ci first."
}

# Refuse early (before starting anything) when a port we need belongs to somebody else.
preflight() {
  if [[ -z "$EXT_DSN" ]]; then
    pg_bins
    pg_locate
    if ! pg_running && port_open "$PG_PORT"; then port_taken postgres "$PG_PORT"; fi
  fi
  if [[ -z "$EXT_REDIS_URL" ]] && ! redis_ours && port_open "$REDIS_PORT"; then
    port_taken redis "$REDIS_PORT"
  fi
  if [[ -z "$EXT_KAFKA_BROKERS" ]] && ! kafka_ours; then
    local p
    for p in "$KAFKA_PORT" "$KAFKA_CTRL_PORT"; do
      if port_open "$p"; then port_taken kafka "$p"; fi
    done
  fi
}

cmd_up() {
  mkdir -p "$GH_RUN" "$GH_DATA" "$GH_CACHE"
  need_kafkajs
  preflight
  local t0=$SECONDS
  # Kafka is the slowest: launch it first, bring up Postgres and Redis while it boots, then wait for it.
  kafka_start
  pg_up
  redis_up
  kafka_wait_and_topics
  write_env
  printf '\ninfra: up in %ss%s\n' "$((SECONDS - t0))" "${INFRA_HOME:+ (private instance $INFRA_HOME)}"
  printf '  %-9s %-22s %s\n' Postgres "$([[ -n "$EXT_DSN" ]] && echo external || echo "127.0.0.1:$PG_PORT")" "DSN=$INFRA_DSN"
  printf '  %-9s %-22s %s\n' Redis "$([[ -n "$EXT_REDIS_URL" ]] && echo external || echo "127.0.0.1:$REDIS_PORT")" "REDIS_URL=$INFRA_REDIS"
  printf '  %-9s %-22s %s\n' Kafka "$([[ -n "$EXT_KAFKA_BROKERS" ]] && echo external || echo "127.0.0.1:$KAFKA_PORT")" "KAFKA_BROKERS=$INFRA_BROKERS"
  printf '  %-9s %-22s %s\n' env "$RUN_REL/infra.env" "source $RUN_REL/infra.env"
  printf '  %-9s %-22s %s\n' logs "$RUN_REL/*.log" "pids in $RUN_REL/*.pid, data in $(rel "$GH_DATA")/"
}

cmd_down() {
  kafka_down
  redis_down
  pg_down
}

cmd_start() { # SERVICE: start it (when stopped) and wait until it is ready, exactly as up does
  local svc=$1 t0=$SECONDS
  mkdir -p "$GH_RUN" "$GH_DATA" "$GH_CACHE"
  case $svc in
    postgres) pg_up ;;
    redis) redis_up ;;
    kafka)
      need_kafkajs
      kafka_start
      kafka_wait_and_topics
      ;;
  esac
  write_env
  info "start $svc: done in $((SECONDS - t0))s"
}

cmd_stop() { # SERVICE: stop it, keeping its data
  case $1 in
    postgres) pg_down ;;
    redis) redis_down ;;
    kafka) kafka_down ;;
  esac
}

cmd_status() {
  printf '%-9s %-9s %s\n' SERVICE STATE DETAILS
  pg_status
  redis_status
  kafka_status
  if [[ -f "$GH_RUN/infra.env" ]]; then
    printf '%-9s %-9s %s\n' env "" "$RUN_REL/infra.env"
  fi
}

usage() { printf 'usage: bash scripts/infra.sh up|down|status | stop|start postgres|redis|kafka  (env: INFRA_HOME, PG_PORT, REDIS_PORT, KAFKA_PORT, KAFKA_CTRL_PORT)\n' >&2; }

case "${1:-}" in
  up | down)
    run_locked infra "$0" "$@"
    resolve_ports "$([[ $1 == up ]] && echo all)"
    "cmd_$1"
    ;;
  start | stop)
    case "${2:-}" in
      postgres | redis | kafka) ;;
      *)
        usage
        exit 2
        ;;
    esac
    run_locked infra "$0" "$@"
    resolve_ports "$([[ $1 == start ]] && echo "$2")"
    "cmd_$1" "$2"
    ;;
  status)
    resolve_ports
    cmd_status
    ;;
  -h | --help | help) usage ;;
  *)
    usage
    exit 2
    ;;
esac
