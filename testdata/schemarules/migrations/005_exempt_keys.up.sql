-- Keys a deleted row cannot block, beside their twins that it can.

-- A column the database fills with a new value on every insert: a later
-- session never repeats a deleted one's start time.
CREATE TABLE sessions (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    UNIQUE (user_id, started_at)
);

-- A date repeats: a deleted visit keeps its day.
CREATE TABLE visits (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL,
    day        date NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    UNIQUE (user_id, day) -- want `unique constraint visits_user_id_day_key on visits \(user_id, day\) counts soft-deleted rows`
);

-- A key containing another: (email, team) refuses nothing that (email)
-- does not, and (email) is the one reported. (team, nick) contains only a
-- key that is partial on the live predicate, and is reported.
CREATE TABLE members (
    id         bigserial PRIMARY KEY,
    email      text NOT NULL UNIQUE, -- want `unique constraint members_email_key on members \(email\) counts soft-deleted rows`
    team       text NOT NULL,
    nick       text NOT NULL,
    deleted_at timestamptz,
    UNIQUE (email, team),
    UNIQUE (team, nick) -- want `unique constraint members_team_nick_key on members \(team, nick\) counts soft-deleted rows`
);
CREATE UNIQUE INDEX members_nick_live ON members (nick) WHERE deleted_at IS NULL;
