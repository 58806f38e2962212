package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"time"

	// PostgreSQL, as Kratos itself reaches it.
	_ "github.com/jackc/pgx/v5/stdlib"
)

// Kratos's courier marks the messages it takes from its queue "processing" before it sends
// them, and puts them back only when a send fails while it runs: stopped in between (a
// deploy, a crash), the rest of its batch is never sent. One courier runs (--watch-courier
// in one process), so whatever is still "processing" when it starts was left by the one
// before, and goes back in the queue. Sent twice is not the risk: Hera sends an email with
// a code it has already sent only once (ui/src/server/routes/courier.ts).
func requeueOrphanedEmails(args []string) {
	startsCourier := len(args) > 1 && ((args[1] == "serve" && slices.Contains(args, "--watch-courier")) ||
		(len(args) > 2 && args[1] == "courier" && args[2] == "watch"))
	if !startsCourier {
		return
	}
	dsn := os.Getenv("DSN")
	var db *sql.DB
	var err error
	file, isSQLite := sqliteFile(dsn)
	switch {
	case isSQLite:
		db, err = sql.Open("sqlite3", "file:"+file+"?_busy_timeout=10000")
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err = sql.Open("pgx", dsn)
	default:
		// memory (nothing outlives the process), or a database Hera does not run on.
		return
	}
	if err != nil {
		return
	}
	defer db.Close()
	// Kratos's MessageStatus: 1 queued, 3 processing. A database not migrated yet has no
	// table; the migration's own error says so, not this.
	result, err := db.Exec("UPDATE courier_messages SET status = 1 WHERE status = 3")
	if err != nil {
		return
	}
	if n, _ := result.RowsAffected(); n > 0 {
		line, _ := json.Marshal(map[string]any{
			"level": "warning", "msg": "Emails an earlier courier left unsent are queued again.",
			"requeued": n, "time": time.Now().UTC().Format(time.RFC3339Nano), "audience": "application",
		})
		_, _ = os.Stderr.Write(append(line, '\n'))
	}
}
