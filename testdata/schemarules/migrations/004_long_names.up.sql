-- Names as long as real services write them: the index the fix suggests is
-- named as PostgreSQL would shorten it (63 bytes at most), so the index it
-- creates has the name the message gives.
CREATE TABLE workspace_integration_credentials (
    id                          bigserial PRIMARY KEY,
    workspace_integration_id    bigint NOT NULL,
    external_account_identifier text NOT NULL,
    deleted_at                  timestamptz,
    UNIQUE (workspace_integration_id, external_account_identifier) -- want `unique constraint workspace_integration_credent_workspace_integration_id_exte_key .* CREATE UNIQUE INDEX workspace_integration_credent_workspace_integration_id_ext_live ON`
);
