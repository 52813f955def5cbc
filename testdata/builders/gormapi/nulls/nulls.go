// Package nulls has the nullable types the API models use.
package nulls

import (
	"database/sql"
	"encoding/json"
)

// Time is a nullable time that marshals to JSON null.
type Time struct{ sql.NullTime }

func (t Time) MarshalJSON() ([]byte, error) {
	if !t.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(t.Time)
}
