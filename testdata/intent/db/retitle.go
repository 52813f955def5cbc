package db

import (
	"context"
	"database/sql"

	"example.com/intent/conv"
)

// Retitle renames the document whose key is id: its callers choose it.
func Retitle(ctx context.Context, db *sql.DB, id sql.NullInt64, title string) error { // want Retitle:`deferred\(missing-filter docs db/retitle.go:\d+\[2 3\]\)`
	_, err := db.ExecContext(ctx, "UPDATE docs SET title = $1 WHERE id = $2", title, id)
	return err
}

// RetitleDoc renames document d. The key goes through a converter of
// another package and is still d's, so the callers of RetitleDoc, which
// chose d, are judged, not RetitleDoc.
func RetitleDoc(ctx context.Context, db *sql.DB, d *Doc, title string) error { // want RetitleDoc:`deferred\(missing-filter docs db/retitle.go:\d+\[2 3\]\)`
	return Retitle(ctx, db, conv.Int64(d.ID), title)
}
