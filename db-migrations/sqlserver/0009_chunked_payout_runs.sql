-- A payout run is booked in chunks, each its own transaction: the run row records how far it got (status, the last
-- volunteer done, running totals) so a restart continues from there, and the report is stored once, a line per
-- volunteer, instead of as a JSON blob (which the idempotency record used to hold a second time).
ALTER TABLE payout_runs ADD
    status             VARCHAR(16) NOT NULL CONSTRAINT df_payout_runs_status DEFAULT 'completed'
                       CONSTRAINT ck_payout_runs_status CHECK (status IN ('running', 'completed')),
    last_volunteer_id  BIGINT NOT NULL CONSTRAINT df_payout_runs_last_volunteer DEFAULT 0,
    payout_count       INT    NOT NULL CONSTRAINT df_payout_runs_payout_count DEFAULT 0,
    paid_cents         BIGINT NOT NULL CONSTRAINT df_payout_runs_paid_cents DEFAULT 0;
GO
-- Two runs of one month at once would race for the same hours: at most one may be running per period.
CREATE UNIQUE INDEX ux_payout_runs_running ON payout_runs (period) WHERE status = 'running';

CREATE TABLE payout_run_lines (
    payout_run_id  BIGINT NOT NULL CONSTRAINT fk_payout_run_lines_run REFERENCES payout_runs (id),
    volunteer_id   BIGINT NOT NULL CONSTRAINT fk_payout_run_lines_volunteer REFERENCES volunteers (id),
    minutes        INT    NOT NULL,
    gross_cents    BIGINT NOT NULL,
    paid_cents     BIGINT NOT NULL,
    trimmed_cents  BIGINT NOT NULL,
    trimmed_by     VARCHAR(64) NULL,
    payout_id      BIGINT NULL CONSTRAINT fk_payout_run_lines_payout REFERENCES payouts (id),
    skipped        VARCHAR(64) NULL,
    CONSTRAINT pk_payout_run_lines PRIMARY KEY (payout_run_id, volunteer_id)
);
GO
-- Runs stored before this script keep their reports, now as lines.
INSERT INTO payout_run_lines (payout_run_id, volunteer_id, minutes, gross_cents, paid_cents, trimmed_cents, trimmed_by, payout_id, skipped)
SELECT r.id, v.volunteerId, v.minutes, v.grossCents, v.paidCents, v.trimmedCents, v.trimmedBy, v.payoutId, v.skipped
FROM payout_runs r
CROSS APPLY OPENJSON(r.report, '$.volunteers') WITH (
    volunteerId BIGINT '$.volunteerId', minutes INT '$.minutes', grossCents BIGINT '$.grossCents', paidCents BIGINT '$.paidCents',
    trimmedCents BIGINT '$.trimmedCents', trimmedBy VARCHAR(64) '$.trimmedBy', payoutId BIGINT '$.payoutId', skipped VARCHAR(64) '$.skipped') v;
UPDATE payout_runs SET payout_count = CAST(JSON_VALUE(report, '$.payoutCount') AS INT), paid_cents = CAST(JSON_VALUE(report, '$.paidCents') AS BIGINT);
GO
ALTER TABLE payout_runs DROP COLUMN report;
