DROP TABLE playlist_notes;
DROP TABLE tracks;
DROP TABLE playlists;
