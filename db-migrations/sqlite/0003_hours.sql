-- Hours pushed by partner organisations, and the monthly payout runs that pay for them.
CREATE TABLE hour_entries (
    id               INTEGER PRIMARY KEY,
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
    external_id      TEXT    NOT NULL CHECK (length(external_id) BETWEEN 1 AND 100),
    placement_id     INTEGER NOT NULL REFERENCES placements (id),
    volunteer_id     INTEGER NOT NULL REFERENCES volunteers (id),
    date             TEXT    NOT NULL,
    minutes          INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    description      TEXT    NULL CHECK (description IS NULL OR length(description) <= 500),
    status           TEXT    NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
    reject_reason    TEXT    NULL,
    payout_id        INTEGER NULL REFERENCES payouts (id),
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    UNIQUE (organisation_id, external_id),
    CHECK (payout_id IS NULL OR status = 'approved')
);
CREATE INDEX ix_hours_volunteer_date ON hour_entries (volunteer_id, date);
CREATE INDEX ix_hours_placement_date ON hour_entries (placement_id, date);
CREATE INDEX ix_hours_payout ON hour_entries (payout_id) WHERE payout_id IS NOT NULL;
CREATE INDEX ix_hours_unpaid ON hour_entries (date, volunteer_id) WHERE status = 'approved' AND payout_id IS NULL;

CREATE TABLE payout_runs (
    id          INTEGER PRIMARY KEY,
    period      TEXT    NOT NULL CHECK (length(period) = 7),
    api_key_id  INTEGER NULL,
    created_at  TEXT    NOT NULL,
    report      TEXT    NOT NULL
);
