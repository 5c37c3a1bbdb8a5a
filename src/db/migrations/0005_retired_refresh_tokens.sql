-- Refresh tokens a session has rotated away from. Presenting one again means the token was copied:
-- the session is revoked, so the newer token stops working too (refresh-token reuse detection).
CREATE TABLE retired_refresh_tokens (
  hash        text NOT NULL,
  session_id  uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  retired_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT retired_refresh_tokens_pkey PRIMARY KEY (hash)
);
CREATE INDEX retired_refresh_tokens_session_idx ON retired_refresh_tokens (session_id);
