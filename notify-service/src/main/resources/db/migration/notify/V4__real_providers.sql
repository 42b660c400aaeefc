-- What sending through real providers needs beyond one process's memory.

-- Carriers report after acceptance: an SMS status callback moves a SENT delivery to DELIVERED or
-- UNDELIVERED (found by the provider's message SID).
ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check CHECK (status IN
  ('PENDING', 'SENDING', 'SENT', 'RETRYING', 'FAILED', 'DEAD_LETTER', 'DELIVERED', 'UNDELIVERED'));
CREATE INDEX deliveries_by_provider_ref ON deliveries (provider_ref) WHERE provider_ref IS NOT NULL;
-- An SMS the carrier dropped needs an operator as much as a dead letter: ListDeadLetters shows it.
DROP INDEX deliveries_dead;
CREATE INDEX deliveries_dead ON deliveries (created_at DESC, id DESC)
  WHERE status IN ('FAILED', 'DEAD_LETTER', 'UNDELIVERED');

-- A channel whose provider refused our credentials (Slack invalid_auth, Twilio 401, SMTP 535) is
-- paused for every replica: its deliveries are held, not dead-lettered, and one delivery probes
-- the provider at probe_at; the first success removes the row and releases the rest.
CREATE TABLE channel_pauses (
  credential text        PRIMARY KEY,   -- smtp, slack-bot, slack-webhook, twilio, webhook
  reason     text        NOT NULL,
  paused_at  timestamptz NOT NULL DEFAULT now(),
  probe_at   timestamptz NOT NULL
);

-- Numbers that must not get SMS: the carrier said the recipient unsubscribed (Twilio error 21610)
-- or the recipient replied STOP. A START or UNSTOP reply removes the number.
CREATE TABLE sms_suppressions (
  phone      text        PRIMARY KEY,   -- E.164
  reason     text        NOT NULL,      -- 'stop reply' or 'carrier 21610'
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Token buckets shared by every replica: one row per endpoint (a sender number, a Slack channel,
-- an SMTP server). tokens may go below zero: each missing token is a reservation in the future.
CREATE TABLE rate_buckets (
  endpoint   text             PRIMARY KEY,
  tokens     double precision NOT NULL,
  updated_at timestamptz      NOT NULL
);
