-- Users: the seed's story. email UNIQUE counts deleted rows.
CREATE TABLE users (
    id         bigserial PRIMARY KEY,
    email      text NOT NULL UNIQUE, -- want `unique constraint users_email_key on users \(email\) counts soft-deleted rows: .* CREATE UNIQUE INDEX users_email_live ON users \(email\) WHERE deleted_at IS NULL`
    handle     text NOT NULL,
    public_id  uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    deleted_at timestamptz
);

-- The usual workaround: NULLs are distinct, live duplicates pass.
CREATE UNIQUE INDEX users_handle_deleted ON users (handle, deleted_at); -- want `unique index users_handle_deleted on users \(handle, deleted_at\) includes deleted_at, which is NULL on every live row, and NULLs are distinct: two live rows with the same handle are both accepted; declare it UNIQUE NULLS NOT DISTINCT \(handle, deleted_at\)`

-- Teams do it right.
CREATE TABLE teams (
    id         bigserial PRIMARY KEY,
    slug       text NOT NULL,
    name       text NOT NULL,
    deleted_at timestamptz,
    UNIQUE NULLS NOT DISTINCT (name, deleted_at)
);
CREATE UNIQUE INDEX teams_slug_live ON teams (slug) WHERE deleted_at IS NULL;

-- A partial index on another predicate still counts deleted rows.
CREATE TABLE phones (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number     text,
    deleted_at timestamptz
);
CREATE UNIQUE INDEX phones_number ON phones (number) WHERE number IS NOT NULL; -- want `unique index phones_number on phones \(number\) counts soft-deleted rows`

-- Not soft-deleted: nothing to say.
CREATE TABLE countries (code text PRIMARY KEY, name text UNIQUE);
