-- An Idempotency-Key belongs to the user who sent it: another user sending the same key makes a
-- request of their own, and is not told the key was used. The constraint keeps its name, so a
-- conflict on it still reads as the caller's own retry.
ALTER TABLE payments DROP CONSTRAINT payments_idempotency_key;
ALTER TABLE payments ADD CONSTRAINT payments_idempotency_key UNIQUE (org_id, created_by, idempotency_key);
