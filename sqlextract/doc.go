// Package sqlextract finds the SQL text that a Go package sends to a
// database, and maps every byte of that text back to its position in the
// Go source.
//
// It knows nothing of rules or schemas. Given an [analysis.Pass], [Extract]
// returns one [Query] per call that sends SQL:
//
//   - calls to the known sinks of database/sql, github.com/jmoiron/sqlx,
//     github.com/jackc/pgx/v5 and its pgxpool, matched by type (through
//     pointers, aliases and promoted methods), never by variable name;
//   - calls to methods of any interface whose method name and signature
//     have the shape of one of those sinks (sqlc's DBTX, sqlx.Queryer, ...);
//   - calls to user-configured sinks ([Options.ExtraSinks]);
//   - calls to wrappers: functions that pass one of their string
//     parameters straight to a sink. Wrappers are found to a fixed point
//     within a package and exported as [WrapperFact]s so that callers in
//     other packages see them too.
//
// The SQL argument is resolved statically: string literals, constants,
// concatenations, conversions, local variables built with := and +=,
// package-level variables that are never reassigned, fmt.Sprintf with
// a constant format (a non-constant number printed as a number is some
// number, unless glued to a name), functions of the package that return a constant,
// functions of the package whose first result is a string built from
// their parameters and literals (followed with their string parameters
// bound to the call's arguments: the expression of their one return, or
// the variable every return returns, read at the last return, so that
// appends in a block that returns early are left out), and text
// builders (textbuild.go): a strings.Builder or bytes.Buffer in
// a local variable, or a type of the module around one, summarised
// across packages by [TextFact]s. What cannot be known is replaced by an opaque
// identifier (OpaquePrefix followed by a number), so the text still parses
// as SQL. A call whose SQL argument is entirely unknown produces no Query.
// A variable given another value on some paths only (q = "…" under an if)
// makes one Query per combination of those writes, each judged; a
// rewrite of the query itself on some paths (q = fmt.Sprintf("%s UNION
// …", q)) is taken like an append under an if.
//
// [Query.Pos] maps a byte offset in the text to the exact token.Pos of the
// byte in the Go string literal it came from, through escapes, raw strings,
// concatenations and constants declared elsewhere in the package, so that
// diagnostics can point inside the literal.
//
// # Query builders
//
// Chains of a query builder are interpreted abstractly (builder.go): the
// library is recognised by the package path and name of its types, never
// by variable names, and the chain's calls are folded into the SQL the
// library renders, as a Query with Builder set. Text from Go string
// literals keeps exact positions; text the library adds points at the
// builder call that added it. A chain is followed through local
// variables (a write on some paths only, such as a filter under an if,
// is rendered "(p OR NOT (p))": the rows do not depend on it, yet the
// query names the filter's columns, as a deliberate choice does),
// package-level variables, helpers of the package (interpreted with
// their arguments) and helpers of other packages ([BuilderFact]). A chain
// whose origin cannot be followed produces no Query ([BuilderStats]).
//
// Covered: github.com/Masterminds/squirrel — Select/Update/Delete/Insert
// (also from a StatementBuilderType, e.g. one kept in a struct field),
// From, FromSelect, Join/LeftJoin/RightJoin/InnerJoin/CrossJoin/
// JoinClause, Where with strings, Eq/NotEq/Lt/.../Like maps (nil is IS
// NULL, constants are inlined), And/Or, Expr with spliced subqueries,
// Alias, Prefix/PrefixExpr (CTEs), Suffix, Set/SetMap, Columns/Values,
// PlaceholderFormat and RunWith; terminals ToSql/MustSql (whose text,
// when it reaches a sink, even through fmt.Sprintf, is that sink's
// query), Query/Exec/QueryRow/Scan[Context], and a builder handed to any
// function as an interface value (a Sqlizer). Conditions from helpers of
// the package (Where(containsFold("name", q)), a (Sqlizer, error) pair)
// are read from the helper's one return, its string parameters bound to
// the call's arguments; a condition that cannot be read (an interface
// method's) is a part built at run time, and the rules spare the query
// and say why. A builder variable whose address is handed to a function
// or a method of the package (applyFilter(&q, opts), s.applyFilter(&q,
// opts)) takes that function's writes through the pointer (*q =
// q.Where(...)), on some paths when they are in a branch; a join on some
// paths whose text PostgreSQL cannot parse (SQLite's json_each without ON,
// in that driver's branch) is left out. A CaseBuilder (sq.Case().When(c, v).Else(e)) is rendered as
// its CASE expression. Not covered: builder parameters of functions that
// execute them (the chain is given up there).
//
// gorm.io/gorm (gorm.go): chains of *gorm.DB methods ending in a
// finisher — Find/First/Last/Take (with inline conditions), Count,
// Pluck, Row/Rows, Update/Updates/UpdateColumn(s), Delete, Create — with
// Model, Table, Where (strings with ? expanded for slice literals, maps,
// struct literals), Select/Distinct, raw-string Joins, Group, Having,
// Order, Limit, Offset, Unscoped, Or (gorm groups the conditions before
// it adds its soft-delete filter), Not with a text condition, Scopes
// (functions of the package or literals, and factories returning one),
// Clauses with a clause.Locking, or a clause.OnConflict for Create
// (Columns, TargetWhere of clause.Expr, OnConstraint, DoNothing,
// DoUpdates of clause.AssignmentColumns, UpdateAll), Preload (the
// association's own query is not judged). The model's table (snake_case plural
// of the type, or a constant TableName(), also across packages through a
// [TableNameFact]) and, for a model with a gorm.DeletedAt field (or
// gorm.io/plugin/soft_delete's DeletedAt), the filter gorm adds,
// `"table"."deleted_at" IS NULL`, are written into the text; a Delete
// of such a model is the UPDATE gorm sends. Unscoped() removes the
// filter and sets [Query.IncludesDeleted]. Raw and Exec are sinks.
// Not covered (the chain is given up): association Joins, other
// Clauses, subquery arguments, Save, and model values from other
// packages' helpers (BuilderFacts carry no model types). A send in a
// generic function of the package (list[T any](db *gorm.DB, cond string)
// ... Find(&out)) is a query at each call that instantiates it, with the
// type argument's model and the call's string arguments.
//
// github.com/uptrace/bun (bun.go): NewSelect/NewUpdate/NewDelete with
// Model, Table, TableExpr, Column, ColumnExpr, Where, Join, Order,
// OrderExpr, Group, Limit, Offset, Set, WherePK, WhereDeleted,
// WhereAllWithDeleted, ForceDelete, WhereOr, WhereGroup and Apply (their
// functions read like gorm's scopes), Distinct, DistinctOn, JoinOn,
// JoinOnOr, GroupExpr, For; Column with a local []string of constants
// spread (an update's SET lists every column the slice may hold); Relation
// leaves the statement as it is (bun joins a belongs-to or has-one
// relation with its own soft-delete filter, and loads a has-many one in a
// query of its own, which is not judged); terminals Scan, Exec, Count,
// Exists, Rows, and String (text). Ops on some paths only: a condition is
// folded as on the other libraries, and ops that leave the rows' liveness
// as it is (columns, order, page, lock, relation) and SETs are taken as
// applied; a write that adds a join on some paths only makes two
// alternatives, with and without it, each judged (so with any op a
// library cannot fold, up to three such writes). A query kept in an
// exported field of a helper's result (a pagination helper's Page.Query)
// is followed through the helper's summary ([BuilderFact] with Field), in
// any package. For a model with a `bun:",soft_delete"` field the filter
// bun adds is written in; a NewDelete of it is bun's UPDATE. A model's
// column list is written "alias".*. A query among a condition's
// arguments (Where("EXISTS (?)", db.NewSelect()...)) is written in place
// of its placeholder, as bun interpolates it. NewInsert with Model (every field,
// or the Column list), Value, On, Ignore, Set and Returning is bun's
// INSERT: the soft-delete column's value is DEFAULT (a row inserted live),
// the others parameters, a slice model one row, and ON CONFLICT ... DO
// UPDATE without Set updates every column but the key from EXCLUDED.
// NewRaw is a sink. Not covered: ScanAndCount, Column of a slice built
// otherwise.
//
// github.com/doug-martin/goqu/v9 (goqu.go): goqu.From/Select/Update/
// Delete, also on goqu.Dialect("postgres") (a DialectWrapper, kept in a
// variable or a struct field) or a *goqu.Database; Select/SelectAppend/
// SelectDistinct, From (strings parsed as schema.table, goqu.T(...).As),
// Join/InnerJoin/LeftJoin/RightJoin/FullJoin (and Outer forms) with
// goqu.On, CrossJoin, Where/Having with goqu.C/I/T/L, comparison methods
// (Eq, Neq, Gt, ..., In, Like, IsNull, IsNotNull, IsTrue, ...), goqu.Ex
// (nil is IS NULL, booleans IS TRUE, slices and datasets IN, goqu.Op
// maps), goqu.ExOr, goqu.And/Or, goqu.Star, the aggregates (COUNT, SUM,
// MIN, MAX, AVG, FIRST, LAST, DISTINCT of a column), COALESCE and
// Func(name, args...); GroupBy, Order, Limit, Offset,
// Prepared; Set(goqu.Record{...}); ds.Update() and ds.Delete() from a
// select; Insert(table) (or Into) with Rows(goqu.Record{...}) (the keys,
// in order, are the columns) or Cols and Vals, OnConflict(goqu.DoNothing()
// or goqu.DoUpdate(target, record), with its Where: the target written
// as given, so the conflict rule sees it). A struct in Rows is not
// followed (goqu reads its db tags). ToSQL is the terminal and renders the text (which, when it
// reaches a sink, is that sink's query). The expression types live in
// goqu/v9/exp, which is recognised as part of the library by package
// path. Datasets compose: From(ds.As("x")) is a subquery, With(name,
// ds) a CTE, Union/UnionAll(ds) a branch in parentheses. Returning of
// an update, a delete or an insert; a struct in Select or Returning (goqu lists its
// db columns) is written *, so that a deleted_at among its tags is not
// taken for a deliberate mention of the column. Not covered
// (the chain is given up): Insert, Using join conditions, Set with a
// struct, WithRecursive, and the executing methods (ScanStructs,
// Executor, ...).
//
// For a gorm or bun query, [Query.Models] lists the model tables the
// chain goes through, with their columns and the soft-delete column the
// ORM manages, for the analyzer to fall back on when the migrations lack
// a table.
//
// # sqlc
//
// Queries sent from sqlc-generated files (// Code generated by sqlc,
// // source: query.sql) are located in the .sql file the header names,
// found through sqlc.yaml's queries paths: [Query.Pos] returns positions
// in that file, matched line by line to the query's "-- name:" block.
package sqlextract
