-- Allowance limits, payouts, running totals per volunteer-year and volunteer-month,
-- the audit trail and idempotency keys.
CREATE TABLE allowance_limits (
    year                  INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    annual_cents          INTEGER NOT NULL CHECK (annual_cents > 0),
    monthly_cents         INTEGER NOT NULL CHECK (monthly_cents > 0),
    hourly_cents          INTEGER NOT NULL CHECK (hourly_cents > 0),
    hourly_under21_cents  INTEGER NOT NULL CHECK (hourly_under21_cents > 0),
    updated_at            TEXT    NOT NULL,
    CHECK (monthly_cents <= annual_cents),
    CHECK (hourly_under21_cents <= hourly_cents)
);
-- Belastingdienst, "Vrijwilligersvergoedingen": 2023, 2024 and the published 2025 figures. No other year is guessed.
INSERT INTO allowance_limits (year, annual_cents, monthly_cents, hourly_cents, hourly_under21_cents, updated_at) VALUES
    (2023, 190000, 19000, 500, 275, '2025-01-01 00:00:00'),
    (2024, 210000, 21000, 550, 325, '2025-01-01 00:00:00'),
    (2025, 210000, 21000, 560, 330, '2025-01-01 00:00:00');

CREATE TABLE payouts (
    id                 INTEGER PRIMARY KEY,
    volunteer_id       INTEGER NOT NULL REFERENCES volunteers (id),
    agreement_id       INTEGER NOT NULL REFERENCES agreements (id),
    kind               TEXT    NOT NULL CHECK (kind IN ('allowance', 'travel', 'gift', 'expense')),
    amount_cents       INTEGER NOT NULL CHECK (amount_cents > 0),
    period             TEXT    NOT NULL CHECK (length(period) = 7),
    status             TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'paid', 'cancelled', 'rejected')),
    description        TEXT    NULL,
    receipt_reference  TEXT    NULL,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1,
    CHECK (kind <> 'expense' OR receipt_reference IS NOT NULL)
);
CREATE INDEX ix_payouts_volunteer_period ON payouts (volunteer_id, period);
CREATE INDEX ix_payouts_period ON payouts (period, id);

-- Running totals of counted payouts (pending, approved, paid of kinds allowance, travel, gift).
-- Payout writes change them with conditional updates, year row first, then month row; the CHECKs
-- are the backstop that no write can push a total past the cap it was checked against.
CREATE TABLE allowance_year_totals (
    volunteer_id   INTEGER NOT NULL REFERENCES volunteers (id),
    year           INTEGER NOT NULL,
    counted_cents  INTEGER NOT NULL DEFAULT 0,
    cap_cents      INTEGER NOT NULL,
    PRIMARY KEY (volunteer_id, year),
    CHECK (counted_cents >= 0 AND counted_cents <= cap_cents)
) WITHOUT ROWID;

CREATE TABLE allowance_month_totals (
    volunteer_id   INTEGER NOT NULL REFERENCES volunteers (id),
    period         TEXT    NOT NULL,
    counted_cents  INTEGER NOT NULL DEFAULT 0,
    cap_cents      INTEGER NOT NULL,
    PRIMARY KEY (volunteer_id, period),
    CHECK (counted_cents >= 0 AND counted_cents <= cap_cents)
) WITHOUT ROWID;

-- Append-only: the service never updates or deletes these rows.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    api_key_id  INTEGER NULL,
    role        TEXT    NULL,
    action      TEXT    NOT NULL,
    entity      TEXT    NOT NULL,
    entity_id   INTEGER NOT NULL,
    summary     TEXT    NOT NULL
);
CREATE INDEX ix_audit_entity ON audit_log (entity, entity_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE idempotency_keys (
    api_key_id       INTEGER NOT NULL,
    idempotency_key  TEXT    NOT NULL,
    fingerprint      TEXT    NOT NULL,
    status_code      INTEGER NOT NULL,
    location         TEXT    NULL,
    body             TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    PRIMARY KEY (api_key_id, idempotency_key)
) WITHOUT ROWID;
CREATE INDEX ix_idempotency_created ON idempotency_keys (created_at);
