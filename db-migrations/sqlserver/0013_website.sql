-- The website's public face (issue 9): intake applications, the Q&A module and the social map of opportunities.
-- Lists of tags and days are JSON arrays of strings.

-- An application holds personal data of someone who is not (yet) a volunteer. Declined and withdrawn ones are
-- deleted after Applications:RetentionDays; accepted ones keep only the link to the volunteer they became.
CREATE TABLE applications (
    id                BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_applications PRIMARY KEY,
    status            VARCHAR(16)    NOT NULL CONSTRAINT ck_applications_status CHECK (status IN ('new', 'contacted', 'accepted', 'declined', 'withdrawn')),
    first_name        NVARCHAR(100)  NULL,
    last_name         NVARCHAR(100)  NULL,
    email             NVARCHAR(254)  NULL,
    phone             NVARCHAR(32)   NULL,
    date_of_birth     DATE           NULL,
    neighbourhood     NVARCHAR(100)  NULL,
    interests         NVARCHAR(2000) NOT NULL CONSTRAINT df_applications_interests DEFAULT '[]',
    hours_per_week    INT            NULL CONSTRAINT ck_applications_hours CHECK (hours_per_week IS NULL OR hours_per_week BETWEEN 1 AND 40),
    days              NVARCHAR(200)  NOT NULL CONSTRAINT df_applications_days DEFAULT '[]',
    motivation        NVARCHAR(2000) NULL,
    opportunity_ids   NVARCHAR(400)  NOT NULL CONSTRAINT df_applications_opportunities DEFAULT '[]',
    consent_version   NVARCHAR(50)   NOT NULL,
    consent_at        DATETIME2(7)   NOT NULL,
    via_key_id        BIGINT         NULL,
    contacted_at      DATETIME2(7)   NULL,
    contact_note      NVARCHAR(1000) NULL,
    decided_at        DATETIME2(7)   NULL,
    decline_reason    NVARCHAR(1000) NULL,
    volunteer_id      BIGINT         NULL CONSTRAINT fk_applications_volunteer REFERENCES volunteers (id),
    erased_at         DATETIME2(7)   NULL,
    created_at        DATETIME2(7)   NOT NULL,
    updated_at        DATETIME2(7)   NOT NULL,
    version           INT            NOT NULL CONSTRAINT df_applications_version DEFAULT 1,
    CONSTRAINT ck_applications_link CHECK ((status = 'accepted' AND volunteer_id IS NOT NULL) OR (status <> 'accepted' AND volunteer_id IS NULL))
);
CREATE INDEX ix_applications_status ON applications (status, id);
CREATE INDEX ix_applications_volunteer ON applications (volunteer_id) WHERE volunteer_id IS NOT NULL;
CREATE INDEX ix_applications_decided ON applications (decided_at) WHERE decided_at IS NOT NULL AND erased_at IS NULL;

CREATE TABLE faq_entries (
    id          BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_faq_entries PRIMARY KEY,
    question    NVARCHAR(500)  NOT NULL,
    answer      NVARCHAR(4000) NOT NULL,
    category    NVARCHAR(100)  NOT NULL,
    position    INT            NOT NULL CONSTRAINT ck_faq_position CHECK (position BETWEEN 0 AND 10000),
    lang        CHAR(2)        NOT NULL CONSTRAINT ck_faq_lang CHECK (lang IN ('nl', 'en')),
    published   BIT            NOT NULL,
    created_at  DATETIME2(7)   NOT NULL,
    updated_at  DATETIME2(7)   NOT NULL,
    version     INT            NOT NULL CONSTRAINT df_faq_entries_version DEFAULT 1
);
CREATE INDEX ix_faq_public ON faq_entries (lang, category, position, id) WHERE published = 1;

CREATE TABLE opportunities (
    id                 BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_opportunities PRIMARY KEY,
    organisation_id    BIGINT         NOT NULL CONSTRAINT fk_opportunities_organisation REFERENCES organisations (id),
    title              NVARCHAR(200)  NOT NULL,
    description        NVARCHAR(4000) NOT NULL,
    tags               NVARCHAR(2000) NOT NULL CONSTRAINT df_opportunities_tags DEFAULT '[]',
    neighbourhood      NVARCHAR(100)  NULL,
    hours_min          INT            NULL CONSTRAINT ck_opportunities_hours_min CHECK (hours_min IS NULL OR hours_min BETWEEN 1 AND 40),
    hours_max          INT            NULL CONSTRAINT ck_opportunities_hours_max CHECK (hours_max IS NULL OR hours_max BETWEEN 1 AND 40),
    start_date         DATE           NULL,
    places_wanted      INT            NOT NULL CONSTRAINT ck_opportunities_places CHECK (places_wanted BETWEEN 1 AND 1000),
    status             VARCHAR(16)    NOT NULL CONSTRAINT ck_opportunities_status CHECK (status IN ('draft', 'published', 'closed')),
    created_at         DATETIME2(7)   NOT NULL,
    updated_at         DATETIME2(7)   NOT NULL,
    version            INT            NOT NULL CONSTRAINT df_opportunities_version DEFAULT 1,
    CONSTRAINT ck_opportunities_hours CHECK (hours_min IS NULL OR hours_max IS NULL OR hours_min <= hours_max)
);
CREATE INDEX ix_opportunities_status ON opportunities (status, id);
CREATE INDEX ix_opportunities_organisation ON opportunities (organisation_id, id);
CREATE TABLE opportunity_tags (
    opportunity_id  BIGINT        NOT NULL CONSTRAINT fk_opportunity_tags_opportunity REFERENCES opportunities (id),
    tag             NVARCHAR(50)  NOT NULL,
    CONSTRAINT pk_opportunity_tags PRIMARY KEY (tag, opportunity_id)
);
