-- One access token per provider, shared by every gateway instance (bKash blocks a caller that grants tokens too
-- often: about twice an hour). The instance that grants or refreshes holds the row with SELECT ... FOR UPDATE while
-- it does, so the others wait and then read the new token. The tokens are stored encrypted (AES-GCM, key derived from
-- the provider's app secret held in configuration, never in the database) and are never logged.

CREATE TABLE provider_token (
    provider       varchar(32)  PRIMARY KEY,
    token          text,                      -- encrypted id_token, base64; null = none usable
    refresh_token  text,                      -- encrypted refresh_token, base64
    expires_at     timestamptz,
    granted_at     timestamptz,
    refreshed_at   timestamptz,
    grants         bigint       NOT NULL DEFAULT 0,   -- how many grants were made, for ops (bKash rate-limits them)
    refreshes      bigint       NOT NULL DEFAULT 0
);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN
        EXECUTE 'GRANT SELECT, INSERT, UPDATE ON provider_token TO ${appRole}';
    END IF;
END
$$;
