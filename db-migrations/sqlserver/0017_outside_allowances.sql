-- Allowances a volunteer declares from organisations outside the scheme (issue 10). They count toward the same legal
-- limits as the scheme's own payouts, so they live in the same running totals, in a column of their own:
--   counted_cents  the scheme's counted payouts; the CHECK counted_cents <= cap_cents of 0002 keeps holding;
--   outside_cents  the declared outside allowances, stored in full even when they take the volunteer past a limit
--                  (a declaration is a fact, never refused for its size; it is flagged over_limit instead).
-- Payout writes grow counted_cents only while counted_cents + outside_cents + amount <= cap (PayoutSql.TryAdd), so the
-- scheme never adds to a total that an outside allowance already took to or past a limit; only a declaration can.
ALTER TABLE allowance_year_totals ADD
    outside_cents BIGINT NOT NULL CONSTRAINT df_year_totals_outside DEFAULT 0 CONSTRAINT ck_year_totals_outside CHECK (outside_cents >= 0);
ALTER TABLE allowance_month_totals ADD
    outside_cents BIGINT NOT NULL CONSTRAINT df_month_totals_outside DEFAULT 0 CONSTRAINT ck_month_totals_outside CHECK (outside_cents >= 0);

-- A removal keeps the row (removed_at, removed_by_key_id): it was part of the fiscal record while it counted.
CREATE TABLE outside_allowances (
    id                 BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_outside_allowances PRIMARY KEY,
    volunteer_id       BIGINT        NOT NULL CONSTRAINT fk_outside_allowances_volunteer REFERENCES volunteers (id),
    period             CHAR(7)       NOT NULL,
    kind               VARCHAR(16)   NOT NULL CONSTRAINT ck_outside_allowances_kind CHECK (kind IN ('allowance', 'travel', 'gift')),
    amount_cents       BIGINT        NOT NULL CONSTRAINT ck_outside_allowances_amount CHECK (amount_cents > 0),
    organisation_name  NVARCHAR(200) NOT NULL,
    evidence           NVARCHAR(500) NULL,
    over_limit         BIT           NOT NULL CONSTRAINT df_outside_allowances_over_limit DEFAULT 0,
    created_at         DATETIME2(7)  NOT NULL,
    created_by_key_id  BIGINT        NOT NULL CONSTRAINT fk_outside_allowances_created_by REFERENCES api_keys (id),
    removed_at         DATETIME2(7)  NULL,
    removed_by_key_id  BIGINT        NULL CONSTRAINT fk_outside_allowances_removed_by REFERENCES api_keys (id),
    version            INT           NOT NULL CONSTRAINT df_outside_allowances_version DEFAULT 1
);
-- A volunteer's declarations, one page at a time in id order (GET .../outside-allowances), and a year's for the statement.
CREATE INDEX ix_outside_allowances_volunteer_id ON outside_allowances (volunteer_id, id);
CREATE INDEX ix_outside_allowances_volunteer_period ON outside_allowances (volunteer_id, period);
