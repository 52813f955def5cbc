// Package library keeps playlists. A playlist's tracks are soft-deleted
// only with it (DeletePlaylist), so a query that keeps to live playlists
// sees only live tracks; its notes are also deleted one by one.
package library

import (
	"context"
	"database/sql"
)

type Store struct{ db *sql.DB }

// DeletePlaylist soft-deletes a playlist with its tracks and notes.
func (s *Store) DeletePlaylist(ctx context.Context, id int64) error { // want DeletePlaylist:`writes\(playlist_notes:playlist_id, playlists:id, tracks:playlist_id\)`
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE playlists SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tracks SET deleted_at = now() WHERE playlist_id = $1 AND deleted_at IS NULL`, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE playlist_notes SET deleted_at = now() WHERE playlist_id = $1 AND deleted_at IS NULL`, id); err != nil {
		return err
	}
	return tx.Commit()
}

// DeleteNote soft-deletes one note.
func (s *Store) DeleteNote(ctx context.Context, id int64) error { // want DeleteNote:`writes\(playlist_notes:id\)`
	_, err := s.db.ExecContext(ctx, `UPDATE playlist_notes SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`, id)
	return err
}

// TrackCounts counts the tracks of live playlists: a deleted track belongs
// to a deleted playlist, which the WHERE leaves out. Not reported.
func (s *Store) TrackCounts(ctx context.Context) (*sql.Rows, error) { // want TrackCounts:`reads\(live: playlists; deleted: \)`
	return s.db.QueryContext(ctx, `
		SELECT p.id, p.name, COUNT(t.id)
		FROM playlists p
		LEFT JOIN tracks t ON t.playlist_id = p.id
		WHERE p.deleted_at IS NULL
		GROUP BY p.id, p.name`)
}

// NoteCounts is the same count of notes, which are also deleted one by
// one: a live playlist's deleted notes are counted.
func (s *Store) NoteCounts(ctx context.Context) (*sql.Rows, error) { // want NoteCounts:`reads\(live: playlists; deleted: \)`
	// want +4 `playlist_notes is a soft-delete table \(deleted_at\) but this SELECT joins it without filtering deleted rows: add "AND n.deleted_at IS NULL" to its ON clause`
	return s.db.QueryContext(ctx, `
		SELECT p.id, p.name, COUNT(n.id)
		FROM playlists p
		LEFT JOIN playlist_notes n ON n.playlist_id = p.id
		WHERE p.deleted_at IS NULL
		GROUP BY p.id, p.name`)
}

// Tracks lists a playlist's tracks by its id alone: nothing keeps the
// playlist live here.
func (s *Store) Tracks(ctx context.Context, playlistID int64) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, `SELECT id, title FROM tracks WHERE playlist_id = $1 ORDER BY id`, playlistID) // want `tracks is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "AND deleted_at IS NULL"`
}
