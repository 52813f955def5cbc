// Package conv changes a value's type for a nullable column, as pgtype's
// helpers and services' own StringToPgText do.
package conv

import "database/sql"

// Int64 is v as a non-null sql.NullInt64.
func Int64(v int64) sql.NullInt64 { return sql.NullInt64{Int64: v, Valid: true} }
