package store

import "database/sql"

type Store struct {
	db      *sql.DB
	pending []string
}

// Prepare only queues the text; config declares it a sink.
func (s *Store) Prepare(query string) { s.pending = append(s.pending, query) }

func (s *Store) Posts(channel string) (*sql.Rows, error) {
	return s.db.Query("SELECT Id, Message FROM Posts WHERE ChannelId = $1", channel) // want `posts is a soft-delete table \(deleteat\) but this SELECT does not filter deleted rows: add "AND deleteat = 0"`
}

func (s *Store) LivePosts(channel string) (*sql.Rows, error) { // want LivePosts:`reads\(live: posts; deleted: \)`
	return s.db.Query("SELECT Id, Message FROM Posts WHERE ChannelId = $1 AND DeleteAt = 0", channel)
}

func (s *Store) Queue() {
	s.Prepare("SELECT Id FROM Channels") // want `channels is a soft-delete table \(deleteat\)`
	s.Prepare("SELECT Id FROM Channels WHERE DeleteAt = 0")
}

// Excluded by config.
func (s *Store) Jobs() (*sql.Rows, error) { return s.db.Query("SELECT Id FROM Jobs") }

// deleted_at is not a configured column here.
func (s *Store) Sessions() (*sql.Rows, error) { return s.db.Query("SELECT Id FROM Sessions") }

// Boolean column from config, live when false.
func (s *Store) Teams() (*sql.Rows, error) {
	return s.db.Query("SELECT Id FROM Teams") // want `teams is a soft-delete table \(archived\) but this SELECT does not filter deleted rows: add "WHERE NOT archived"`
}

// outer-join-filter is disabled by config.
func (s *Store) PostsWithChannels() (*sql.Rows, error) { // want PostsWithChannels:`reads\(live: posts; deleted: \)`
	return s.db.Query("SELECT p.Id FROM Posts p LEFT JOIN Channels c ON c.Id = p.ChannelId WHERE p.DeleteAt = 0 AND c.DeleteAt = 0")
}
