-- name: GetAuthor :one
SELECT id, name, bio
FROM authors
WHERE id = $1;

-- name: GetLiveAuthor :one
SELECT id, name, bio
FROM authors
WHERE id = $1 AND deleted_at IS NULL;

-- name: ListBooksWithAuthors :many
-- Every book with its author's name.
SELECT b.id, b.title, a.name
FROM books b
    JOIN authors a ON a.id = b.author_id -- want `authors is a soft-delete table \(deleted_at\) but this SELECT joins it without filtering deleted rows`
WHERE b.deleted_at IS NULL
ORDER BY b.title;

-- name: ListDeletedAuthors :many
SELECT id, name FROM authors WHERE deleted_at IS NOT NULL;

-- name: RenameAuthor :exec
UPDATE authors SET name = $2 WHERE id = $1;

-- name: DeleteAuthor :exec
UPDATE authors SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL;

-- name: CreateReview :exec
-- No caller sets the generated DeletedAt: every review is inserted live,
-- and nothing else deletes one, so reviews have no deleted rows.
INSERT INTO reviews (body, deleted_at) VALUES ($1, $2);

-- name: ListReviews :many
SELECT id, body FROM reviews;

-- name: ImportNote :exec
-- The import copies notes deleted in the old system as deleted.
INSERT INTO notes (body, deleted_at) VALUES (@body, sqlc.narg('deleted_at'));

-- name: ListNotes :many
SELECT id, body FROM notes; -- want `notes is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
