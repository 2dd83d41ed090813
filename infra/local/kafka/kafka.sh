# Apache Kafka from Maven Central jars, run on the machine's Java 17. Sourced by up.sh after lib.sh.

install_kafka() {
  maven_install kafka "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/pom.xml" "$KAFKA_HOME"
}

configure_kafka() {
  local here
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  mkdir -p "$DATA_DIR/kafka"
  sed -e "s|@PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|@LOG_DIRS@|$DATA_DIR/kafka|g" "$here/server.properties.template" >"$KAFKA_HOME/server.properties"
  cp "$here/log4j.properties" "$KAFKA_HOME/log4j.properties"
  if [[ ! -f $DATA_DIR/kafka/meta.properties ]]; then
    # A KRaft log directory must be formatted once with a cluster id before the first start.
    local cluster_id
    # Base64url can begin with '-', which the tool's argument parser reads as an option (one
    # format in 64 failed so): draw again until it does not, as Kafka's own Uuid.randomUuid does.
    cluster_id=$(node -e "
      const { randomBytes } = require('crypto');
      let id;
      do id = randomBytes(16).toString('base64url'); while (id.startsWith('-'));
      process.stdout.write(id);")
    # shellcheck disable=SC2086
    java $KAFKA_JAVA_OPTS -Dlog4j.configuration="file:$KAFKA_HOME/log4j.properties" -cp "$KAFKA_HOME/libs/*" \
      kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_HOME/server.properties" --ignore-formatted \
      >"$RUN_DIR/kafka-format.log" 2>&1 ||
      { cat "$RUN_DIR/kafka-format.log" >&2; die "kafka: formatting $DATA_DIR/kafka failed"; }
  fi
}

start_kafka() {
  install_kafka
  configure_kafka
  log "kafka: starting Apache Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)"
  # setsid: the broker must outlive the shell (and the test run) that started it.
  # shellcheck disable=SC2086
  setsid nohup java $KAFKA_JAVA_OPTS -Dlog4j.configuration="file:$KAFKA_HOME/log4j.properties" \
    -cp "$KAFKA_HOME/libs/*" kafka.Kafka "$KAFKA_HOME/server.properties" \
    >"$RUN_DIR/kafka.log" 2>&1 </dev/null 9>&- &
  echo $! >"$RUN_DIR/kafka.pid"
}
