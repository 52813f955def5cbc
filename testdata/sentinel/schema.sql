CREATE TABLE Posts (
    Id       varchar(26) PRIMARY KEY,
    ChannelId varchar(26) NOT NULL,
    Message  text,
    DeleteAt bigint NOT NULL DEFAULT 0
);
CREATE TABLE Channels (
    Id       varchar(26) PRIMARY KEY,
    Name     text NOT NULL,
    DeleteAt bigint NOT NULL DEFAULT 0
);
CREATE TABLE Jobs (
    Id       varchar(26) PRIMARY KEY,
    DeleteAt bigint NOT NULL DEFAULT 0
);
-- deleted_at is not configured here: not a soft-delete column in this module.
CREATE TABLE Sessions (
    Id         varchar(26) PRIMARY KEY,
    deleted_at timestamptz
);
CREATE TABLE Teams (
    Id       varchar(26) PRIMARY KEY,
    archived boolean NOT NULL DEFAULT false -- want `teams.archived is a boolean soft-delete flag`
);
