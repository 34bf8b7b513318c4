-- Allowance limits, payouts, running totals per volunteer-year and volunteer-month,
-- the audit trail and idempotency keys.
CREATE TABLE allowance_limits (
    year                  INT          NOT NULL CONSTRAINT pk_allowance_limits PRIMARY KEY,
    annual_cents          BIGINT       NOT NULL,
    monthly_cents         BIGINT       NOT NULL,
    hourly_cents          BIGINT       NOT NULL,
    hourly_under21_cents  BIGINT       NOT NULL,
    updated_at            DATETIME2(7) NOT NULL,
    CONSTRAINT ck_allowance_limits_year CHECK (year BETWEEN 2000 AND 2100),
    CONSTRAINT ck_allowance_limits_positive CHECK (annual_cents > 0 AND monthly_cents > 0 AND hourly_cents > 0 AND hourly_under21_cents > 0),
    CONSTRAINT ck_allowance_limits_monthly CHECK (monthly_cents <= annual_cents),
    CONSTRAINT ck_allowance_limits_hourly CHECK (hourly_under21_cents <= hourly_cents)
);
-- Belastingdienst, "Vrijwilligersvergoedingen": 2023, 2024 and the published 2025 figures. No other year is guessed.
INSERT INTO allowance_limits (year, annual_cents, monthly_cents, hourly_cents, hourly_under21_cents, updated_at) VALUES
    (2023, 190000, 19000, 500, 275, '2025-01-01T00:00:00'),
    (2024, 210000, 21000, 550, 325, '2025-01-01T00:00:00'),
    (2025, 210000, 21000, 560, 330, '2025-01-01T00:00:00');

CREATE TABLE payouts (
    id                 BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_payouts PRIMARY KEY,
    volunteer_id       BIGINT        NOT NULL CONSTRAINT fk_payouts_volunteer REFERENCES volunteers (id),
    agreement_id       BIGINT        NOT NULL CONSTRAINT fk_payouts_agreement REFERENCES agreements (id),
    kind               VARCHAR(16)   NOT NULL CONSTRAINT ck_payouts_kind CHECK (kind IN ('allowance', 'travel', 'gift', 'expense')),
    amount_cents       BIGINT        NOT NULL CONSTRAINT ck_payouts_amount CHECK (amount_cents > 0),
    period             CHAR(7)       NOT NULL,
    status             VARCHAR(16)   NOT NULL CONSTRAINT ck_payouts_status CHECK (status IN ('pending', 'approved', 'paid', 'cancelled', 'rejected')),
    description        NVARCHAR(500) NULL,
    receipt_reference  NVARCHAR(100) NULL,
    created_at         DATETIME2(7)  NOT NULL,
    updated_at         DATETIME2(7)  NOT NULL,
    version            INT           NOT NULL CONSTRAINT df_payouts_version DEFAULT 1,
    CONSTRAINT ck_payouts_receipt CHECK (kind <> 'expense' OR receipt_reference IS NOT NULL)
);
CREATE INDEX ix_payouts_volunteer_period ON payouts (volunteer_id, period);
CREATE INDEX ix_payouts_period ON payouts (period, id);

-- Running totals of counted payouts (pending, approved, paid of kinds allowance, travel, gift).
-- Payout writes change them with conditional updates, year row first, then month row; the CHECKs
-- are the backstop that no write can push a total past the cap it was checked against.
CREATE TABLE allowance_year_totals (
    volunteer_id   BIGINT NOT NULL CONSTRAINT fk_year_totals_volunteer REFERENCES volunteers (id),
    year           INT    NOT NULL,
    counted_cents  BIGINT NOT NULL CONSTRAINT df_year_totals_counted DEFAULT 0,
    cap_cents      BIGINT NOT NULL,
    CONSTRAINT pk_allowance_year_totals PRIMARY KEY (volunteer_id, year),
    CONSTRAINT ck_year_totals_cap CHECK (counted_cents >= 0 AND counted_cents <= cap_cents)
);

CREATE TABLE allowance_month_totals (
    volunteer_id   BIGINT  NOT NULL CONSTRAINT fk_month_totals_volunteer REFERENCES volunteers (id),
    period         CHAR(7) NOT NULL,
    counted_cents  BIGINT  NOT NULL CONSTRAINT df_month_totals_counted DEFAULT 0,
    cap_cents      BIGINT  NOT NULL,
    CONSTRAINT pk_allowance_month_totals PRIMARY KEY (volunteer_id, period),
    CONSTRAINT ck_month_totals_cap CHECK (counted_cents >= 0 AND counted_cents <= cap_cents)
);

-- Append-only: the service never updates or deletes these rows.
CREATE TABLE audit_log (
    id          BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_audit_log PRIMARY KEY,
    at          DATETIME2(7)  NOT NULL,
    api_key_id  BIGINT        NULL,
    role        VARCHAR(16)   NULL,
    action      VARCHAR(64)   NOT NULL,
    entity      VARCHAR(64)   NOT NULL,
    entity_id   BIGINT        NOT NULL,
    summary     NVARCHAR(MAX) NOT NULL
);
CREATE INDEX ix_audit_entity ON audit_log (entity, entity_id, id);
GO
CREATE TRIGGER audit_log_append_only ON audit_log INSTEAD OF UPDATE, DELETE AS
BEGIN
    THROW 50001, 'audit_log is append-only', 1;
END;
GO
CREATE TABLE idempotency_keys (
    api_key_id       BIGINT        NOT NULL,
    idempotency_key  NVARCHAR(200) NOT NULL,
    fingerprint      CHAR(64)      NOT NULL,
    status_code      INT           NOT NULL,
    location         NVARCHAR(400) NULL,
    body             NVARCHAR(MAX) NOT NULL,
    created_at       DATETIME2(7)  NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (api_key_id, idempotency_key)
);
CREATE INDEX ix_idempotency_created ON idempotency_keys (created_at);
