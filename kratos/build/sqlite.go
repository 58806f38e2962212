package main

import (
	"database/sql"
	"os"
	"strings"
	"time"

	// The driver Kratos's SQLite build uses (a stub without cgo, where no SQLite runs).
	_ "github.com/mattn/go-sqlite3"
)

// SQLite plans a query from statistics that only ANALYZE gathers, and Kratos never runs
// it. Without them, Kratos's lookup of an identity by address (Hera asks on every code
// request) scans every credential identifier for every credential: 600 identities took
// 0.8 s a lookup on 2 cores, 5 ms once analysed. So while `kratos serve` runs on a SQLite
// file (make dev, the test stacks; production uses PostgreSQL), its statistics are
// gathered at start and every minute, which is milliseconds for a development database.
func keepSQLiteStatistics(args []string) {
	if len(args) < 2 || args[1] != "serve" {
		return
	}
	file, ok := sqliteFile(os.Getenv("DSN"))
	if !ok {
		return
	}
	// Its own connection, waiting its turn behind Kratos's writes.
	db, err := sql.Open("sqlite3", "file:"+file+"?_busy_timeout=5000")
	if err != nil {
		return
	}
	go func() {
		for {
			_, _ = db.Exec("ANALYZE")
			time.Sleep(time.Minute)
		}
	}()
}

// sqliteFile is the database file of a sqlite:// DSN, as Kratos reads it.
func sqliteFile(dsn string) (string, bool) {
	if !strings.HasPrefix(dsn, "sqlite://") {
		return "", false
	}
	file, _, _ := strings.Cut(strings.TrimPrefix(dsn, "sqlite://"), "?")
	return file, true
}
