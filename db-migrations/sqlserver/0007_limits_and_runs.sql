-- Statutory limits are fixed, limits carry a version for their ETag, payouts name the run that created them,
-- and payout runs are listed by period.
ALTER TABLE allowance_limits ADD
    statutory  BIT NOT NULL CONSTRAINT df_allowance_limits_statutory DEFAULT 0,
    version    INT NOT NULL CONSTRAINT df_allowance_limits_version DEFAULT 1;
GO
-- The seeded years are the Belastingdienst's published figures: law, not settings.
UPDATE allowance_limits SET statutory = 1 WHERE year IN (2023, 2024, 2025);

ALTER TABLE payouts ADD payout_run_id BIGINT NULL CONSTRAINT fk_payouts_payout_run REFERENCES payout_runs (id);
GO
CREATE INDEX ix_payouts_run ON payouts (payout_run_id) WHERE payout_run_id IS NOT NULL;

CREATE INDEX ix_payout_runs_period ON payout_runs (period, id);
