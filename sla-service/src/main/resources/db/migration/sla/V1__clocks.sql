-- One first-touch SLA clock per assignment.
--
-- Absent optional values (queue, segment, manager, time zone, touch) are NULL, never ''.
-- time_to_touch is not stored: it is touched_at - started_at, so it can never disagree with them.
CREATE TABLE clocks (
  clock_id       uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  assignment_id  text        NOT NULL UNIQUE,   -- idempotency key of StartClock
  lead_id        text        NOT NULL,
  rep_id         text        NOT NULL,
  queue_id       text,
  segment        text,
  manager_rep_id text,
  rep_time_zone  text,
  policy_id      text        NOT NULL,
  state          text        NOT NULL
                 CHECK (state IN ('RUNNING', 'WARNED', 'ESCALATED', 'BREACHED', 'TOUCHED', 'CANCELLED')),
  started_at     timestamptz NOT NULL,
  warn_at        timestamptz,                   -- NULL when the policy has no warning step
  deadline       timestamptz NOT NULL,
  escalate_at    timestamptz,                   -- NULL when the policy has no escalation step
  touched_at     timestamptz,
  touch_channel  text,
  -- The escalation ladder (later work) fires clocks whose next_fire_at has passed: a worker leases
  -- due rows (lease_owner/lease_until, FOR UPDATE SKIP LOCKED), runs the step and moves
  -- next_fire_at to the following one. NULL once nothing is left to fire (touched, cancelled, done).
  next_fire_at   timestamptz,
  lease_owner    text,
  lease_until    timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (deadline > started_at),
  CHECK (touched_at IS NULL OR touched_at >= started_at)
);

-- Due clocks for the ladder worker; partial so finished clocks cost nothing.
CREATE INDEX clocks_due ON clocks (next_fire_at) WHERE next_fire_at IS NOT NULL;

-- Starting a clock cancels the running clocks of the same lead's earlier assignments.
CREATE INDEX clocks_lead ON clocks (lead_id, started_at);

-- Speed-to-lead reports scan a started_at range.
CREATE INDEX clocks_started ON clocks (started_at);
