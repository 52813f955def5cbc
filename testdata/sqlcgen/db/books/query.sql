-- name: GetAuthor :one
SELECT a.id, a.name
FROM books b
    JOIN authors a ON a.id = b.author_id -- want `authors is a soft-delete table \(deleted_at\) but this SELECT joins it without filtering deleted rows`
WHERE b.id = $1 AND b.deleted_at IS NULL;
