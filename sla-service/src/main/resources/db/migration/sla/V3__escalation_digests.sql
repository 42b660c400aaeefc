-- Escalations caught up after an outage are not sent one by one: each waits here until its
-- manager's next digest lists it (see ladder/CatchUp and digest/EscalationDigests).
CREATE TABLE escalation_digest_items (
  clock_id       uuid        PRIMARY KEY REFERENCES clocks ON DELETE CASCADE,
  manager_rep_id text        NOT NULL,
  rep_id         text        NOT NULL,
  lead_id        text        NOT NULL,
  assignment_id  text        NOT NULL,
  deadline       timestamptz NOT NULL,
  queued_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  digest_id      uuid                                        -- NULL until a digest took it
);
CREATE INDEX escalation_digest_items_pending ON escalation_digest_items (manager_rep_id, queued_at)
  WHERE digest_id IS NULL;

-- One row per digest sent: the rate limit reads the manager's latest.
CREATE TABLE escalation_digests (
  digest_id      uuid        PRIMARY KEY,
  manager_rep_id text        NOT NULL,
  sent_at        timestamptz NOT NULL,
  items          integer     NOT NULL
);
CREATE INDEX escalation_digests_manager ON escalation_digests (manager_rep_id, sent_at DESC);
