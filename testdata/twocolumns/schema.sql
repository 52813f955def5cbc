-- The legacy DeleteAt is never written any more; deleted_at is: the table
-- is soft-deleted by deleted_at, although DeleteAt comes first in config.
CREATE TABLE documents (
    id         bigserial PRIMARY KEY,
    title      text,
    DeleteAt   bigint NOT NULL DEFAULT 0,
    deleted_at timestamptz
);

-- Nothing writes either column: vestigial, whatever the order.
CREATE TABLE drafts (
    id         bigserial PRIMARY KEY,
    DeleteAt   bigint NOT NULL DEFAULT 0,
    deleted_at timestamptz
);

-- The soft delete sets the flag and stamps the time: a filter on either
-- keeps to live rows.
CREATE TABLE accounts (
    id         bigserial PRIMARY KEY,
    email      text,
    deleted_at timestamptz,
    is_deleted boolean NOT NULL DEFAULT false
);
