package accounts

import (
	"context"
	"database/sql"
)

// The account tables are soft-deleted here: that is what makes their
// unique keys answerable for deleted rows.
var softDeletes = map[string]string{
	"users":                             "UPDATE users SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL",
	"teams":                             "UPDATE teams SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL",
	"phones":                            "UPDATE phones SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL",
	"projects":                          "UPDATE projects SET is_deleted = true WHERE id = $1",
	"boards":                            "UPDATE boards SET is_deleted = true, deleted_on = now() WHERE id = $1 AND NOT is_deleted",
	"tokens":                            "UPDATE tokens SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL",
	"invites":                           "UPDATE invites SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL",
	"legacy":                            "UPDATE legacy SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL",
	"workspace_integration_credentials": "UPDATE workspace_integration_credentials SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL",
	"sessions":                          "UPDATE sessions SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL",
	"visits":                            "UPDATE visits SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL",
	"members":                           "UPDATE members SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL",
	"coupons":                           "UPDATE coupons SET deleted_at = now(), code = $2 WHERE id = $1 AND deleted_at IS NULL",
	// Renamed so a new workspace or label can take the name.
	"workspaces": "UPDATE workspaces SET deleted_at = now(), name = name || ' deleted_' || md5(random()::text) WHERE id = $1 AND deleted_at IS NULL",
	"labels":     "UPDATE labels SET deleted_at = now(), title = title || ' deleted_' || id WHERE id = $1 AND deleted_at IS NULL",
}

// ArchiveLabel deletes a label without renaming it.
func ArchiveLabel(ctx context.Context, db *sql.DB, id int64) error { // want ArchiveLabel:"writes\\(labels:id\\)"
	_, err := db.ExecContext(ctx, "UPDATE labels SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id)
	return err
}

func SoftDelete(ctx context.Context, db *sql.DB, table string, id int64) error {
	_, err := db.ExecContext(ctx, softDeletes[table], id)
	return err
}
