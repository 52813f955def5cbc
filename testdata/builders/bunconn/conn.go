// Package bunconn is the connection plumbing a bun service keeps apart from
// its stores: which connection a query runs on, and queries that take it.
package bunconn

import (
	"context"

	"github.com/uptrace/bun"
)

// IDB is the transaction when there is one, else the database: a query
// started on either is the same query, so callers in other packages build
// on it as on the database.
func IDB(tx *bun.Tx, db *bun.DB) bun.IDB {
	if tx != nil {
		return *tx
	}
	return db
}

// CountNotes is given a connection, which carries no SQL: the query is its
// own, judged here whatever connection its callers pass.
func CountNotes(ctx context.Context, idb bun.IDB) (int64, error) {
	return idb.NewSelect().Table("notes").Count(ctx) // want `notes is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
}

func CountLiveNotes(ctx context.Context, idb bun.IDB) (int64, error) { // want CountLiveNotes:`reads\(live: notes; deleted: \)`
	return idb.NewSelect().Table("notes").Where("deleted_at IS NULL").Count(ctx)
}
