-- Privacy (issue 10, the AVG rights). DELETE /v1/volunteers/{id} pseudonymises a volunteer at once and keeps the fiscal
-- record (payouts, totals, audit) until retain_until, the end of the seventh year after the year of the last payout; the
-- retention job (api/Privacy/FiscalRetention.cs) erases the rest once that day has passed.
ALTER TABLE volunteers ADD COLUMN pseudonymised_at TEXT NULL;
ALTER TABLE volunteers ADD COLUMN retain_until TEXT NULL;
CREATE INDEX ix_volunteers_retain_until ON volunteers (retain_until) WHERE retain_until IS NOT NULL;

-- The audit trail stays append-only, with one exception: a redaction. It replaces personal values in a row's summary
-- (at pseudonymisation) or the whole summary (at the end of retention) and must stamp redacted_at; the instant, key,
-- role, action, entity and id of the row never change, and rows are never deleted.
ALTER TABLE audit_log ADD COLUMN redacted_at TEXT NULL;
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.api_key_id IS OLD.api_key_id AND NEW.role IS OLD.role
          AND NEW.action = OLD.action AND NEW.entity = OLD.entity AND NEW.entity_id = OLD.entity_id AND NEW.redacted_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: only a redaction (summary with redacted_at) may change a row'); END;
