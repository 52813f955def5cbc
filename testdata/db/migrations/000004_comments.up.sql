-- Comments on orders came later: every soft delete of an order must now
-- reach them too, including the ones written before this migration.
CREATE TABLE comments (
    id         bigserial PRIMARY KEY,
    order_id   bigint NOT NULL REFERENCES orders (id),
    body       text NOT NULL,
    deleted_at timestamptz
);

-- Projects: tasks cascade on DELETE only, and members cannot be
-- soft-deleted at all.
CREATE TABLE projects (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL,
    deleted_at timestamptz
);
CREATE TABLE tasks (
    id         bigserial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title      text NOT NULL,
    deleted_at timestamptz
);
CREATE TABLE project_members (
    project_id bigint NOT NULL REFERENCES projects (id),
    member     text NOT NULL
);

-- Folders cascade in the database, on the soft-delete column.
CREATE TABLE folders (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL,
    deleted_at timestamptz
);
CREATE TABLE files (
    id         bigserial PRIMARY KEY,
    folder_id  bigint NOT NULL REFERENCES folders (id),
    deleted_at timestamptz
);
CREATE FUNCTION folders_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE files SET deleted_at = NEW.deleted_at WHERE folder_id = NEW.id AND deleted_at IS NULL;
    RETURN NEW;
END
$$;
CREATE TRIGGER folders_cascade AFTER UPDATE OF deleted_at ON folders
    FOR EACH ROW WHEN (NEW.deleted_at IS NOT NULL) EXECUTE FUNCTION folders_cascade();

-- Boards cascade on every UPDATE.
CREATE TABLE boards (
    id         bigserial PRIMARY KEY,
    deleted_at timestamptz
);
CREATE TABLE cards (
    id         bigserial PRIMARY KEY,
    board_id   bigint NOT NULL REFERENCES boards (id),
    deleted_at timestamptz
);
CREATE FUNCTION boards_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.deleted_at IS NOT NULL THEN
        UPDATE cards SET deleted_at = NEW.deleted_at WHERE board_id = NEW.id AND deleted_at IS NULL;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER boards_cascade AFTER UPDATE ON boards
    FOR EACH ROW EXECUTE FUNCTION boards_cascade();

-- Albums have a trigger, but on another column: it does not cascade.
CREATE TABLE albums (
    id         bigserial PRIMARY KEY,
    title      text NOT NULL,
    updated_at timestamptz,
    deleted_at timestamptz
);
CREATE TABLE photos (
    id         bigserial PRIMARY KEY,
    album_id   bigint NOT NULL REFERENCES albums (id),
    deleted_at timestamptz
);
CREATE FUNCTION albums_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at = now();
    RETURN NEW;
END
$$;
CREATE TRIGGER albums_touch BEFORE UPDATE OF title ON albums
    FOR EACH ROW EXECUTE FUNCTION albums_touch();
