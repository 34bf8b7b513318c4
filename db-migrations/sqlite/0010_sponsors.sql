-- Funding (issue 8): sponsors, their SROI obligations, sponsorships (places bought for a period), allocations (one
-- place given to one volunteer for a date range, only with the volunteer's recorded consent), and keys bound to a
-- sponsor or to one volunteer (self-service, issue 9). Dates are ISO text, instants ISO-8601 UTC text, money cents.
CREATE TABLE sponsors (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('company', 'care', 'municipality', 'fund', 'other')),
    kvk_number     TEXT    NULL CHECK (kvk_number IS NULL OR length(kvk_number) = 8),
    contact_name   TEXT    NOT NULL,
    contact_email  TEXT    NULL,
    contact_phone  TEXT    NULL,
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_sponsors_kvk ON sponsors (kvk_number) WHERE kvk_number IS NOT NULL;

CREATE TABLE sroi_obligations (
    id                           INTEGER PRIMARY KEY,
    sponsor_id                   INTEGER NOT NULL REFERENCES sponsors (id),
    tender_reference             TEXT    NOT NULL,
    contracting_authority        TEXT    NOT NULL,
    obligation_cents             INTEGER NOT NULL CHECK (obligation_cents > 0),
    start_date                   TEXT    NOT NULL,
    end_date                     TEXT    NOT NULL,
    value_per_place_year_cents   INTEGER NOT NULL CHECK (value_per_place_year_cents > 0),
    created_at                   TEXT    NOT NULL,
    updated_at                   TEXT    NOT NULL,
    version                      INTEGER NOT NULL DEFAULT 1,
    CHECK (start_date <= end_date)
);
CREATE INDEX ix_sroi_obligations_sponsor ON sroi_obligations (sponsor_id, id);

-- amount_due_cents and allowance_budget_cents are derived by the service from places, the per-place amounts and
-- the period (stored so that reports and the payout path read them, not recompute them). drawn_cents is the sum of
-- the counted payouts funded by this sponsorship; payout writes raise it with a conditional update, and the CHECK is
-- the backstop that no write pushes it past the budget.
CREATE TABLE sponsorships (
    id                          INTEGER PRIMARY KEY,
    sponsor_id                  INTEGER NOT NULL REFERENCES sponsors (id),
    obligation_id               INTEGER NULL REFERENCES sroi_obligations (id),
    start_date                  TEXT    NOT NULL,
    end_date                    TEXT    NOT NULL,
    places                      INTEGER NOT NULL CHECK (places >= 1),
    allowance_per_place_cents   INTEGER NOT NULL CHECK (allowance_per_place_cents >= 0),
    overhead_per_place_cents    INTEGER NOT NULL CHECK (overhead_per_place_cents >= 0),
    status                      TEXT    NOT NULL CHECK (status IN ('committed', 'invoiced', 'paid', 'cancelled')),
    amount_due_cents            INTEGER NOT NULL CHECK (amount_due_cents >= 0),
    allowance_budget_cents      INTEGER NOT NULL CHECK (allowance_budget_cents >= 0),
    drawn_cents                 INTEGER NOT NULL DEFAULT 0,
    created_at                  TEXT    NOT NULL,
    updated_at                  TEXT    NOT NULL,
    version                     INTEGER NOT NULL DEFAULT 1,
    CHECK (start_date <= end_date),
    CHECK (drawn_cents >= 0 AND drawn_cents <= allowance_budget_cents)
);
CREATE INDEX ix_sponsorships_sponsor ON sponsorships (sponsor_id, id);
CREATE INDEX ix_sponsorships_obligation ON sponsorships (obligation_id, id) WHERE obligation_id IS NOT NULL;
CREATE INDEX ix_sponsorships_status ON sponsorships (status, id);

-- An allocation covers its volunteer on day D when start_date <= D <= end_date. end_date is the effective last day:
-- ending or revoking the consent moves it earlier (an allocation revoked before it began has end_date < start_date
-- and covers no day, which is why there is no CHECK on the order). The consent is part of the row: no allocation
-- exists without one.
CREATE TABLE sponsor_allocations (
    id                   INTEGER PRIMARY KEY,
    sponsorship_id       INTEGER NOT NULL REFERENCES sponsorships (id),
    volunteer_id         INTEGER NOT NULL REFERENCES volunteers (id),
    start_date           TEXT    NOT NULL,
    end_date             TEXT    NOT NULL,
    consent_given_at     TEXT    NOT NULL,
    consent_channel      TEXT    NOT NULL CHECK (consent_channel IN ('in_person', 'email', 'phone', 'website', 'letter')),
    consent_note         TEXT    NULL,
    name_in_reports      INTEGER NOT NULL DEFAULT 0 CHECK (name_in_reports IN (0, 1)),
    recorded_by_key_id   INTEGER NULL,
    ended_at             TEXT    NULL,
    revoked_at           TEXT    NULL,
    revoked_by_key_id    INTEGER NULL,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_sponsor_allocations_sponsorship ON sponsor_allocations (sponsorship_id, id);
CREATE INDEX ix_sponsor_allocations_volunteer ON sponsor_allocations (volunteer_id, start_date);

-- The sponsorship a payout (and a run line) drew on; NULL: funded by the cooperative.
ALTER TABLE payouts ADD COLUMN sponsorship_id INTEGER NULL REFERENCES sponsorships (id);
CREATE INDEX ix_payouts_sponsorship ON payouts (sponsorship_id, id) WHERE sponsorship_id IS NOT NULL;
ALTER TABLE payout_run_lines ADD COLUMN sponsorship_id INTEGER NULL REFERENCES sponsorships (id);

-- Keys bound to one sponsor (role sponsor) or to one volunteer (role volunteer, self-service). SQLite cannot change a
-- CHECK in place: the table is rebuilt. Nothing references api_keys by foreign key, and ids are kept.
CREATE TABLE api_keys_new (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    role             TEXT    NOT NULL CHECK (role IN ('admin', 'finance', 'coordinator', 'partner', 'website', 'sponsor', 'volunteer')),
    organisation_id  INTEGER NULL REFERENCES organisations (id),
    sponsor_id       INTEGER NULL REFERENCES sponsors (id),
    volunteer_id     INTEGER NULL REFERENCES volunteers (id),
    key_hash         TEXT    NOT NULL UNIQUE,
    key_prefix       TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    revoked_at       TEXT    NULL,
    CHECK ((role = 'partner') = (organisation_id IS NOT NULL)),
    CHECK ((role = 'sponsor') = (sponsor_id IS NOT NULL)),
    CHECK ((role = 'volunteer') = (volunteer_id IS NOT NULL))
);
INSERT INTO api_keys_new (id, name, role, organisation_id, key_hash, key_prefix, created_at, revoked_at)
SELECT id, name, role, organisation_id, key_hash, key_prefix, created_at, revoked_at FROM api_keys;
DROP TABLE api_keys;
ALTER TABLE api_keys_new RENAME TO api_keys;
