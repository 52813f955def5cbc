package store

import "time"

// DeletePost stamps posts already deleted again: an integer timestamp
// loses its time as surely as deleted_at does.
func (s *Store) DeletePost(id string) error { // want DeletePost:`writes\(posts:id\)` DeletePost:`deferred\(redelete posts store/writes\.go:8\[0\]\)`
	_, err := s.db.Exec("UPDATE Posts SET DeleteAt = $1 WHERE Id = $2", time.Now().UnixMilli(), id) // want `posts is a soft-delete table \(deleteat\) but this UPDATE sets deleteat on rows already deleted too, overwriting the time they were deleted: add "AND deleteat = 0" \[redelete\]`
	return err
}

// DeletePostOnce keeps the first deletion time.
func (s *Store) DeletePostOnce(id string) error { // want DeletePostOnce:`writes\(posts:id\)`
	_, err := s.db.Exec("UPDATE Posts SET DeleteAt = $1 WHERE Id = $2 AND DeleteAt = 0", time.Now().UnixMilli(), id)
	return err
}

// RestorePost sets the live sentinel again.
func (s *Store) RestorePost(id string) error {
	_, err := s.db.Exec("UPDATE Posts SET DeleteAt = 0 WHERE Id = $1", id)
	return err
}

// ArchiveTeam sets a boolean: no time to lose.
func (s *Store) ArchiveTeam(id string) error { // want ArchiveTeam:`writes\(teams:id\)`
	_, err := s.db.Exec("UPDATE Teams SET archived = true WHERE Id = $1", id)
	return err
}

// PurgePosts removes posts deleted before a cutoff: a purge.
func (s *Store) PurgePosts(before int64) error {
	_, err := s.db.Exec("DELETE FROM Posts WHERE DeleteAt > 0 AND DeleteAt < $1", before)
	return err
}

// RemovePost removes a live post for good.
func (s *Store) RemovePost(id string) error { // want RemovePost:`writes\(posts:id\)` RemovePost:`deferred\(hard\-delete posts store/writes\.go:38\[0\]\)`
	_, err := s.db.Exec("DELETE FROM Posts WHERE Id = $1", id) // want `posts is a soft-delete table \(deleteat\) but this DELETE removes its rows for good: soft-delete them instead \("UPDATE posts SET deleteat = <deletion time> WHERE …"\), or, if this purges rows already deleted, add "AND deleteat <> 0"`
	return err
}

// ArchiveChannel is how channels get their DeleteAt.
func (s *Store) ArchiveChannel(id string) error { // want ArchiveChannel:`writes\(channels:id\)`
	_, err := s.db.Exec("UPDATE Channels SET DeleteAt = $1 WHERE Id = $2 AND DeleteAt = 0", time.Now().UnixMilli(), id)
	return err
}
