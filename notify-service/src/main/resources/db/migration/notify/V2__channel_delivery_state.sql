-- State the senders of Slack, SMS and webhooks need beyond the first version's email-only columns.
--
-- not_before: the provider asked us to wait (HTTP 429/503 Retry-After). The outbox relay has its
--   own backoff and knows nothing of Retry-After, so the sender refuses (without calling out) any
--   offer before this time; see DeliveryHandler.
-- outcome_unknown: the last attempt ended so that the provider may have accepted the message
--   (timeout, 5xx). Providers without idempotency keys (SMS) are asked before sending again.
-- first_attempt_at: lower bound for that question ("messages created since").
-- provider_ref: the provider's id for the accepted message (Twilio SID, Slack ts), for support.
ALTER TABLE deliveries
  ADD COLUMN not_before       timestamptz,
  ADD COLUMN outcome_unknown  boolean NOT NULL DEFAULT false,
  ADD COLUMN first_attempt_at timestamptz,
  ADD COLUMN provider_ref     text;
