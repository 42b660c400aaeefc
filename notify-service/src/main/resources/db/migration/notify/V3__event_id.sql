-- Repeated events of one kind about one assignment (each repeat activity of a lead) are distinct
-- notifications: the caller's event id joins the idempotency key. '' = one per kind, as before.
ALTER TABLE deliveries ADD COLUMN event_id text NOT NULL DEFAULT '';
ALTER TABLE deliveries DROP CONSTRAINT deliveries_idempotency;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_idempotency UNIQUE (assignment_id, kind, event_id, channel, address);
