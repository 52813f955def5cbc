// Package quotedcolumn soft-deletes through a quoted column.
package quotedcolumn

import "database/sql"

type Store struct{ db *sql.DB }

func (s *Store) DeleteItem(id int64) error { // want DeleteItem:`writes\(OrderItem:id\)`
	_, err := s.db.Exec(`UPDATE "OrderItem" SET "DeletedAt" = now() WHERE id = $1 AND "DeletedAt" IS NULL`, id)
	return err
}

func (s *Store) ItemsNamed(name string) (*sql.Rows, error) {
	return s.db.Query(`SELECT id, "Name" FROM "OrderItem" WHERE "Name" = $1`, name) // want `OrderItem is a soft-delete table \(DeletedAt\) but this SELECT does not filter deleted rows: add .AND "DeletedAt" IS NULL.`
}

func (s *Store) LiveItemsNamed(name string) (*sql.Rows, error) { // want LiveItemsNamed:`reads\(live: OrderItem; deleted: \)`
	return s.db.Query(`SELECT id, "Name" FROM "OrderItem" WHERE "Name" = $1 AND "DeletedAt" IS NULL`, name)
}

// Nothing sets "Draft"."DeletedAt": not a soft-delete table.
func (s *Store) Drafts() (*sql.Rows, error) {
	return s.db.Query(`SELECT id FROM "Draft"`)
}
