-- Statutory limits are fixed, limits carry a version for their ETag, payouts name the run that created them,
-- and payout runs are listed by period.
ALTER TABLE allowance_limits ADD COLUMN statutory INTEGER NOT NULL DEFAULT 0 CHECK (statutory IN (0, 1));
ALTER TABLE allowance_limits ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- The seeded years are the Belastingdienst's published figures: law, not settings.
UPDATE allowance_limits SET statutory = 1 WHERE year IN (2023, 2024, 2025);

ALTER TABLE payouts ADD COLUMN payout_run_id INTEGER NULL REFERENCES payout_runs (id);
CREATE INDEX ix_payouts_run ON payouts (payout_run_id) WHERE payout_run_id IS NOT NULL;

CREATE INDEX ix_payout_runs_period ON payout_runs (period, id);
