# mongo-java-server from Maven Central, run on Java 17. Sourced by up.sh after lib.sh.

MJS_LAUNCHER=$KINDLY_ROOT/infra/local/mongo-java-server/KindlyMongoServer.java

install_mongo_java_server() {
  local here
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  if [[ -f $MJS_HOME/libs/.complete ]] && cmp -s "$here/pom.xml" "$MJS_HOME/libs/.complete"; then
    return 0
  fi
  command -v java >/dev/null || die "mongo-java-server needs Java 17 or newer on the PATH (java not found)"
  command -v mvn >/dev/null || die "mongo-java-server's jars are fetched with Maven (mvn not found)"
  log "mongo: fetching mongo-java-server jars from Maven Central (cached in ~/.m2)"
  rm -rf "$MJS_HOME/libs"
  mvn -B -q -f "$here/pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
    -DoutputDirectory="$MJS_HOME/libs" -DincludeScope=runtime >"$RUN_DIR/mongo-install.log" 2>&1 ||
    { cat "$RUN_DIR/mongo-install.log" >&2; die "mongo: Maven could not fetch the jars"; }
  cp "$here/pom.xml" "$MJS_HOME/libs/.complete"
}

start_mongo_java_server() {
  install_mongo_java_server
  log "mongo: starting mongo-java-server (in memory) on 127.0.0.1:$MONGO_PORT"
  setsid nohup java -Xms128m -Xmx1g -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$MJS_HOME/libs/*" "$MJS_LAUNCHER" 127.0.0.1 "$MONGO_PORT" \
    >"$RUN_DIR/mongo.log" 2>&1 </dev/null 9>&- &
  echo $! >"$RUN_DIR/mongo.pid"
}
