-- One row per notification to one recipient over one channel.
--
-- The UNIQUE key is Notify's idempotency key: a retried Notify (the caller's outbox redelivers after
-- a timeout) finds the existing row instead of creating a second one, so a rep is never emailed
-- twice for the same event. The sender renders the message from request (the NotifyRequest
-- protobuf as received) so later template changes apply to queued deliveries and no rendered copy
-- of the lead's personal data is kept beside it.
CREATE TABLE deliveries (
  id               uuid        PRIMARY KEY,
  assignment_id    text        NOT NULL,
  lead_id          text        NOT NULL,
  kind             text        NOT NULL,   -- NotificationKind without prefix, e.g. NEW_LEAD
  channel          text        NOT NULL,   -- Channel without prefix, e.g. EMAIL
  recipient_rep_id text        NOT NULL,
  recipient_role   text        NOT NULL,   -- RecipientRole without prefix, e.g. OWNER
  recipient_index  integer     NOT NULL,   -- position of the recipient in request.recipients
  address          text        NOT NULL,   -- email, phone or Slack id the delivery goes to
  status           text        NOT NULL
                   CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'RETRYING', 'FAILED', 'DEAD_LETTER')),
  attempts         integer     NOT NULL DEFAULT 0,
  last_error       text,
  request          bytea       NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz,
  CONSTRAINT deliveries_idempotency UNIQUE (assignment_id, kind, channel, address)
);

-- ListDeliveries: newest first per lead (the unique key already serves assignment_id lookups,
-- the sort is cheap there because an assignment has a handful of deliveries).
CREATE INDEX deliveries_by_lead ON deliveries (lead_id, created_at DESC, id DESC);

-- ListDeadLetters: only the small set needing an operator.
CREATE INDEX deliveries_dead ON deliveries (created_at DESC, id DESC) WHERE status IN ('FAILED', 'DEAD_LETTER');
