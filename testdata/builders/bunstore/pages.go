package bunstore

import (
	"context"

	"example.com/builders/bunpage"
)

// A list sent through the pagination helper of another package: the
// count and the page both read deleted notes. Reported.
func (s *Store) NotesPaged(ctx context.Context, offset, limit int64) ([]Note, error) {
	var ns []Note
	q := s.db.NewSelect().Model(&ns).Where("body <> ''") // want `notes is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	p, err := bunpage.New(ctx, q, offset, limit, "id")
	if err != nil {
		return nil, err
	}
	err = p.Query.Limit(p.Limit).Offset(p.Offset).Scan(ctx)
	return ns, err
}

// The same with the filter: not reported.
func (s *Store) LiveNotesPaged(ctx context.Context, offset, limit int64) ([]Note, error) { // want LiveNotesPaged:`reads\(live: notes; deleted: \)`
	var ns []Note
	q := s.db.NewSelect().Model(&ns).Where("body <> ''").Where("deleted_at IS NULL")
	p, err := bunpage.New(ctx, q, offset, limit, "id")
	if err != nil {
		return nil, err
	}
	err = p.Query.Limit(p.Limit).Offset(p.Offset).Scan(ctx)
	return ns, err
}
