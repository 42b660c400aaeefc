-- Routing engine: distribution state, open leads, reassignments, rollbacks, change notifications.

-- Smooth weighted round robin keeps each member's current weight per queue (nginx's algorithm).
-- Updated in the assignment's transaction while the queue row is locked.
ALTER TABLE queue_cursors ADD COLUMN current_weights jsonb NOT NULL DEFAULT '{}'::jsonb;

ALTER TABLE assignments
  ADD COLUMN lead                   bytea,                        -- leadrouter.v1.Lead as routed (for Reassign)
  ADD COLUMN current                boolean     NOT NULL DEFAULT true,
  ADD COLUMN first_touched_at       timestamptz,
  ADD COLUMN previous_assignment_id uuid,
  ADD COLUMN request_key            text;                         -- Reassign idempotency

-- Open = current and not yet touched: what load balancing and max_open_leads count.
CREATE INDEX assignments_open ON assignments (rep_id) WHERE current AND first_touched_at IS NULL;
CREATE INDEX assignments_lead ON assignments (lead_id, sequence DESC);
CREATE UNIQUE INDEX assignments_request_key ON assignments (lead_id, request_key) WHERE request_key IS NOT NULL;

ALTER TABLE matrix_versions ADD COLUMN rolled_back_from bigint NOT NULL DEFAULT 0;

-- Every replica keeps matrix and reps in memory; these tell them to reload (channel names are lower case).
CREATE FUNCTION routing_snapshot_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('routing_snapshot', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

CREATE TRIGGER reps_changed AFTER INSERT OR UPDATE OR DELETE ON reps
  FOR EACH STATEMENT EXECUTE FUNCTION routing_snapshot_changed();
CREATE TRIGGER matrix_versions_changed AFTER INSERT OR UPDATE OR DELETE ON matrix_versions
  FOR EACH STATEMENT EXECUTE FUNCTION routing_snapshot_changed();
