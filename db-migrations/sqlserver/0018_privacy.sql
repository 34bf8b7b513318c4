-- Privacy (issue 10, the AVG rights). DELETE /v1/volunteers/{id} pseudonymises a volunteer at once and keeps the fiscal
-- record (payouts, totals, audit) until retain_until, the end of the seventh year after the year of the last payout; the
-- retention job (api/Privacy/FiscalRetention.cs) erases the rest once that day has passed.
ALTER TABLE volunteers ADD pseudonymised_at DATETIME2(7) NULL, retain_until DATE NULL;
GO
CREATE INDEX ix_volunteers_retain_until ON volunteers (retain_until) WHERE retain_until IS NOT NULL;

-- The audit trail stays append-only, with one exception: a redaction. It replaces personal values in a row's summary
-- (at pseudonymisation) or the whole summary (at the end of retention) and must stamp redacted_at; the instant, key,
-- role, action, entity and id of the row never change, and rows are never deleted.
ALTER TABLE audit_log ADD redacted_at DATETIME2(7) NULL;
GO
ALTER TRIGGER audit_log_append_only ON audit_log INSTEAD OF UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted)
    BEGIN
        THROW 50001, 'audit_log is append-only', 1;
    END;
    IF EXISTS (SELECT 1 FROM deleted d LEFT JOIN inserted i ON i.id = d.id
               WHERE i.id IS NULL OR i.redacted_at IS NULL OR i.at <> d.at OR i.action <> d.action OR i.entity <> d.entity
                  OR i.entity_id <> d.entity_id OR ISNULL(i.api_key_id, -1) <> ISNULL(d.api_key_id, -1) OR ISNULL(i.role, '') <> ISNULL(d.role, ''))
    BEGIN
        THROW 50001, 'audit_log is append-only: only a redaction (summary with redacted_at) may change a row', 1;
    END;
    UPDATE a SET summary = i.summary, redacted_at = i.redacted_at FROM audit_log a JOIN inserted i ON i.id = a.id;
END;
GO
