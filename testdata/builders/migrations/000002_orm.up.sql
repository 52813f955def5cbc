-- Tables of the ORM cases (gorm, bun, goqu).
CREATE TABLE invoices (
    id         bigserial PRIMARY KEY,
    created_at timestamptz,
    updated_at timestamptz,
    deleted_at timestamptz,
    user_id    bigint,
    amount     bigint
);

CREATE TABLE notes (
    id         bigserial PRIMARY KEY,
    body       text,
    deleted_at timestamptz
);
