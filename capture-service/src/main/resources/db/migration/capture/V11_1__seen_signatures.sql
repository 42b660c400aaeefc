-- Replay memory for signed webhooks, shared by every capture replica (issue 11). Versioned 11.1
-- so it cannot collide with other branches.
--
-- A signed request ("<t>.<hex signature>") is accepted once within its replay window, whichever
-- replica it reaches: a replay sent to another pod is refused as it is on the first. Rows live
-- until the window has passed (after which the timestamp check refuses the request anyway) and
-- are then purged.
CREATE TABLE seen_signatures (
  signature  text        PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX seen_signatures_expiry ON seen_signatures (expires_at);
