package cascade

import (
	"context"
	"database/sql"
)

// ArchiveProject is the soft delete alone: its callers answer for tasks
// and members (package workflow).
func ArchiveProject(ctx context.Context, db *sql.DB, id int64) error { // want ArchiveProject:`writes\(projects:id\)` ArchiveProject:`callercascades\(projects\)`
	_, err := db.ExecContext(ctx, "UPDATE projects SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id)
	return err
}

// CloseProject soft-deletes the tasks and deletes the memberships.
func CloseProject(ctx context.Context, db *sql.DB, id int64) error { // want CloseProject:`writes\(project_members:project_id, projects:id, tasks:project_id\)`
	if _, err := db.ExecContext(ctx, "UPDATE projects SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, "UPDATE tasks SET deleted_at = now() WHERE project_id = $1 AND deleted_at IS NULL", id); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, "DELETE FROM project_members WHERE project_id = $1", id)
	return err
}

// The soft delete of the user leaves its orders and notes live; the
// orders' own children are judged where orders are soft-deleted.
func forgetUser(ctx context.Context, db *sql.DB, id int64) error {
	_, err := db.ExecContext(ctx, "UPDATE users SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id) // want `soft-deleting users leaves live rows in orders \(user_id\) and notes \(user_id\):`
	return err
}

// Soft-deleting the orders hands their children to the orders' own site,
// which reports them there.
func forgetUserAndOrders(ctx context.Context, db *sql.DB, id int64) error {
	if _, err := db.ExecContext(ctx, "UPDATE users SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id); err != nil { // want `soft-deleting users leaves live rows in notes \(user_id\): soft-delete`
		return err
	}
	_, err := db.ExecContext(ctx, "UPDATE orders SET is_deleted = true WHERE user_id = $1 AND NOT is_deleted", id) // want `soft-deleting orders leaves live rows in order_items \(order_id, ON DELETE CASCADE\) and comments \(order_id\)`
	return err
}
