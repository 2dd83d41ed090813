# Shared by up.sh, down.sh and status.sh. Sourced, never run.
# Everything lives under one git-ignored folder so that a clone can be wiped with `rm -rf .cache`.
set -euo pipefail

KINDLY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE_DIR=${KINDLY_CACHE_DIR:-$KINDLY_ROOT/.cache}
RUN_DIR=$CACHE_DIR/run
DATA_DIR=$CACHE_DIR/data

KAFKA_VERSION=3.9.1
KAFKA_HOME=$CACHE_DIR/kafka-$KAFKA_VERSION
KAFKA_PORT=${KINDLY_KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${KINDLY_KAFKA_CONTROLLER_PORT:-19093}
# Serial GC: two cores are shared with the tests, and a parallel collector only competes with them.
KAFKA_JAVA_OPTS=${KINDLY_KAFKA_JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseSerialGC -Djava.awt.headless=true}

MONGO_PORT=${KINDLY_MONGO_PORT:-27018}
# The in-memory server keeps every document on its heap: 1 GiB filled at ~10,000 accounts of the
# pipeline benchmark and the server then spent its time in full collections. The heap grows only
# as the data does.
MONGO_JAVA_OPTS=${KINDLY_MONGO_JAVA_OPTS:--Xms128m -Xmx6g -XX:+UseSerialGC}
# Which MongoDB-wire server `up` starts: mongo-java-server (default: fast, atomic, in memory) or
# ferretdb (FerretDB 1.24.2 on SQLite: persistent, slow on large collections). See README.md here.
MONGO_SERVER=${KINDLY_MONGO_SERVER:-mongo-java-server}
case $MONGO_SERVER in
  mongo-java-server | ferretdb) ;;
  *) printf '[infra] error: KINDLY_MONGO_SERVER=%s: expected mongo-java-server or ferretdb\n' "$MONGO_SERVER" >&2; exit 1 ;;
esac
FERRETDB_BIN=$CACHE_DIR/bin/ferretdb-runner

mkdir -p "$RUN_DIR" "$DATA_DIR"

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] error: %s\n' "$*" >&2; exit 1; }

# True when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The pid recorded for a component, if that process is still alive and is still ours:
# a pid file can outlive a reboot and its number be reused by an unrelated process,
# so the command line must also carry the marker we started it with.
owned_pid() {
  local name=$1 marker=$2 pidfile="$RUN_DIR/$1.pid" pid
  [[ -f $pidfile ]] || return 1
  pid=$(<"$pidfile")
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    local cmdline
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
    if [[ $cmdline == *"$marker"* ]]; then
      printf '%s' "$pid"
      return 0
    fi
  fi
  rm -f "$pidfile"
  return 1
}

# Print the tail of a component's log, so that a failure explains itself.
show_log() {
  local file="$RUN_DIR/$1.log"
  if [[ -f $file ]]; then
    printf '[infra] ---- last lines of %s ----\n' "$file" >&2
    tail -n "${2:-60}" "$file" >&2
    printf '[infra] ----\n' >&2
  fi
}

stop_component() {
  local name=$1 marker=$2 pid
  if ! pid=$(owned_pid "$name" "$marker"); then
    log "$name: not running (nothing of ours to stop)"
    return 0
  fi
  log "$name: stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name: did not stop within 20 s, killing"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$RUN_DIR/$name.pid"
}

# Markers identify our processes by their command line (see owned_pid).
KAFKA_MARKER="$KAFKA_HOME/server.properties"
MJS_HOME=$CACHE_DIR/mongo-java-server

# The MongoDB-wire server that runs may be either program: `up` records which one it started.
running_mongo_server() { cat "$RUN_DIR/mongo.server" 2>/dev/null || printf '%s' "$MONGO_SERVER"; }
mongo_marker() {
  case $(running_mongo_server) in
    ferretdb) printf '%s' "$FERRETDB_BIN" ;;
    *) printf '%s' "$MJS_HOME/libs" ;;
  esac
}

# maven_install NAME POM DEST: copies the runtime jars that POM lists into DEST/libs, once per POM
# content (the POM itself is the stamp: change a version there and the next `up` fetches again).
maven_install() {
  local name=$1 pom=$2 dest=$3
  if [[ -f $dest/libs/.complete ]] && cmp -s "$pom" "$dest/libs/.complete"; then
    return 0
  fi
  command -v java >/dev/null || die "$name needs Java 17 or newer on the PATH (java not found)"
  command -v mvn >/dev/null || die "$name's jars are fetched with Maven (mvn not found)"
  log "$name: fetching jars from Maven Central (cached in ~/.m2)"
  rm -rf "$dest/libs"
  mvn -B -q -f "$pom" org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
    -DoutputDirectory="$dest/libs" -DincludeScope=runtime >"$RUN_DIR/$name-install.log" 2>&1 ||
    { cat "$RUN_DIR/$name-install.log" >&2; die "$name: Maven could not fetch the jars"; }
  cp "$pom" "$dest/libs/.complete"
}

# Serialise up and down: two test runs starting at once must not start two brokers.
# Daemons are started with fd 9 closed (9>&-), or they would hold the lock for their lifetime.
with_lock() {
  exec 9>"$RUN_DIR/lock"
  flock -w 300 9 || die "another infra/local command has held $RUN_DIR/lock for 5 minutes"
}
