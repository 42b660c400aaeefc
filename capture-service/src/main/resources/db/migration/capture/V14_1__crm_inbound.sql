-- Leads coming in from CRMs (issue 14). Versioned 14.1 so it cannot collide with other branches.
--
-- crm_inbound: every CRM record announced to capture (a Salesforce Lead found by polling, a
-- HubSpot contact.creation webhook), stored before the CRM is answered or the cursor moves, then
-- taken in by a worker. The key (crm, record_id) drops repeated announcements; the lead's
-- idempotency key "crm:<crm>:<record id>" makes a retry after a crash find the lead it made.
CREATE TABLE crm_inbound (
  crm             text        NOT NULL,   -- SALESFORCE or HUBSPOT
  record_id       text        NOT NULL,
  object_type     text        NOT NULL,
  record          text,                   -- the record as polled (JSON); null = fetch it
  received_at     timestamptz NOT NULL DEFAULT now(),
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_owner     text,
  lease_until     timestamptz,
  last_error      text,
  lead_id         uuid,
  done_at         timestamptz,
  PRIMARY KEY (crm, record_id)
);
CREATE INDEX crm_inbound_due ON crm_inbound (next_attempt_at) WHERE done_at IS NULL;

-- Durable polling cursors (Salesforce: the last Lead taken, by CreatedDate then Id), leased so
-- only one replica polls at a time; a dead replica's lease expires and another takes over.
CREATE TABLE crm_cursors (
  name         text        PRIMARY KEY,
  cursor_time  timestamptz NOT NULL,
  cursor_id    text        NOT NULL,
  lease_owner  text,
  lease_until  timestamptz
);
