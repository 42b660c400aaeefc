-- The relay test schema needs only the shared outbox table.
SELECT 1;
