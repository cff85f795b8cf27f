# shellcheck shell=bash
# shellcheck disable=SC2016,SC2034  # single-quoted bash -c bodies are intentional; vars are used by the sourcing scripts
# Shared helpers for scripts/infra.sh, scripts/stack.sh and scripts/test.sh (sourced, not executed).
# Everything here is loopback-only and bounded: no blind sleeps, every wait has a deadline.

GH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
GH_RUN="$GH_ROOT/.run"
GH_DATA="$GH_ROOT/.data"
GH_CACHE="$GH_ROOT/.cache" # always the checkout's: a private instance reuses the downloaded jars
: "${GH_TAG:=gatehouse}"

# One clear sentence on stderr, then exit 1.
die() {
  printf '%s: %s\n' "$GH_TAG" "$*" >&2
  exit 1
}

warn() {
  printf '%s: warning: %s\n' "$GH_TAG" "$*" >&2
}

info() {
  printf '%s: %s\n' "$GH_TAG" "$*"
}

# A private instance: INFRA_HOME=DIR keeps pids, logs and infra.env in DIR/run and data in DIR/data
# (made absolute and exported, so that scripts started from another directory agree on it).
if [[ -n "${INFRA_HOME:-}" ]]; then
  [[ "$INFRA_HOME" == /* ]] || INFRA_HOME="$PWD/$INFRA_HOME"
  while [[ "$INFRA_HOME" == */ ]]; do INFRA_HOME=${INFRA_HOME%/}; done
  [[ -n "$INFRA_HOME" && "$INFRA_HOME" != "$GH_ROOT" ]] ||
    die "INFRA_HOME must name a directory of its own (not / nor the checkout), e.g. INFRA_HOME=/tmp/gh-infra-1."
  export INFRA_HOME
  GH_RUN="$INFRA_HOME/run"
  GH_DATA="$INFRA_HOME/data"
fi

is_root() { [[ "$(id -u)" == 0 ]]; }

# pid_from_file FILE -> prints the pid (digits only) or nothing.
pid_from_file() {
  local f=$1 pid=""
  [[ -r "$f" ]] || return 1
  read -r pid <"$f" || true
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  printf '%s' "$pid"
}

# proc_matches PID PATTERN: the process is alive and its command line contains PATTERN
# (guards against a recycled pid that now belongs to somebody else).
proc_matches() {
  local pid=$1 pattern=$2 cmdline
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || [[ -d "/proc/$pid" ]] || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"$pattern"* ]]
}

# pidfile_alive FILE PATTERN: the pid recorded in FILE is alive and is what we started.
pidfile_alive() {
  local pid
  pid="$(pid_from_file "$1")" || return 1
  proc_matches "$pid" "$2"
}

# port_open PORT [HOST]: something accepts TCP connections on HOST:PORT.
port_open() {
  local port=$1 host=${2:-127.0.0.1}
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null
}

# wait_for SECONDS PIDSPEC -- CMD...: poll CMD until it succeeds (return 0), the deadline passes (return 1)
# or, when PIDSPEC is "PIDFILE:PATTERN", the process we are waiting for has died (return 2).
wait_for() {
  local secs=$1 pidspec=$2
  shift 2
  [[ "${1:-}" == "--" ]] && shift
  local deadline=$((SECONDS + secs)) delay=0.1
  while true; do
    if "$@"; then return 0; fi
    if [[ -n "$pidspec" ]] && ! pidfile_alive "${pidspec%%:*}" "${pidspec#*:}"; then
      # one last chance: it may have become ready and exited in between (not for our daemons, but be fair)
      "$@" && return 0
      return 2
    fi
    if ((SECONDS >= deadline)); then return 1; fi
    sleep "$delay"
    # back off gently up to 1 s between polls
    case $delay in 0.1) delay=0.25 ;; 0.25) delay=0.5 ;; *) delay=1 ;; esac
  done
}

# stop_pid NAME PIDFILE PATTERN [SECONDS]: SIGTERM the recorded process, wait (bounded) for it to exit,
# SIGKILL as a last resort. Only touches a live process whose command line matches PATTERN.
stop_pid() {
  local name=$1 pidfile=$2 pattern=$3 secs=${4:-30} pid
  if ! pid="$(pid_from_file "$pidfile")" || ! proc_matches "$pid" "$pattern"; then
    rm -f "$pidfile"
    info "$name: not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_for "$secs" "" -- _pid_gone "$pid" "$pattern"; then
    warn "$name (pid $pid) did not stop within ${secs}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_for 10 "" -- _pid_gone "$pid" "$pattern" || true
  fi
  rm -f "$pidfile"
  info "$name: stopped (pid $pid)"
}
_pid_gone() { ! proc_matches "$1" "$2"; }

# spawn_bg PIDFILE LOGFILE CMD...: start CMD detached (own session, survives the caller's terminal and
# process group), stdin from /dev/null, stdout+stderr to LOGFILE (previous log kept as LOGFILE.1);
# the pid written is CMD's own pid (exec).
spawn_bg() {
  local pidfile=$1 logfile=$2
  shift 2
  [[ -f "$logfile" ]] && mv -f "$logfile" "$logfile.1"
  rm -f "$pidfile"
  setsid bash -c 'echo $$ >"$0.tmp" && mv -f "$0.tmp" "$0" && exec "$@"' "$pidfile" "$@" \
    </dev/null >>"$logfile" 2>&1 &
  # the pid file appears as soon as the child shell runs; bounded wait
  wait_for 10 "" -- test -s "$pidfile" || die "could not start $1 (no pid file $pidfile after 10s)."
}

# http_status URL -> prints the HTTP status code (000 when nothing answers). Bounded to 3 s.
http_status() {
  local url=$1
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -m 3 -w '%{http_code}' "$url" 2>/dev/null || true
    return 0
  fi
  # fallback without curl: plain HTTP/1.0 over bash's /dev/tcp (loopback URLs only)
  local rest=${url#http://} hostport path host port line
  hostport=${rest%%/*}
  path=/${rest#*/}
  [[ "$rest" == */* ]] || path=/
  host=${hostport%%:*}
  port=${hostport##*:}
  line="$(timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n" "$2" "$0" >&3
    IFS= read -r l <&3 && printf "%s" "$l"' "$host" "$port" "$path" 2>/dev/null)" || true
  if [[ "$line" =~ ^HTTP/[0-9.]+\ ([0-9]{3}) ]]; then
    printf '%s' "${BASH_REMATCH[1]}"
  else
    printf '000'
  fi
}

http_ok() { [[ "$(http_status "$1")" == 200 ]]; }

# tail_log FILE [N]: print the last N lines of a log to stderr, framed.
tail_log() {
  local f=$1 n=${2:-40}
  [[ -r "$f" ]] || return 0
  {
    printf -- '----- last %s lines of %s -----\n' "$n" "$f"
    tail -n "$n" "$f"
    printf -- '----- end of %s -----\n' "$f"
  } >&2
}

# ensure_node_modules: npm ci (or npm install without a lock file) when node_modules is missing.
ensure_node_modules() {
  command -v node >/dev/null 2>&1 || die "node is not installed; install Node.js 20.19+ (the project needs it for every script)."
  command -v npm >/dev/null 2>&1 || die "npm is not installed; install npm (it comes with Node.js)."
  if [[ -d "$GH_ROOT/node_modules" ]]; then
    return 0
  fi
  if [[ -f "$GH_ROOT/package-lock.json" ]]; then
    info "node_modules is missing: running npm ci"
    (cd "$GH_ROOT" && npm ci --no-audit --no-fund) || die "npm ci failed; see the npm output above."
  else
    info "node_modules is missing and there is no package-lock.json: running npm install"
    (cd "$GH_ROOT" && npm install --no-audit --no-fund) || die "npm install failed; see the npm output above."
  fi
}

# run_locked NAME SCRIPT ARGS...: unless this process already holds it, re-run SCRIPT under an exclusive
# lock on .run/NAME.lock (bounded wait) so that two concurrent "up"/"down" calls do not race. flock -o
# closes the lock descriptor in the child, so daemons started by the script never inherit the lock.
# Usage at the top of a script: run_locked infra "$0" "$@"
run_locked() {
  local name=$1 script=$2
  shift 2
  local var="GH_LOCKED_${name}"
  [[ -n "${!var:-}" ]] && return 0
  mkdir -p "$GH_RUN"
  # the script by absolute path: the caller may have changed directory since it was started
  script="$GH_ROOT/scripts/$(basename "$script")"
  local rc=0
  env "$var=1" flock -o -w 600 -E 75 "$GH_RUN/$name.lock" bash "$script" "$@" || rc=$?
  if ((rc == 75)); then
    die "another '$name' run has held $GH_RUN/$name.lock for more than 600s; wait for it to finish."
  fi
  exit "$rc"
}
