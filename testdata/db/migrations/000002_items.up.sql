CREATE TABLE order_items (
    id         bigserial PRIMARY KEY,
    order_id   bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    sku        text NOT NULL,
    "DeletedAt" timestamptz
);

-- A table that started without soft deletes and got them later, renamed.
CREATE TABLE note (
    id      bigserial PRIMARY KEY,
    user_id bigint REFERENCES users (id),
    body    text
);
ALTER TABLE note RENAME TO notes;
ALTER TABLE notes ADD COLUMN removed_at timestamptz;
ALTER TABLE notes RENAME COLUMN removed_at TO deleted_at;

-- Audit rows are never soft-deleted: the column was dropped again.
CREATE TABLE audit_events (
    id         bigserial PRIMARY KEY,
    user_id    bigint,
    action     text NOT NULL,
    deleted_at timestamptz
);
ALTER TABLE audit_events DROP COLUMN deleted_at;
