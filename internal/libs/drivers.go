package libs

// SQLPath is database/sql, whose methods take SQL text.
const SQLPath = "database/sql"

// Sqlx is github.com/jmoiron/sqlx: database/sql's methods and its own
// take SQL text.
var Sqlx = &Library{Name: "sqlx", Paths: []string{SqlxPath}}

// Pgx is github.com/jackc/pgx/v5 and its pool.
var Pgx = &Library{Name: "pgx", Paths: []string{PgxPath, PgxPoolPath}}

// Import paths of the drivers' packages.
const (
	SqlxPath    = "github.com/jmoiron/sqlx"
	PgxPath     = "github.com/jackc/pgx/v5"
	PgxPoolPath = PgxPath + "/pgxpool"
)
