package cascade

import (
	"context"
	"database/sql"
)

// TrashFolder relies on the AFTER UPDATE OF deleted_at trigger on folders.
func TrashFolder(ctx context.Context, db *sql.DB, id int64) error { // want TrashFolder:`writes\(folders:id\)`
	_, err := db.ExecContext(ctx, "UPDATE folders SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id)
	return err
}

// ArchiveBoard relies on the trigger that fires on every UPDATE of boards.
func ArchiveBoard(ctx context.Context, db *sql.DB, id int64) error { // want ArchiveBoard:`writes\(boards:id\)`
	_, err := db.ExecContext(ctx, "UPDATE boards SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id)
	return err
}

// HideAlbum: the trigger on albums fires on title only; the callers
// answer for the photos (package workflow).
func HideAlbum(ctx context.Context, db *sql.DB, id int64) error { // want HideAlbum:`writes\(albums:id\)` HideAlbum:`callercascades\(albums\)`
	_, err := db.ExecContext(ctx, "UPDATE albums SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id)
	return err
}
