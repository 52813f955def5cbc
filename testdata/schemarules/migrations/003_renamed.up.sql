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

-- Coupons get a code from the caller when deleted: not a function of the
-- old one, so two deleted coupons may get the same and the key is judged.
CREATE TABLE coupons (
    id         bigserial PRIMARY KEY,
    code       text NOT NULL UNIQUE, -- want `unique constraint coupons_code_key on coupons \(code\) counts soft-deleted rows`
    deleted_at timestamptz
);
