# mongo-java-server from Maven Central, run on Java 17. Sourced by up.sh after lib.sh.

MJS_LAUNCHER=$KINDLY_ROOT/infra/local/mongo-java-server/KindlyMongoServer.java

install_mongo_java_server() {
  maven_install mongo "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/pom.xml" "$MJS_HOME"
}

start_mongo_java_server() {
  install_mongo_java_server
  log "mongo: starting mongo-java-server (in memory) on 127.0.0.1:$MONGO_PORT"
  # shellcheck disable=SC2086 # the options are words
  setsid nohup java $MONGO_JAVA_OPTS -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$MJS_HOME/libs/*" "$MJS_LAUNCHER" 127.0.0.1 "$MONGO_PORT" \
    >"$RUN_DIR/mongo.log" 2>&1 </dev/null 9>&- &
  echo $! >"$RUN_DIR/mongo.pid"
}
