-- Follow-up tasks in the CRM (issue 14, opt-in: SALESFORCE_CREATE_TASK / HUBSPOT_CREATE_TASK).
--
-- One row per owner write-back that asked for a task, written in the same transaction that
-- records the write (and with the outbox row that creates the task), so a task is asked for only
-- after a successful owner write. The row is also the marker that makes creating it exactly once in
-- effect: attempted_at is set before the CRM is called; a retry that finds it set first looks for
-- the task in the CRM (by its subject, which names the assignment) before creating one.
CREATE TABLE crm_follow_up_tasks (
  crm           text        NOT NULL,   -- SALESFORCE or HUBSPOT
  record_id     text        NOT NULL,   -- the Lead/Contact or contact the task is about
  assignment_id text        NOT NULL,
  object_type   text        NOT NULL,
  lead_id       text        NOT NULL,
  owner_id      text        NOT NULL,   -- the CRM user the task is for
  subject       text        NOT NULL,
  description   text        NOT NULL,   -- the routing "why"
  due_at        timestamptz NOT NULL,
  requested_at  timestamptz NOT NULL DEFAULT now(),
  attempted_at  timestamptz,
  task_id       text,                   -- set once the CRM has the task
  created_at    timestamptz,
  PRIMARY KEY (crm, record_id, assignment_id)
);
