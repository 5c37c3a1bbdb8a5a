-- Invitations: staff invite a person to a role; the person sets a password through a one-time
-- link. Only the SHA-256 hash of the link's token is stored. An invitation is pending until it is
-- accepted, revoked or past expires_at.
CREATE TABLE user_invitations (
  id                uuid NOT NULL,
  org_id            uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  email             text NOT NULL,
  display_name      text NOT NULL CONSTRAINT user_invitations_name_not_blank CHECK (btrim(display_name) <> ''),
  role              text NOT NULL
                    CONSTRAINT user_invitations_role_check CHECK (role IN ('admin', 'property_manager', 'owner', 'tenant', 'technician')),
  tenant_id         uuid,
  owner_id          uuid,
  token_hash        text NOT NULL,
  invited_by        uuid,
  expires_at        timestamptz NOT NULL,
  accepted_at       timestamptz,
  accepted_user_id  uuid,
  revoked_at        timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT user_invitations_pkey PRIMARY KEY (id),
  CONSTRAINT user_invitations_org_id_key UNIQUE (org_id, id),
  CONSTRAINT user_invitations_token_key UNIQUE (token_hash),
  CONSTRAINT user_invitations_tenant_fkey FOREIGN KEY (org_id, tenant_id) REFERENCES tenants (org_id, id) ON DELETE CASCADE,
  CONSTRAINT user_invitations_owner_fkey FOREIGN KEY (org_id, owner_id) REFERENCES owners (org_id, id) ON DELETE CASCADE,
  CONSTRAINT user_invitations_invited_by_fkey FOREIGN KEY (org_id, invited_by) REFERENCES users (org_id, id) ON DELETE SET NULL (invited_by),
  CONSTRAINT user_invitations_accepted_user_fkey FOREIGN KEY (org_id, accepted_user_id) REFERENCES users (org_id, id) ON DELETE SET NULL (accepted_user_id),
  CONSTRAINT user_invitations_tenant_role_check CHECK ((role = 'tenant') = (tenant_id IS NOT NULL)),
  CONSTRAINT user_invitations_owner_role_check CHECK ((role = 'owner') = (owner_id IS NOT NULL))
);
-- An address is invited once at a time, like it belongs to one account (expired ones are revoked before a new one).
CREATE UNIQUE INDEX user_invitations_email_key ON user_invitations (lower(email)) WHERE accepted_at IS NULL AND revoked_at IS NULL;
-- A tenant record gets one login, so one open invitation.
CREATE UNIQUE INDEX user_invitations_tenant_key ON user_invitations (org_id, tenant_id) WHERE tenant_id IS NOT NULL AND accepted_at IS NULL AND revoked_at IS NULL;
CREATE INDEX user_invitations_org_idx ON user_invitations (org_id, created_at, id);
-- The login of a tenant record, looked up before inviting it.
CREATE INDEX users_tenant_idx ON users (org_id, tenant_id) WHERE tenant_id IS NOT NULL;
