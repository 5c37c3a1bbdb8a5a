-- Real time. Each committed event gets a position in its organization's stream, assigned after
-- commit by the one dispatcher, in commit order: a client resumes from the last position it saw.
-- (`seq` is assigned at insert, so a transaction that commits later can hold a smaller one.)
ALTER TABLE events
  ADD COLUMN position bigint,
  ADD COLUMN dispatched_at timestamptz,
  ADD CONSTRAINT events_position_positive CHECK (position > 0);
CREATE UNIQUE INDEX events_org_position_key ON events (org_id, position);
CREATE INDEX events_pending_idx ON events (seq) WHERE position IS NULL;

CREATE TABLE event_streams (
  org_id         uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
  last_position  bigint NOT NULL DEFAULT 0
);

-- Events written before real time existed are history, not news: number them as delivered.
UPDATE events e
SET position = n.position, dispatched_at = now()
FROM (SELECT seq, row_number() OVER (PARTITION BY org_id ORDER BY seq) AS position FROM events) n
WHERE e.seq = n.seq;
INSERT INTO event_streams (org_id, last_position)
SELECT org_id, max(position) FROM events GROUP BY org_id;

-- Wakes the dispatcher; a notification is delivered at commit and never for a rollback.
CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tms_events', '');
  RETURN NULL;
END
$$;
CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION events_notify();

-- The accounts of an owner, looked up when a property's room members change.
CREATE INDEX users_owner_idx ON users (org_id, owner_id) WHERE owner_id IS NOT NULL;

-- The conversation of a lease (its tenants and the property's managers), as request_comments is
-- that of a maintenance request. Its events use the topic 'comment' with a leaseId.
CREATE TABLE lease_messages (
  id          uuid NOT NULL,
  org_id      uuid NOT NULL,
  lease_id    uuid NOT NULL,
  author_id   uuid,
  body        text NOT NULL CONSTRAINT lease_messages_body_not_blank CHECK (btrim(body) <> ''),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT lease_messages_pkey PRIMARY KEY (id),
  CONSTRAINT lease_messages_lease_fkey FOREIGN KEY (org_id, lease_id) REFERENCES leases (org_id, id) ON DELETE CASCADE,
  CONSTRAINT lease_messages_author_fkey FOREIGN KEY (org_id, author_id) REFERENCES users (org_id, id) ON DELETE SET NULL (author_id)
);
CREATE INDEX lease_messages_lease_idx ON lease_messages (org_id, lease_id, created_at, id);
