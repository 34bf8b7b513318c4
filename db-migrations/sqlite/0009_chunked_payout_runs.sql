-- A payout run is booked in chunks, each its own transaction: the run row records how far it got (status, the last
-- volunteer done, running totals) so a restart continues from there, and the report is stored once, a line per
-- volunteer, instead of as a JSON blob (which the idempotency record used to hold a second time).
ALTER TABLE payout_runs ADD COLUMN status TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('running', 'completed'));
ALTER TABLE payout_runs ADD COLUMN last_volunteer_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payout_runs ADD COLUMN payout_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payout_runs ADD COLUMN paid_cents INTEGER NOT NULL DEFAULT 0;
-- Two runs of one month at once would race for the same hours: at most one may be running per period.
CREATE UNIQUE INDEX ux_payout_runs_running ON payout_runs (period) WHERE status = 'running';

CREATE TABLE payout_run_lines (
    payout_run_id  INTEGER NOT NULL REFERENCES payout_runs (id),
    volunteer_id   INTEGER NOT NULL REFERENCES volunteers (id),
    minutes        INTEGER NOT NULL,
    gross_cents    INTEGER NOT NULL,
    paid_cents     INTEGER NOT NULL,
    trimmed_cents  INTEGER NOT NULL,
    trimmed_by     TEXT    NULL,
    payout_id      INTEGER NULL REFERENCES payouts (id),
    skipped        TEXT    NULL,
    PRIMARY KEY (payout_run_id, volunteer_id)
) WITHOUT ROWID;

-- Runs stored before this script keep their reports, now as lines.
INSERT INTO payout_run_lines (payout_run_id, volunteer_id, minutes, gross_cents, paid_cents, trimmed_cents, trimmed_by, payout_id, skipped)
SELECT r.id, json_extract(v.value, '$.volunteerId'), json_extract(v.value, '$.minutes'), json_extract(v.value, '$.grossCents'),
       json_extract(v.value, '$.paidCents'), json_extract(v.value, '$.trimmedCents'), json_extract(v.value, '$.trimmedBy'),
       json_extract(v.value, '$.payoutId'), json_extract(v.value, '$.skipped')
FROM payout_runs r, json_each(r.report, '$.volunteers') v;
UPDATE payout_runs SET payout_count = json_extract(report, '$.payoutCount'), paid_cents = json_extract(report, '$.paidCents');
ALTER TABLE payout_runs DROP COLUMN report;
