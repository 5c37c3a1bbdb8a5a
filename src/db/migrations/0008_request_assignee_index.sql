-- A technician's scope and the board's "assigned to" look requests up by assignee.
CREATE INDEX maintenance_requests_assignee_idx ON maintenance_requests (org_id, assignee_id) WHERE assignee_id IS NOT NULL;
