-- Leads as captured. The full lead is kept as its protobuf encoding (the contract is the schema);
-- the columns beside it are what we look leads up by.
CREATE TABLE leads (
  lead_id          uuid        PRIMARY KEY,
  idempotency_key  text        UNIQUE,          -- Idempotency-Key header, or source:external id
  source_id        text,
  external_id      text,
  email            text,                        -- normalized, for dedupe and erasure
  phone            text,                        -- E.164, for dedupe and erasure
  received_at      timestamptz NOT NULL,
  lead             bytea       NOT NULL,        -- leadrouter.v1.Lead
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX leads_email ON leads (email) WHERE email IS NOT NULL;
CREATE INDEX leads_phone ON leads (phone) WHERE phone IS NOT NULL;
