-- Core registry: organisations, volunteers, allowance agreements, placements, API keys.
-- Dates are ISO text (yyyy-MM-dd), instants ISO-8601 UTC text, money integer cents.
CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('nonprofit', 'care', 'other')),
    kvk_number  TEXT    NULL CHECK (kvk_number IS NULL OR length(kvk_number) = 8),
    email       TEXT    NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE volunteers (
    id             INTEGER PRIMARY KEY,
    first_name     TEXT    NOT NULL,
    last_name      TEXT    NOT NULL,
    date_of_birth  TEXT    NOT NULL,
    email          TEXT    NULL,
    phone          TEXT    NULL,
    iban           TEXT    NULL,
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE agreements (
    id                   INTEGER PRIMARY KEY,
    volunteer_id         INTEGER NOT NULL REFERENCES volunteers (id),
    start_date           TEXT    NOT NULL,
    end_date             TEXT    NOT NULL,
    hourly_rate_cents    INTEGER NULL CHECK (hourly_rate_cents IS NULL OR hourly_rate_cents > 0),
    annual_budget_cents  INTEGER NULL CHECK (annual_budget_cents IS NULL OR annual_budget_cents > 0),
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1,
    CHECK (start_date <= end_date)
);
CREATE INDEX ix_agreements_volunteer ON agreements (volunteer_id, start_date);

CREATE TABLE placements (
    id               INTEGER PRIMARY KEY,
    volunteer_id     INTEGER NOT NULL REFERENCES volunteers (id),
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
    start_date       TEXT    NOT NULL,
    end_date         TEXT    NULL,
    activity         TEXT    NOT NULL,
    hours_per_week   INTEGER NULL CHECK (hours_per_week IS NULL OR hours_per_week BETWEEN 1 AND 40),
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    CHECK (end_date IS NULL OR start_date <= end_date)
);
CREATE INDEX ix_placements_organisation ON placements (organisation_id, id);
CREATE INDEX ix_placements_volunteer ON placements (volunteer_id, id);

CREATE TABLE api_keys (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    role             TEXT    NOT NULL CHECK (role IN ('admin', 'finance', 'coordinator', 'partner', 'website')),
    organisation_id  INTEGER NULL REFERENCES organisations (id),
    key_hash         TEXT    NOT NULL UNIQUE,
    key_prefix       TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    revoked_at       TEXT    NULL,
    CHECK ((role = 'partner') = (organisation_id IS NOT NULL))
);
