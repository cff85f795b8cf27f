# shellcheck shell=bash
# shellcheck disable=SC2154  # EXT_KAFKA_BROKERS, KAFKA_PORT, RUN_REL, ... are set by scripts/infra.sh
# Kafka 3.9.1 for scripts/infra.sh (sourced, not executed): a single-node KRaft broker+controller from
# the Maven jars cached in .cache/kafka/libs (shared by every instance), storage in <data>/kafka.
KAFKA_DEV="$GH_ROOT/deploy/kafka-dev"
KAFKA_LIBS="$GH_CACHE/kafka/libs"
KAFKA_DATA="$GH_DATA/kafka"
KAFKA_PROPS="$GH_RUN/kafka.properties"
KAFKA_PIDFILE="$GH_RUN/kafka.pid"
KAFKA_LOG="$GH_RUN/kafka.log"
KAFKA_READY_SECS=90
KAFKA_STARTED_AT=""

# the broker's own pid file, and the rendered properties of this instance on its command line
kafka_ours() { pidfile_alive "$KAFKA_PIDFILE" "$KAFKA_PROPS"; }
# "BROKER CONTROLLER" ports the running broker was started with (from its rendered properties)
kafka_running_ports() {
  sed -nE 's/^listeners=PLAINTEXT:\/\/[^,]*:([0-9]+),CONTROLLER:\/\/.*:([0-9]+)$/\1 \2/p' "$KAFKA_PROPS" 2>/dev/null
}

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
  info "kafka: resolving the Kafka 3.9.1 jars with Maven into .cache/kafka/libs (log $RUN_REL/kafka-mvn.log)"
  mkdir -p "$GH_CACHE/kafka" "$GH_RUN"
  local tmp="$GH_CACHE/kafka/libs.tmp.$$"
  rm -rf "$tmp"
  mvn -q -B -f "$KAFKA_DEV/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$tmp" >"$GH_RUN/kafka-mvn.log" 2>&1 </dev/null || {
    rm -rf "$tmp"
    tail_log "$GH_RUN/kafka-mvn.log" 20
    die "Maven could not resolve the Kafka 3.9.1 jars (see $RUN_REL/kafka-mvn.log); Maven Central must be reachable, or set KAFKA_BROKERS to an existing broker."
  }
  compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null || die "Maven finished but no kafka_2.13 jar was copied into .cache/kafka; see $RUN_REL/kafka-mvn.log."
  printf '%s\n' "$stamp" >"$tmp/.resolved"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  info "kafka: $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars cached"
}

# deploy/kafka-dev/server.properties -> <run>/kafka.properties with this instance's data dir and ports.
kafka_render_props() {
  local tpl="$KAFKA_DEV/server.properties" line found=0
  [[ -f "$tpl" ]] || die "the Kafka template $tpl is missing; restore deploy/kafka-dev/server.properties from git."
  mkdir -p "$GH_RUN"
  while IFS= read -r line || [[ -n "$line" ]]; do
    case $line in
      log.dirs=*) line="log.dirs=$KAFKA_DATA" found=$((found | 1)) ;;
      listeners=*) line="listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CTRL_PORT" found=$((found | 2)) ;;
      advertised.listeners=*) line="advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT" found=$((found | 4)) ;;
      controller.quorum.bootstrap.servers=*) line="controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CTRL_PORT" found=$((found | 8)) ;;
    esac
    printf '%s\n' "$line"
  done <"$tpl" >"$KAFKA_PROPS.tmp"
  ((found == 15)) || die "deploy/kafka-dev/server.properties lacks one of the lines log.dirs=, listeners=, advertised.listeners=, controller.quorum.bootstrap.servers= that scripts/infra.sh fills in; restore it from git."
  mv -f "$KAFKA_PROPS.tmp" "$KAFKA_PROPS"
}

# Starts the broker (when needed) without waiting for it; kafka_wait_and_topics does the bounded readiness check.
kafka_start() {
  [[ -n "$EXT_KAFKA_BROKERS" ]] && return 0
  if kafka_ours; then
    local ports
    ports="$(kafka_running_ports)"
    [[ -z "$ports" || "$ports" == "$KAFKA_PORT $KAFKA_CTRL_PORT" ]] ||
      die "kafka of this instance already runs on ports ${ports/ /+}, not $KAFKA_PORT+$KAFKA_CTRL_PORT; stop it first (bash scripts/infra.sh stop kafka) or leave KAFKA_PORT/KAFKA_CTRL_PORT unset."
    info "kafka: already running (pid $(pid_from_file "$KAFKA_PIDFILE"))"
    return 0
  fi
  local p
  for p in "$KAFKA_PORT" "$KAFKA_CTRL_PORT"; do
    port_open "$p" && port_taken kafka "$p"
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
      die "kafka.tools.StorageTool random-uuid did not print a cluster id; see $RUN_REL/kafka-format.log."
    }
    info "kafka: formatting storage in $(rel "$KAFKA_DATA") (cluster id $cluster_id)"
    java "$log4j" -cp "$cp" kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$KAFKA_PROPS" \
      >>"$GH_RUN/kafka-format.log" 2>&1 </dev/null || {
      tail_log "$GH_RUN/kafka-format.log" 20
      die "formatting the Kafka storage failed; see $RUN_REL/kafka-format.log."
    }
  fi
  info "kafka: starting on 127.0.0.1:$KAFKA_PORT (controller 127.0.0.1:$KAFKA_CTRL_PORT)"
  KAFKA_STARTED_AT=$SECONDS
  spawn_bg "$KAFKA_PIDFILE" "$KAFKA_LOG" nohup java -Xms256m -Xmx768m -XX:+UseSerialGC \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true "$log4j" \
    -cp "$cp" kafka.Kafka "$KAFKA_PROPS"
}

# Readiness: the port opens, then scripts/create-topics.mjs (node + kafkajs) gets an answer from the
# broker and creates the missing topics.
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
    die "the Kafka broker exited during startup; see $RUN_REL/kafka.log."
  elif ((rc != 0)); then
    tail_log "$KAFKA_LOG"
    die "the Kafka broker did not open 127.0.0.1:$KAFKA_PORT within ${KAFKA_READY_SECS}s; see $RUN_REL/kafka.log."
  fi
  local left=$((KAFKA_READY_SECS - (SECONDS - t0)))
  ((left < 15)) && left=15
  KAFKA_BROKERS=$OWN_KAFKA_BROKERS node "$script" --wait "$left" || {
    tail_log "$KAFKA_LOG"
    die "the Kafka broker on 127.0.0.1:$KAFKA_PORT is not ready or the topics could not be created; see $RUN_REL/kafka.log."
  }
  if [[ -n "$KAFKA_STARTED_AT" ]]; then
    info "kafka: ready $((SECONDS - KAFKA_STARTED_AT))s after start"
  fi
}

# SIGTERM: a controlled shutdown; waits (up to 60 s, then SIGKILL) until the process is gone.
kafka_down() { stop_pid kafka "$KAFKA_PIDFILE" "$KAFKA_PROPS" 60; }

kafka_status() {
  if [[ -n "$EXT_KAFKA_BROKERS" ]]; then
    printf '%-9s %-9s %s\n' kafka external "KAFKA_BROKERS=$EXT_KAFKA_BROKERS from the environment"
  fi
  if kafka_ours; then
    local state=running bp=$KAFKA_PORT cp=$KAFKA_CTRL_PORT ports
    ports="$(kafka_running_ports)"
    [[ -n "$ports" ]] && read -r bp cp <<<"$ports"
    port_open "$bp" || state=starting
    printf '%-9s %-9s pid %s, 127.0.0.1:%s (controller :%s), data %s, log %s\n' kafka "$state" \
      "$(pid_from_file "$KAFKA_PIDFILE")" "$bp" "$cp" "$(rel "$KAFKA_DATA")" "$RUN_REL/kafka.log"
  elif [[ -z "$EXT_KAFKA_BROKERS" ]]; then
    printf '%-9s %-9s %s\n' kafka stopped "$([[ -f "$KAFKA_DATA/meta.properties" ]] && echo "storage formatted in $(rel "$KAFKA_DATA")" || echo "storage not formatted")"
  fi
}
