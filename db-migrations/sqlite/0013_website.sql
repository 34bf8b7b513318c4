-- The website's public face (issue 9): intake applications, the Q&A module and the social map of opportunities.
-- Dates are ISO text, instants ISO-8601 UTC text. Lists of tags and days are JSON arrays of strings.

-- An application holds personal data of someone who is not (yet) a volunteer. Declined and withdrawn ones are
-- deleted after Applications:RetentionDays; accepted ones keep only the link to the volunteer they became (the
-- personal columns are then NULL), which is why those columns are nullable.
CREATE TABLE applications (
    id                INTEGER PRIMARY KEY,
    status            TEXT    NOT NULL CHECK (status IN ('new', 'contacted', 'accepted', 'declined', 'withdrawn')),
    first_name        TEXT    NULL,
    last_name         TEXT    NULL,
    email             TEXT    NULL,
    phone             TEXT    NULL,
    date_of_birth     TEXT    NULL,
    neighbourhood     TEXT    NULL,
    interests         TEXT    NOT NULL DEFAULT '[]',
    hours_per_week    INTEGER NULL CHECK (hours_per_week IS NULL OR hours_per_week BETWEEN 1 AND 40),
    days              TEXT    NOT NULL DEFAULT '[]',
    motivation        TEXT    NULL CHECK (motivation IS NULL OR length(motivation) <= 2000),
    opportunity_ids   TEXT    NOT NULL DEFAULT '[]',
    consent_version   TEXT    NOT NULL,
    consent_at        TEXT    NOT NULL,
    via_key_id        INTEGER NULL,
    contacted_at      TEXT    NULL,
    contact_note      TEXT    NULL,
    decided_at        TEXT    NULL,
    decline_reason    TEXT    NULL,
    volunteer_id      INTEGER NULL REFERENCES volunteers (id),
    erased_at         TEXT    NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    CHECK ((status = 'accepted') = (volunteer_id IS NOT NULL))
);
CREATE INDEX ix_applications_status ON applications (status, id);
CREATE INDEX ix_applications_volunteer ON applications (volunteer_id) WHERE volunteer_id IS NOT NULL;
-- The retention job's walk: decided applications by the day they were decided.
CREATE INDEX ix_applications_decided ON applications (decided_at) WHERE decided_at IS NOT NULL AND erased_at IS NULL;

CREATE TABLE faq_entries (
    id          INTEGER PRIMARY KEY,
    question    TEXT    NOT NULL,
    answer      TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    position    INTEGER NOT NULL CHECK (position BETWEEN 0 AND 10000),
    lang        TEXT    NOT NULL CHECK (lang IN ('nl', 'en')),
    published   INTEGER NOT NULL CHECK (published IN (0, 1)),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
-- The public read: published entries of one language, by category and position.
CREATE INDEX ix_faq_public ON faq_entries (lang, category, position, id) WHERE published = 1;

CREATE TABLE opportunities (
    id                 INTEGER PRIMARY KEY,
    organisation_id    INTEGER NOT NULL REFERENCES organisations (id),
    title              TEXT    NOT NULL,
    description        TEXT    NOT NULL,
    tags               TEXT    NOT NULL DEFAULT '[]',
    neighbourhood      TEXT    NULL,
    hours_min          INTEGER NULL CHECK (hours_min IS NULL OR hours_min BETWEEN 1 AND 40),
    hours_max          INTEGER NULL CHECK (hours_max IS NULL OR hours_max BETWEEN 1 AND 40),
    start_date         TEXT    NULL,
    places_wanted      INTEGER NOT NULL CHECK (places_wanted BETWEEN 1 AND 1000),
    status             TEXT    NOT NULL CHECK (status IN ('draft', 'published', 'closed')),
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1,
    CHECK (hours_min IS NULL OR hours_max IS NULL OR hours_min <= hours_max)
);
CREATE INDEX ix_opportunities_status ON opportunities (status, id);
CREATE INDEX ix_opportunities_organisation ON opportunities (organisation_id, id);
-- One row per tag of an opportunity, so ?tag= reads an index instead of parsing every row's JSON.
CREATE TABLE opportunity_tags (
    opportunity_id  INTEGER NOT NULL REFERENCES opportunities (id),
    tag             TEXT    NOT NULL,
    PRIMARY KEY (tag, opportunity_id)
) WITHOUT ROWID;
