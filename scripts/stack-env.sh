#!/usr/bin/env bash
# Sourced by scripts/stack.sh: the apps' ports and environment (the caller's values win over the stack's
# defaults) and the generated dev secrets. Not meant to be run on its own.
# shellcheck shell=bash
# ------------------------------------------------------------------------------------------ environment
# The caller's environment wins: every service gets the caller's whole environment, and each variable the
# stack sets (app_env) is only a default for one the caller left unset or empty. The ports the stack checks,
# waits on and prints come from the environment too:
#   SERVE_PUBLIC_PORT, SERVE_ADMIN_PORT (4433, 4434): the gateway's, Kratos's public and admin API;
#   FLOWS_SERVE_PORT, IDENTITY_SERVE_PORT, NOTIFIER_SERVE_PORT (4500-4502): that service's SERVE_PORT, and
#   where the gateway finds it (FLOWS_URL, IDENTITY_URL, NOTIFIER_URL follow, unless given as well).
# A plain SERVE_PORT is refused: flows, identity and notifier all read it, each for a port of its own.
PORT_VARS=(FLOWS_SERVE_PORT IDENTITY_SERVE_PORT NOTIFIER_SERVE_PORT SERVE_PUBLIC_PORT SERVE_ADMIN_PORT)
declare -A PORT_DEFAULT=([FLOWS_SERVE_PORT]=4500 [IDENTITY_SERVE_PORT]=4501 [NOTIFIER_SERVE_PORT]=4502
  [SERVE_PUBLIC_PORT]=4433 [SERVE_ADMIN_PORT]=4434)
declare -A PORT=()
# resolve_ports [strict]: PORT[var] from the environment, else the default; strict (up, env) refuses SERVE_PORT
resolve_ports() {
  if [[ "${1:-}" == strict && -n "${SERVE_PORT:-}" ]]; then
    die "SERVE_PORT=$SERVE_PORT is set, but flows, identity and notifier each read SERVE_PORT for a port of their own; unset it and use FLOWS_SERVE_PORT, IDENTITY_SERVE_PORT or NOTIFIER_SERVE_PORT."
  fi
  local var val other
  for var in "${PORT_VARS[@]}"; do
    val=${!var:-${PORT_DEFAULT[$var]}}
    if ! [[ "$val" =~ ^[0-9]{1,5}$ ]] || ((10#$val < 1 || 10#$val > 65535)); then
      die "$var must be a TCP port number (1-65535), got '$val'."
    fi
    val=$((10#$val))
    for other in "${!PORT[@]}"; do
      [[ "${PORT[$other]}" != "$val" ]] || die "$var and $other are both port $val; give each service a port of its own."
    done
    ((val != MAIL_SMTP_PORT && val != MAIL_WEB_PORT)) || die "$var=$val is a port of the mail sink (maildev uses $MAIL_SMTP_PORT and $MAIL_WEB_PORT); pick another."
    PORT[$var]=$val
  done
}
app_port() { # the port whose /health/ready says the app is ready
  case $1 in
    gateway) echo "${PORT[SERVE_PUBLIC_PORT]}" ;;
    *) echo "${PORT[${1^^}_SERVE_PORT]}" ;;
  esac
}
app_ports() { # every port the app listens on
  case $1 in
    gateway) echo "${PORT[SERVE_PUBLIC_PORT]}" "${PORT[SERVE_ADMIN_PORT]}" ;;
    *) app_port "$1" ;;
  esac
}

# app_env APP: APP_ENV=(KEY=value ...), what the stack sets for APP; `stack_default KEY VALUE` keeps the caller's
# KEY when it is set. DSN, REDIS_URL, KAFKA_BROKERS come from infra.env (scripts/infra.sh writes the
# caller's there, except for a private INFRA_HOME instance) and the secrets from load_secrets (same rule).
APP_ENV=()
stack_default() { APP_ENV+=("$1=${!1:-$2}"); }
app_env() {
  local app=$1 local_url=http://127.0.0.1
  APP_ENV=("DSN=${DSN:-}" "KAFKA_BROKERS=${KAFKA_BROKERS:-}" "REDIS_URL=${REDIS_URL:-}"
    "SECRETS_CIPHER=${SECRETS_CIPHER:-}" "SECRETS_DEFAULT=${SECRETS_DEFAULT:-}")
  stack_default SERVE_PUBLIC_BASE_URL "$local_url:${PORT[SERVE_PUBLIC_PORT]}/"
  case $app in
    gateway)
      APP_ENV+=("SERVE_PUBLIC_PORT=${PORT[SERVE_PUBLIC_PORT]}" "SERVE_ADMIN_PORT=${PORT[SERVE_ADMIN_PORT]}")
      stack_default SERVE_ADMIN_BASE_URL "$local_url:${PORT[SERVE_ADMIN_PORT]}/"
      stack_default FLOWS_URL "$local_url:${PORT[FLOWS_SERVE_PORT]}"
      stack_default IDENTITY_URL "$local_url:${PORT[IDENTITY_SERVE_PORT]}"
      stack_default NOTIFIER_URL "$local_url:${PORT[NOTIFIER_SERVE_PORT]}"
      ;;
    *) APP_ENV+=("SERVE_PORT=$(app_port "$app")") ;;
  esac
  if [[ $app == notifier ]]; then stack_default COURIER_SMTP_CONNECTION_URI "$SMTP_URI"; fi
}
app_main() { printf '%s' "$GH_ROOT/apps/$1/dist/main.js"; }
app_pidfile() { printf '%s' "$GH_RUN/$1.pid"; }
app_log() { printf '%s' "$GH_RUN/$1.log"; }
app_running() { pidfile_alive "$(app_pidfile "$1")" "$(app_main "$1")"; }
maildev_running() { pidfile_alive "$MAILDEV_PIDFILE" "$MAILDEV_BIN"; }

# ------------------------------------------------------------------------------------------ secrets
load_secrets() {
  local env_cipher=${SECRETS_CIPHER:-} env_default=${SECRETS_DEFAULT:-}
  local file="$GH_RUN/secrets.env"
  if [[ ! -s "$file" ]]; then
    local cipher default
    # 24 random bytes -> exactly 32 base64url characters; 48 bytes -> 64 characters
    cipher="$(head -c 24 /dev/urandom | base64 -w0 | tr '+/' '-_')"
    default="$(head -c 48 /dev/urandom | base64 -w0 | tr '+/' '-_')"
    (
      umask 077
      {
        printf '# generated once by scripts/stack.sh; dev-only secrets, reused on every start\n'
        printf "export SECRETS_CIPHER='%s' SECRETS_DEFAULT='%s'\n" "$cipher" "$default"
      } >"$file"
    )
    info "generated dev secrets into $RUN_REL/secrets.env"
  fi
  # shellcheck source=/dev/null
  source "$file"
  # values given by the environment win over the file
  [[ -n "$env_cipher" ]] && SECRETS_CIPHER=$env_cipher
  [[ -n "$env_default" ]] && SECRETS_DEFAULT=$env_default
  export SECRETS_CIPHER SECRETS_DEFAULT
  ((${#SECRETS_CIPHER} == 32)) ||
    die "SECRETS_CIPHER must be exactly 32 characters (it has ${#SECRETS_CIPHER}); fix it or delete $RUN_REL/secrets.env to regenerate."
  ((${#SECRETS_DEFAULT} >= 16)) ||
    die "SECRETS_DEFAULT must be at least 16 characters (it has ${#SECRETS_DEFAULT}); fix it or delete $RUN_REL/secrets.env to regenerate."
}
