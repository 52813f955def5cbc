-- Playlists: their tracks are soft-deleted only with the playlist, their
-- notes also one by one.
CREATE TABLE playlists (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL,
    deleted_at timestamptz
);
CREATE TABLE tracks (
    id          bigserial PRIMARY KEY,
    playlist_id bigint NOT NULL REFERENCES playlists (id),
    title       text NOT NULL,
    deleted_at  timestamptz
);
CREATE TABLE playlist_notes (
    id          bigserial PRIMARY KEY,
    playlist_id bigint NOT NULL REFERENCES playlists (id),
    body        text NOT NULL,
    deleted_at  timestamptz
);
