# FerretDB v1 embedded in a small Go program (see README.md here). Sourced by up.sh after lib.sh.

install_ferretdb() {
  local here stamp
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  stamp=$(cat "$here/go.mod" "$here/go.sum" "$here"/*.go | sha256sum | cut -c1-16)
  if [[ -x $FERRETDB_BIN && -f $FERRETDB_BIN.stamp && $(<"$FERRETDB_BIN.stamp") == "$stamp" ]]; then
    return 0
  fi
  command -v go >/dev/null || die "the MongoDB-wire server is built with Go 1.24 or newer (go not found)"
  log "ferretdb: building the FerretDB runner (first build compiles SQLite in Go: a few minutes on 2 cores)"
  mkdir -p "$(dirname "$FERRETDB_BIN")"
  (cd "$here" && GOFLAGS=-mod=readonly go build -trimpath -o "$FERRETDB_BIN" .) >"$RUN_DIR/ferretdb-build.log" 2>&1 ||
    { cat "$RUN_DIR/ferretdb-build.log" >&2; die "ferretdb: go build failed"; }
  printf '%s' "$stamp" >"$FERRETDB_BIN.stamp"
}

start_ferretdb() {
  install_ferretdb
  mkdir -p "$DATA_DIR/ferretdb"
  log "mongo: starting FerretDB 1.24.2 (SQLite, serialized writes) on 127.0.0.1:$MONGO_PORT"
  setsid nohup "$FERRETDB_BIN" --listen-addr="127.0.0.1:$MONGO_PORT" --handler=sqlite \
    --sqlite-url="file:$DATA_DIR/ferretdb/" --log-level=error >"$RUN_DIR/mongo.log" 2>&1 </dev/null 9>&- &
  echo $! >"$RUN_DIR/mongo.pid"
}
