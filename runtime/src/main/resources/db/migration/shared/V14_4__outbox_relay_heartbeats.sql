-- Issue 10 (throughput). Numbered to sort after every migration any service has applied: Flyway
-- refuses a pending version lower than an applied one.
--
-- The relays alive in this schema. A lease alone only tells a killed relay's rows from live ones
-- once it runs out (LEADROUTER_OUTBOX_LEASE, 30 s), so a SIGKILLed replica held its claimed rows
-- and the rows its process wrote leased to it that long. Each relay now beats here every
-- LEADROUTER_OUTBOX_HEARTBEAT; one whose beat is older than LEADROUTER_OUTBOX_DEAD_AFTER is
-- deleted by a live relay, in the same transaction that clears its rows' leases, and they are
-- claimed at once. The lease stays the outer bound (a relay that never registered, a reaper that
-- died). heartbeat_at is the database's clock only, so relays on hosts with skewed clocks agree.
-- The clearing UPDATE scans the outbox (no index on lease_owner: every claim would pay for one);
-- it runs only when a relay died.
CREATE TABLE outbox_relays (
  owner        text        PRIMARY KEY,            -- the relay's lease_owner in outbox
  heartbeat_at timestamptz NOT NULL DEFAULT now()
);
