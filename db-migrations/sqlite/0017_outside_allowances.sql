-- Allowances a volunteer declares from organisations outside the scheme (issue 10). They count toward the same legal
-- limits as the scheme's own payouts, so they live in the same running totals, in a column of their own:
--   counted_cents  the scheme's counted payouts; the CHECK counted_cents <= cap_cents of 0002 keeps holding;
--   outside_cents  the declared outside allowances, stored in full even when they take the volunteer past a limit
--                  (a declaration is a fact, never refused for its size; it is flagged over_limit instead).
-- Payout writes grow counted_cents only while counted_cents + outside_cents + amount <= cap (PayoutSql.TryAdd), so the
-- scheme never adds to a total that an outside allowance already took to or past a limit; only a declaration can.
ALTER TABLE allowance_year_totals ADD COLUMN outside_cents INTEGER NOT NULL DEFAULT 0 CHECK (outside_cents >= 0);
ALTER TABLE allowance_month_totals ADD COLUMN outside_cents INTEGER NOT NULL DEFAULT 0 CHECK (outside_cents >= 0);

-- A removal keeps the row (removed_at, removed_by_key_id): it was part of the fiscal record while it counted.
CREATE TABLE outside_allowances (
    id                 INTEGER PRIMARY KEY,
    volunteer_id       INTEGER NOT NULL REFERENCES volunteers (id),
    period             TEXT    NOT NULL,
    kind               TEXT    NOT NULL CHECK (kind IN ('allowance', 'travel', 'gift')),
    amount_cents       INTEGER NOT NULL CHECK (amount_cents > 0),
    organisation_name  TEXT    NOT NULL,
    evidence           TEXT    NULL,
    over_limit         INTEGER NOT NULL DEFAULT 0 CHECK (over_limit IN (0, 1)),
    created_at         TEXT    NOT NULL,
    created_by_key_id  INTEGER NOT NULL REFERENCES api_keys (id),
    removed_at         TEXT    NULL,
    removed_by_key_id  INTEGER NULL REFERENCES api_keys (id),
    version            INTEGER NOT NULL DEFAULT 1
);
-- A volunteer's declarations, one page at a time in id order (GET .../outside-allowances), and a year's for the statement.
CREATE INDEX ix_outside_allowances_volunteer_id ON outside_allowances (volunteer_id, id);
CREATE INDEX ix_outside_allowances_volunteer_period ON outside_allowances (volunteer_id, period);
