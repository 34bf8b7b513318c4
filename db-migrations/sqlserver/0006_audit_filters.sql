-- Indexes for the filters of GET /v1/audit. Each ends in id, so a filtered page is read in id order
-- straight from the index (keyset paging, no sort); (entity, entity_id, id) exists since 0002.
CREATE INDEX ix_audit_entity_only ON audit_log (entity, id);
CREATE INDEX ix_audit_action ON audit_log (action, id);
CREATE INDEX ix_audit_api_key ON audit_log (api_key_id, id);
-- Instants are not in id order (a request takes its instant before it queues for the write), so an
-- instant range reads its rows from this index and sorts them by id.
CREATE INDEX ix_audit_at ON audit_log (at, id);
