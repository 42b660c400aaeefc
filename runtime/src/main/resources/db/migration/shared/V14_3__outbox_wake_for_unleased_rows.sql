-- Issue 10 (throughput). Numbered to sort after every migration any service has applied: Flyway
-- refuses a pending version lower than an applied one.
--
-- A row inserted already leased (LeasedWrites: the writing process's relay delivers it right after
-- commit) needs nobody woken: a NOTIFY for it only made every replica run a claim that found
-- nothing. Rows written without a lease still wake the relays at once.
DROP TRIGGER outbox_wake ON outbox;
CREATE TRIGGER outbox_wake AFTER INSERT ON outbox FOR EACH ROW
  WHEN (NEW.lease_owner IS NULL) EXECUTE FUNCTION outbox_wake();
