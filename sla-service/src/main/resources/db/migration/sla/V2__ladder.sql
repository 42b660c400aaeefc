-- The escalation ladder: which step next_fire_at belongs to, the reassignment step, the lead
-- snapshot notifications show, and a row per fired step.

ALTER TABLE clocks ADD COLUMN reassign_at timestamptz;            -- NULL when the policy never reassigns
ALTER TABLE clocks ADD COLUMN next_step text
  CHECK (next_step IN ('WARN', 'BREACH', 'ESCALATE', 'REASSIGN'));
ALTER TABLE clocks ADD COLUMN business_hours boolean NOT NULL DEFAULT false;
-- The Lead from StartClock (protobuf), shown in warning and escalation messages. Holds contact
-- data: never logged.
ALTER TABLE clocks ADD COLUMN lead bytea;

-- Clocks started before the ladder existed continue at their next instant.
UPDATE clocks SET next_step = CASE WHEN next_fire_at = warn_at THEN 'WARN' ELSE 'BREACH' END
 WHERE next_fire_at IS NOT NULL;

ALTER TABLE clocks ADD CONSTRAINT clocks_next_step CHECK ((next_fire_at IS NULL) = (next_step IS NULL));

-- One row per fired step: the primary key makes a second firing of a step impossible, whatever
-- happens to leases, and fired_at - due_at is the firing lag.
CREATE TABLE clock_steps (
  clock_id  uuid        NOT NULL REFERENCES clocks ON DELETE CASCADE,
  step      text        NOT NULL CHECK (step IN ('WARN', 'BREACH', 'ESCALATE', 'REASSIGN')),
  due_at    timestamptz NOT NULL,
  fired_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  fired_by  text        NOT NULL,                 -- scheduler instance that held the lease
  outcome   text        NOT NULL,                 -- what the step did, e.g. NOTIFY_OWNER, NO_MANAGER
  PRIMARY KEY (clock_id, step)
);

-- The weekly breach report covers clocks by deadline.
CREATE INDEX clocks_deadline ON clocks (deadline);

-- One row per weekly breach report period; claimed with a lease so one replica sends it, once.
CREATE TABLE weekly_reports (
  period_end   timestamptz PRIMARY KEY,           -- the scheduled report time; the period is the 7 days before
  period_start timestamptz NOT NULL,
  lease_owner  text,
  lease_until  timestamptz,
  managers     integer,                           -- reports queued, set when sent
  sent_at      timestamptz
);
