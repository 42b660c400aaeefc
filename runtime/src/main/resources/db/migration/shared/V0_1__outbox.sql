-- The transactional outbox every service uses to call the next hop.
-- A row is written in the same transaction as the state change that needs the call, so a call is
-- never lost: a relay (any replica) leases due rows with FOR UPDATE SKIP LOCKED, makes the call,
-- and deletes the row on success. The receiver is idempotent on message_key, so a repeat after a
-- crash between the call and the delete is harmless.
CREATE TABLE outbox (
  id          bigserial   PRIMARY KEY,
  topic       text        NOT NULL,               -- which call, e.g. 'routing.route'
  message_key text        NOT NULL,               -- idempotency key sent downstream (lead id, assignment id...)
  payload     bytea       NOT NULL,               -- the protobuf-encoded request
  created_at  timestamptz NOT NULL DEFAULT now(),
  available_at timestamptz NOT NULL DEFAULT now(), -- not before: backoff after failures
  attempts    integer     NOT NULL DEFAULT 0,
  lease_owner text,                               -- relay instance holding the row
  lease_until timestamptz,                        -- lease expiry: a killed relay's rows come back after this
  last_error  text,
  parked_at   timestamptz,                        -- set when the receiver refused it for good; needs a human
  UNIQUE (topic, message_key)
);

CREATE INDEX outbox_due ON outbox (available_at, id) WHERE parked_at IS NULL;

-- Wake relays at once instead of waiting for their next poll.
CREATE FUNCTION outbox_wake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_TABLE_SCHEMA || '_outbox', NEW.topic);
  RETURN NEW;
END;
$$;

CREATE TRIGGER outbox_wake AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_wake();
