-- Workspaces free their name on delete: every soft delete renames it.
CREATE TABLE workspaces (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    deleted_at timestamptz
);

-- Labels are renamed by one delete and not by the other: a deleted label
-- can keep its title.
CREATE TABLE labels (
    id         bigserial PRIMARY KEY,
    title      text NOT NULL UNIQUE, -- want `unique constraint labels_title_key on labels \(title\) counts soft-deleted rows`
    deleted_at timestamptz
);
