-- Reps as last upserted; the protobuf encoding is the record, columns are for lookups.
CREATE TABLE reps (
  rep_id     text        PRIMARY KEY,
  active     boolean     NOT NULL,
  rep        bytea       NOT NULL,       -- leadrouter.v1.Rep
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Published routing matrices. Versions are immutable; exactly one is active.
CREATE TABLE matrix_versions (
  version      bigserial   PRIMARY KEY,
  format       text        NOT NULL,
  source       text        NOT NULL,
  comment      text        NOT NULL DEFAULT '',
  published_by text        NOT NULL DEFAULT '',
  published_at timestamptz NOT NULL DEFAULT now(),
  active       boolean     NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX matrix_versions_one_active ON matrix_versions (active) WHERE active;

-- Round-robin position per queue. Advanced with an atomic UPDATE, so replicas share one sequence
-- and the row lock serializes concurrent routes into the same queue.
CREATE TABLE queue_cursors (
  queue_id    text   PRIMARY KEY,
  next_ticket bigint NOT NULL
);

-- Every decision, with the version it was made under and why.
CREATE TABLE assignments (
  assignment_id  uuid        PRIMARY KEY,
  lead_id        uuid        NOT NULL,
  sequence       integer     NOT NULL,   -- 0 = first routing, 1.. = reassignments
  rep_id         text        NOT NULL,
  queue_id       text        NOT NULL,
  rule_id        text        NOT NULL,
  matrix_version bigint      NOT NULL,
  catch_all      boolean     NOT NULL,
  decided_at     timestamptz NOT NULL,
  assignment     bytea       NOT NULL,   -- leadrouter.v1.Assignment, with reason and trace
  UNIQUE (lead_id, sequence)             -- Route is idempotent per lead: a retry can never assign twice
);
CREATE INDEX assignments_rep ON assignments (rep_id, decided_at);
CREATE INDEX assignments_catch_all ON assignments (decided_at) WHERE catch_all;
