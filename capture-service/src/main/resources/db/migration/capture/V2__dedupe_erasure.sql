-- Idempotency keys remember the first answer for a key whatever it was (new lead or merge), so a
-- replay returns it unchanged. They outlive an erasure (keys are the client's ids, not personal data).
CREATE TABLE idempotency_keys (
  idempotency_key text        PRIMARY KEY,
  lead_id         uuid        NOT NULL,
  outcome         text        NOT NULL,   -- DEDUPE_OUTCOME_NEW or DEDUPE_OUTCOME_DUPLICATE_MERGED
  created_at      timestamptz NOT NULL DEFAULT now()
);
INSERT INTO idempotency_keys (idempotency_key, lead_id, outcome, created_at)
  SELECT idempotency_key, lead_id, 'DEDUPE_OUTCOME_NEW', created_at FROM leads WHERE idempotency_key IS NOT NULL;

ALTER TABLE leads ADD COLUMN updated_at timestamptz;
CREATE INDEX leads_email_recent ON leads (email, created_at) WHERE email IS NOT NULL;
CREATE INDEX leads_phone_recent ON leads (phone, created_at) WHERE phone IS NOT NULL;

-- A repeat submission by the contact of an existing lead: merged into the lead, not routed again.
-- The submission itself is kept (it is personal data: erasure deletes it with the lead).
CREATE TABLE lead_activity (
  activity_id  uuid        PRIMARY KEY,
  lead_id      uuid        NOT NULL REFERENCES leads (lead_id) ON DELETE CASCADE,
  source_id    text,
  email        text,                   -- of the submission, so an erasure by email finds it
  occurred_at  timestamptz NOT NULL,
  submission   bytea       NOT NULL      -- leadrouter.v1.Lead as submitted (normalized)
);
CREATE INDEX lead_activity_lead ON lead_activity (lead_id, occurred_at);
CREATE INDEX lead_activity_email ON lead_activity (email) WHERE email IS NOT NULL;

-- What is left of an erased lead: no personal data, enough for statistics (leads per source/day).
CREATE TABLE erased_leads (
  lead_id      uuid        PRIMARY KEY,
  source_id    text,
  received_at  timestamptz NOT NULL,
  erased_at    timestamptz NOT NULL
);

-- Who erased what, when and why: no personal data (the email of an erasure by email is not kept).
CREATE TABLE erasure_audit (
  erasure_id   uuid        PRIMARY KEY,
  requested_by text        NOT NULL,
  reason       text        NOT NULL,
  target_kind  text        NOT NULL,   -- 'lead_id' or 'email'
  lead_count   integer     NOT NULL,
  erased_at    timestamptz NOT NULL
);
