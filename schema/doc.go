// Package schema builds the catalog that a repository's migrations leave
// behind: tables with their columns, constraints, indexes, triggers,
// row-level-security policies and rules, and views. The rules check SQL
// against it: which tables have a soft-delete column, which unique
// indexes are partial on the live predicate, which foreign keys point at a
// table.
//
// # Sources and order
//
// Load takes files, directories (their *.sql files, not recursively) and
// globs. Files ending in .down.sql are never read. The files of each path
// apply in version order: by the number their name starts with, compared
// as a number (golang-migrate 000002_x.up.sql, goose
// 20230101120000_x.sql, 10_x.sql after 2_x.sql), then by name; files whose
// name does not start with a digit come after the numbered ones, in name
// order. Paths apply in the order given. Discover finds the paths when
// none are configured: the sqlc config's schema paths, else the first of
// migrations/, db/migrations/, db/migrate/, sql/migrations/, schema.sql,
// db/schema.sql.
//
// # Formats
//
// The format is detected per file, by marker comment lines: goose
// (-- +goose Up / Down), sql-migrate (-- +migrate Up / Down), dbmate
// (-- migrate:up / down) and tern (---- create above / drop below ----).
// Only up sections apply. Files without markers (golang-migrate .up.sql,
// sqlc and atlas schema files, pg_dump output) apply whole, except that
// psql meta-commands (\connect, \restrict, ...) and the data rows of
// COPY ... FROM stdin are skipped. Skipped text is blanked rather than
// removed, so every position is a byte offset, line and column of the
// real file.
//
// # Parsing and errors
//
// SQL is parsed only by the PostgreSQL parser (internal/pgparse). A file
// that does not parse as a whole is cut into statements with the
// PostgreSQL scanner and each statement is parsed alone: a bad statement
// gives one LoadError at its file and line, and the others still apply.
// Text that cannot be scanned (an unterminated quote, a NUL byte) gives
// one error, and the statements before it apply. Load's own error is only
// for paths that do not exist or cannot be read.
//
// # What is modelled
//
// Statements apply in order, as PostgreSQL would run them:
// CREATE TABLE (columns, types, NOT NULL, DEFAULT, identity and serial
// columns, inline and table constraints, LIKE, INHERITS and PARTITION OF
// copying the parent's columns), ALTER TABLE (ADD/DROP/RENAME COLUMN,
// ALTER COLUMN TYPE / SET and DROP NOT NULL / SET and DROP DEFAULT / ADD
// and DROP IDENTITY, ADD/DROP/RENAME CONSTRAINT including UNIQUE USING
// INDEX, ENABLE/DISABLE ROW LEVEL SECURITY, RENAME TO, SET SCHEMA), DROP
// TABLE, CREATE/DROP INDEX and ALTER INDEX RENAME, CREATE [OR REPLACE]
// [MATERIALIZED] VIEW, DROP VIEW, CREATE/DROP TRIGGER, CREATE/ALTER/DROP
// POLICY and CREATE/DROP RULE. Unnamed constraints and indexes get the
// names PostgreSQL would give them, so that later migrations can drop
// them by name. Dropping a column drops the indexes and constraints that
// use it; renaming one renames it in constraints, indexes, partial-index
// predicates, trigger column lists, policies and referencing foreign keys.
//
// Everything else (functions, types, extensions, grants, data) is skipped,
// as are statements about relations the catalog does not have: partial
// schemas are common, and a migration that ran is not wrong. SET
// search_path is not followed: an unqualified name is in schema public.
package schema
