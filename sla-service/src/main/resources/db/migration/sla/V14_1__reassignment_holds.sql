-- Leads the SLA ladder must not reassign automatically (issue 14): a person took the lead over in
-- the CRM after leadrouter's assignment. Versioned 14.1 so it cannot collide with other branches.
CREATE TABLE reassignment_holds (
  lead_id       text        PRIMARY KEY,
  crm           text        NOT NULL,
  crm_owner_id  text        NOT NULL,
  reason        text        NOT NULL,
  held_at       timestamptz NOT NULL DEFAULT now()
);
