// Command ferretdb-runner serves the MongoDB wire protocol for local tests
// without Docker, by embedding FerretDB v1.
//
// FerretDB is embedded instead of installed because `go install` of its own
// cmd/ferretdb from the module proxy panics at start: the binary expects a
// generated build/version/version.txt that is not part of the module. That
// check only runs when FerretDB itself is the main module, so embedding the
// public github.com/FerretDB/FerretDB/ferretdb package sidesteps it.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/build/version"
	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listenAddr := flag.String("listen-addr", "127.0.0.1:27018", "TCP address to listen on (27018 so a real mongod on 27017 can coexist)")
	handler := flag.String("handler", "sqlite", "storage backend: sqlite or postgresql")
	sqliteURL := flag.String("sqlite-url", "file:/tmp/ferretdb-data/", "SQLite directory URL (file:/path/, trailing slash required); the directory is created if missing")
	postgresqlURL := flag.String("postgresql-url", "postgres://127.0.0.1:5432/ferretdb", "PostgreSQL URL for --handler=postgresql (the database must already exist; connected lazily)")
	serializeWrites := flag.Bool("serialize-writes", true, "run write commands one at a time, so that single-document updates are atomic as in MongoDB (see serializer.go)")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn or error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fatal("invalid --log-level: %v", err)
	}

	// FerretDB logs every connection open/close at info, which drowns test
	// output; at warn it still dumps each failed command (ok:0), including the
	// endSessions that every client.close() sends, so "error" is the quiet
	// setting. stdout is left to whoever wraps this process.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	if *handler == "sqlite" {
		// FerretDB refuses to start unless the SQLite directory already
		// exists; creating it lets callers point at a fresh temp path.
		if err := ensureSQLiteDir(*sqliteURL); err != nil {
			fatal("%v", err)
		}
	}

	// Embedded builds report buildInfo.ferretdbVersion "unknown" because the
	// generated version.txt is absent; the module version is the real answer
	// and makes compatibility reports traceable to a FerretDB release.
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range bi.Deps {
			if dep.Path == "github.com/FerretDB/FerretDB" {
				version.Get().Version = dep.Version
			}
		}
	}

	listener := ferretdb.ListenerConfig{TCP: *listenAddr}
	var front net.Listener
	if *serializeWrites {
		// FerretDB itself listens on a private Unix socket; clients reach it through the front.
		dir, err := os.MkdirTemp("", "ferretdb-runner-")
		if err != nil {
			fatal("%v", err)
		}
		defer os.RemoveAll(dir)
		listener = ferretdb.ListenerConfig{Unix: filepath.Join(dir, "ferretdb.sock")}
		if front, err = net.Listen("tcp", *listenAddr); err != nil {
			fatal("%v", err)
		}
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      listener,
		Logger:        logger,
		Handler:       *handler,
		PostgreSQLURL: *postgresqlURL,
		SQLiteURL:     *sqliteURL,
	})
	if err != nil {
		fatal("%v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// Restore default signal handling once shutdown has begun, so a second
		// Ctrl-C kills the process instead of waiting for clients that linger.
		<-ctx.Done()
		stop()
	}()

	if front != nil {
		s := &serializer{backend: listener.Unix, logger: logger}
		go func() {
			<-ctx.Done()
			front.Close()
		}()
		go func() {
			if err := s.serve(front); err != nil {
				fatal("%v", err)
			}
		}()
	}

	// ferretdb.New has already bound the socket, so this line is a reliable
	// readiness signal. f.MongoDBURI() is not used: its doc warns that calling
	// it before Run may deadlock.
	fmt.Fprintf(os.Stderr, "ferretdb-runner listening on %s (%s, serialized writes: %t)\n", *listenAddr, *handler, *serializeWrites)

	// Run returns only after the listener, open connections and the backend
	// are closed, so returning from main afterwards leaves SQLite consistent.
	if err := f.Run(ctx); err != nil {
		fatal("%v", err)
	}
}

// ensureSQLiteDir parses the URL the way FerretDB does (path, or the opaque
// part for relative "file:data/"), and rejects what FerretDB would reject
// before touching the filesystem, so a typo does not leave a stray directory.
func ensureSQLiteDir(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("invalid --sqlite-url %q: %w", raw, err)
	}

	if u.Scheme != "file" {
		return fmt.Errorf(`invalid --sqlite-url %q: expected "file:" scheme`, raw)
	}

	dir := u.Path
	if dir == "" {
		dir = u.Opaque
	}

	// FerretDB's in-memory mode uses a single SQLite connection, and an update
	// needs a second one while its query is open: the first update hangs
	// forever (seen with v1.24.2), so refuse it instead of hanging tests.
	if u.Query().Get("mode") == "memory" {
		return fmt.Errorf("invalid --sqlite-url %q: mode=memory deadlocks on the first update; use a temp directory", raw)
	}

	if !strings.HasSuffix(dir, "/") {
		return fmt.Errorf(`invalid --sqlite-url %q: path must end with "/" (it names a directory)`, raw)
	}

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create SQLite directory %q: %w", dir, err)
	}

	return nil
}

func fatal(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb-runner: "+format+"\n", args...)
	os.Exit(1)
}
