#!/usr/bin/env bash
# The whole Gatehouse dev suite on loopback (`npm run up` / `npm run down` / `npm run status`):
#   infrastructure (scripts/infra.sh), build (nx), migrations, maildev, and the four services:
#     flows 4500, identity 4501, notifier 4502, gateway 4433 (public API) + 4434 (admin API) by default
# Usage: bash scripts/stack.sh up|down|status|env APP
#   up leaves a running, ready service alone and restarts one that is running but whose /health/ready
#   has not answered 200 for UNREADY_RESTART_SECS (default 30) seconds.
#   env APP prints the variables `up` sets for APP (KEY=value lines, secrets hidden), starting nothing.
#   The caller's environment wins over every value the stack sets (see "environment" below); give status
#   the port variables up had.
# Pids in .run/<name>.pid, logs in .run/<name>.log; secrets generated once into .run/secrets.env.
set -euo pipefail
GH_TAG="stack"
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GH_ROOT"
RUN_REL=${GH_RUN#"$GH_ROOT"/} # .run, or $INFRA_HOME/run for a private instance

READY_SECS=60
# `up` restarts a running app whose /health/ready has not answered 200 for this long (polled)
UNREADY_RESTART_SECS=${UNREADY_RESTART_SECS:-30}
[[ "$UNREADY_RESTART_SECS" =~ ^[0-9]+$ ]] || die "UNREADY_RESTART_SECS must be a whole number of seconds, got '$UNREADY_RESTART_SECS'."
MAIL_SMTP_PORT=1025
MAIL_WEB_PORT=1080
MAILDEV_BIN="$GH_ROOT/node_modules/.bin/maildev"
MAILDEV_PIDFILE="$GH_RUN/maildev.pid"
MAILDEV_LOG="$GH_RUN/maildev.log"
SMTP_URI="smtp://127.0.0.1:${MAIL_SMTP_PORT}/?disable_starttls=true"

# start order (stop order is the reverse): the gateway calls flows and identity
APPS=(identity flows notifier gateway)

# shellcheck source=scripts/stack-env.sh
source "$GH_ROOT/scripts/stack-env.sh"

# ------------------------------------------------------------------------------------------ maildev
maildev_up() {
  if maildev_running; then
    info "maildev: already running (pid $(pid_from_file "$MAILDEV_PIDFILE"))"
  else
    [[ -x "$MAILDEV_BIN" ]] || die "maildev is not installed (node_modules/.bin/maildev is missing); run npm ci."
    local p
    for p in "$MAIL_SMTP_PORT" "$MAIL_WEB_PORT"; do
      if port_open "$p"; then
        die "port $p (maildev) is in use by another process; stop it and run 'npm run up' again."
      fi
    done
    info "maildev: starting (SMTP 127.0.0.1:$MAIL_SMTP_PORT, web UI http://127.0.0.1:$MAIL_WEB_PORT)"
    spawn_bg "$MAILDEV_PIDFILE" "$MAILDEV_LOG" "$MAILDEV_BIN" --ip 127.0.0.1 --smtp "$MAIL_SMTP_PORT" \
      --web-ip 127.0.0.1 --web "$MAIL_WEB_PORT"
  fi
  local rc=0
  wait_for 30 "$MAILDEV_PIDFILE:$MAILDEV_BIN" -- maildev_ready || rc=$?
  if ((rc != 0)); then
    tail_log "$MAILDEV_LOG"
    die "maildev did not become ready (SMTP 127.0.0.1:$MAIL_SMTP_PORT, http://127.0.0.1:$MAIL_WEB_PORT/api/healthz) within 30s; see $RUN_REL/maildev.log."
  fi
}
maildev_ready() { port_open "$MAIL_SMTP_PORT" && http_ok "http://127.0.0.1:$MAIL_WEB_PORT/api/healthz"; }

# ------------------------------------------------------------------------------------------ services
app_start() {
  local app=$1 main pidfile log
  main="$(app_main "$app")"
  pidfile="$(app_pidfile "$app")"
  log="$(app_log "$app")"
  if app_running "$app"; then
    info "$app: already running and ready (pid $(pid_from_file "$pidfile")), left alone"
    return 0
  fi
  [[ -f "$main" ]] || die "apps/$app/dist/main.js is missing after the build; check the nx build output of $app."
  local p
  for p in $(app_ports "$app"); do
    if port_open "$p"; then
      die "port $p ($app) is in use by another process; stop it (npm run down, if it is an earlier stack) and run 'npm run up' again."
    fi
  done
  app_env "$app"
  info "$app: starting (log $RUN_REL/$app.log)"
  spawn_bg "$pidfile" "$log" env "${APP_ENV[@]}" node "$main"
}

app_ready() { http_ok "http://127.0.0.1:$(app_port "$1")/health/ready"; }

# restart_unready: poll every running app's /health/ready (all at once, up to UNREADY_RESTART_SECS);
# one that never answers 200 in that window is stopped as `down` does, so that app_start starts it
# again. One that is ready, becomes ready or exits in the window is left to the usual path.
restart_unready() {
  local app pending=() still deadline=$((SECONDS + UNREADY_RESTART_SECS))
  for app in "${APPS[@]}"; do
    if app_running "$app"; then pending+=("$app"); fi
  done
  while ((${#pending[@]} > 0)); do
    still=()
    for app in "${pending[@]}"; do
      app_running "$app" && ! app_ready "$app" && still+=("$app")
    done
    pending=("${still[@]+"${still[@]}"}")
    ((${#pending[@]} > 0 && SECONDS < deadline)) || break
    sleep 1
  done
  # The gateway's readiness is its upstreams' liveness: while one of them is down or restarted for not being
  # ready, the gateway is left to app_wait, which sees it ready once they are (restarted next time if not).
  if [[ " ${pending[*]+"${pending[*]}"} " == *" gateway "* ]]; then
    local upstream_down=0
    for app in identity flows notifier; do
      if [[ " ${pending[*]} " == *" $app "* ]] || ! app_running "$app"; then upstream_down=1; fi
    done
    if ((upstream_down)); then
      still=()
      for app in "${pending[@]}"; do [[ $app == gateway ]] || still+=("$app"); done
      pending=("${still[@]+"${still[@]}"}")
    fi
  fi
  for app in "${pending[@]+"${pending[@]}"}"; do
    info "$app: running (pid $(pid_from_file "$(app_pidfile "$app")")) but not ready for ${UNREADY_RESTART_SECS}s (/health/ready on :$(app_port "$app") answers $(http_status "http://127.0.0.1:$(app_port "$app")/health/ready")): restarting it"
    stop_pid "$app" "$(app_pidfile "$app")" "$(app_main "$app")" 30 >/dev/null
    # a process killed with SIGKILL is gone from /proc a moment before its sockets are closed
    wait_for 10 "" -- app_ports_free "$app" || true
  done
}

app_ports_free() {
  local p
  for p in $(app_ports "$1"); do
    if port_open "$p"; then return 1; fi
  done
}

app_wait() {
  local app=$1 port url rc=0
  port="$(app_port "$app")"
  url="http://127.0.0.1:$port/health/ready"
  wait_for "$READY_SECS" "$(app_pidfile "$app"):$(app_main "$app")" -- http_ok "$url" || rc=$?
  if ((rc == 2)); then
    tail_log "$(app_log "$app")"
    die "$app exited before $url answered 200; see $RUN_REL/$app.log (the other services are left running: npm run down stops them)."
  elif ((rc != 0)); then
    tail_log "$(app_log "$app")"
    die "$app did not answer 200 on $url within ${READY_SECS}s (last status $(http_status "$url")); see $RUN_REL/$app.log (npm run down stops the stack)."
  fi
  info "$app: ready on 127.0.0.1:$port"
}

# ------------------------------------------------------------------------------------------ commands
# Refuse early, before starting anything, when a port of a service we would start is taken.
preflight() {
  local app p
  if ! maildev_running; then
    for p in "$MAIL_SMTP_PORT" "$MAIL_WEB_PORT"; do
      if port_open "$p"; then
        die "port $p (maildev) is in use by another process; stop it and run 'npm run up' again."
      fi
    done
  fi
  for app in "${APPS[@]}"; do
    app_running "$app" && continue
    for p in $(app_ports "$app"); do
      if port_open "$p"; then
        die "port $p ($app) is in use by another process; stop it (npm run down, if it is an earlier stack) and run 'npm run up' again."
      fi
    done
  done
}

cmd_up() {
  local t0=$SECONDS
  preflight
  ensure_node_modules
  export NX_NO_CLOUD=true NX_TUI=false
  bash "$GH_ROOT/scripts/infra.sh" up
  # shellcheck source=/dev/null
  source "$GH_RUN/infra.env"
  load_secrets

  info "building (nx run-many -t build)"
  npx --no -- nx run-many -t build --outputStyle=static </dev/null || die "the build failed; see the nx output above."

  local app
  for app in flows identity notifier; do
    [[ -f "$GH_ROOT/apps/$app/dist/migrate.js" ]] || die "apps/$app/dist/migrate.js is missing after the build; check the nx build output of $app."
    info "$app: running migrations"
    node "$GH_ROOT/apps/$app/dist/migrate.js" </dev/null || die "the $app migrations failed; see the output above."
  done

  maildev_up
  restart_unready
  for app in "${APPS[@]}"; do app_start "$app"; done
  for app in "${APPS[@]}"; do app_wait "$app"; done

  local public=${PORT[SERVE_PUBLIC_PORT]} admin=${PORT[SERVE_ADMIN_PORT]}
  cat <<EOF

Gatehouse is up ($((SECONDS - t0))s). Everything listens on 127.0.0.1 only:
  Public API (Kratos public)  http://127.0.0.1:$public
  Admin API  (Kratos admin)   http://127.0.0.1:$admin
  flows / identity / notifier http://127.0.0.1:$(app_port flows) / :$(app_port identity) / :$(app_port notifier)  (internal)
  Mail UI (maildev)           http://127.0.0.1:$MAIL_WEB_PORT   (SMTP 127.0.0.1:$MAIL_SMTP_PORT)
  Postgres                    $DSN
  Redis                       $REDIS_URL
  Kafka                       $KAFKA_BROKERS
  Logs and pids               $RUN_REL/<name>.log, $RUN_REL/<name>.pid   (npm run status, npm run down)

Try it (README, "Register someone with curl"):
  curl -s http://127.0.0.1:$public/self-service/registration/api          # a registration flow
  curl -s -X POST 'http://127.0.0.1:$public/self-service/registration?flow=<flow id>' \\
    -H 'Content-Type: application/json' \\
    -d '{"method":"password","traits":{"email":"ada@example.com"},"password":"a long secret passphrase"}'
  curl -s http://127.0.0.1:$admin/admin/identities/<identity id>         # the identity, admin view
  then open http://127.0.0.1:$MAIL_WEB_PORT for the verification mail
EOF
}

cmd_down() {
  local i app
  for ((i = ${#APPS[@]} - 1; i >= 0; i--)); do
    app=${APPS[i]}
    stop_pid "$app" "$(app_pidfile "$app")" "$(app_main "$app")" 30
  done
  stop_pid maildev "$MAILDEV_PIDFILE" "$MAILDEV_BIN" 15
  bash "$GH_ROOT/scripts/infra.sh" down
}

cmd_status() {
  printf '%-9s %-9s %s\n' SERVICE STATE DETAILS
  local app port state
  for app in "${APPS[@]}"; do
    port="$(app_port "$app")"
    if app_running "$app"; then
      state=running
      http_ok "http://127.0.0.1:$port/health/ready" || state=starting
      printf '%-9s %-9s pid %s, http://127.0.0.1:%s%s, log %s/%s.log\n' "$app" "$state" \
        "$(pid_from_file "$(app_pidfile "$app")")" "$port" "$([[ $app == gateway ]] && echo " (admin :${PORT[SERVE_ADMIN_PORT]})")" "$RUN_REL" "$app"
    else
      printf '%-9s %-9s\n' "$app" stopped
    fi
  done
  if maildev_running; then
    state=running
    maildev_ready || state=starting
    printf '%-9s %-9s pid %s, SMTP 127.0.0.1:%s, web http://127.0.0.1:%s\n' maildev "$state" \
      "$(pid_from_file "$MAILDEV_PIDFILE")" "$MAIL_SMTP_PORT" "$MAIL_WEB_PORT"
  else
    printf '%-9s %-9s\n' maildev stopped
  fi
  bash "$GH_ROOT/scripts/infra.sh" status | tail -n +2
}

# env APP: what `up` would set for APP, with the caller's environment as it is now (secrets hidden; DSN,
# REDIS_URL and KAFKA_BROKERS as the last `infra.sh up` wrote them, unless the caller gives them).
cmd_env() {
  local app=${1:-} kv dsn=${DSN:-} redis=${REDIS_URL:-} brokers=${KAFKA_BROKERS:-}
  [[ " ${APPS[*]} " == *" $app "* && -n "$app" ]] || {
    usage
    exit 2
  }
  # a private instance runs its own infrastructure whatever the environment says (scripts/infra.sh)
  [[ -z "${INFRA_HOME:-}" ]] || dsn="" redis="" brokers=""
  # shellcheck source=/dev/null
  if [[ -r "$GH_RUN/infra.env" ]]; then source "$GH_RUN/infra.env"; fi
  DSN=${dsn:-${DSN:-}} REDIS_URL=${redis:-${REDIS_URL:-}} KAFKA_BROKERS=${brokers:-${KAFKA_BROKERS:-}}
  app_env "$app"
  for kv in "${APP_ENV[@]}"; do
    case $kv in
      SECRETS_*) printf '%s=<hidden>\n' "${kv%%=*}" ;;
      *=) ;; # unknown until the infrastructure is up
      *) printf '%s\n' "$kv" ;;
    esac
  done
}

# rebuild: every write-side projection and read model dropped and folded again from the event store
# (scripts/rebuild.mjs), with the environment the stack gives the services (their DSN, schemas and secrets).
cmd_rebuild() {
  # shellcheck source=/dev/null
  if [[ -r "$GH_RUN/infra.env" ]]; then source "$GH_RUN/infra.env"; fi
  load_secrets
  local app
  for app in flows identity notifier; do
    [[ -f "$(app_main "$app")" ]] || die "apps/$app/dist is missing: run 'npm run up' (or 'npm run build') first."
  done
  app_env flows
  env "${APP_ENV[@]}" node "$GH_ROOT/scripts/rebuild.mjs"
}

usage() { printf 'usage: bash scripts/stack.sh up|down|status|rebuild|env flows|identity|notifier|gateway\n' >&2; }

case "${1:-}" in
  up | down)
    [[ $1 == down ]] || resolve_ports strict
    run_locked stack "$0" "$@"
    "cmd_$1"
    ;;
  status)
    resolve_ports
    cmd_status
    ;;
  env)
    resolve_ports strict
    cmd_env "${2:-}"
    ;;
  rebuild)
    resolve_ports
    cmd_rebuild
    ;;
  -h | --help | help) usage ;;
  *)
    usage
    exit 2
    ;;
esac
