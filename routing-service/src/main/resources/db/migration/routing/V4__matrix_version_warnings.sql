-- The non-fatal warnings found when a version was published (or copied by a rollback), so
-- GetMatrix, ListMatrixVersions and RollbackMatrix return them too, not only the publish call.
ALTER TABLE matrix_versions ADD COLUMN warnings text[] NOT NULL DEFAULT '{}';
