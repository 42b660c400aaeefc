-- CRM owner write-back (issue 14). Versioned 14.1 so it cannot collide with other branches' V4+.
--
-- SKIPPED: a write-back deliberately not made (a person changed the owner in the CRM, or a later
-- assignment's write-back went out first).
ALTER TABLE deliveries DROP CONSTRAINT IF EXISTS deliveries_status_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check
  CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'RETRYING', 'FAILED', 'DEAD_LETTER', 'DELIVERED', 'UNDELIVERED',
                    'SKIPPED'));

-- The last owner leadrouter wrote to each CRM record, and for which assignment (sequence). The
-- write-back replaces only this owner (or, before the first write, the owner the record had when
-- it was captured): any other owner was set by a person, and is kept. A write for an older
-- sequence than the stored one is skipped, so a late retry cannot undo a reassignment.
CREATE TABLE crm_owner_writes (
  crm           text        NOT NULL,   -- SALESFORCE or HUBSPOT
  record_id     text        NOT NULL,
  object_type   text        NOT NULL,
  lead_id       text        NOT NULL,
  assignment_id text        NOT NULL,
  sequence      integer     NOT NULL,
  owner_id      text        NOT NULL,
  written_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (crm, record_id)
);

-- Owners a person set in the CRM after leadrouter's assignment; each one also asked sla-service
-- (through the outbox, in the same transaction) to stop reassigning the lead.
CREATE TABLE crm_owner_overrides (
  crm            text        NOT NULL,
  record_id      text        NOT NULL,
  assignment_id  text        NOT NULL,
  lead_id        text        NOT NULL,
  our_owner_id   text        NOT NULL,
  crm_owner_id   text        NOT NULL,
  detected_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (crm, record_id, assignment_id)
);
