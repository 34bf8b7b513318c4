-- Core registry: organisations, volunteers, allowance agreements, placements, API keys.
-- Dates are date, instants datetime2 in UTC, money bigint cents.
CREATE TABLE organisations (
    id          BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_organisations PRIMARY KEY,
    name        NVARCHAR(200) NOT NULL,
    kind        VARCHAR(16)   NOT NULL CONSTRAINT ck_organisations_kind CHECK (kind IN ('nonprofit', 'care', 'other')),
    kvk_number  CHAR(8)       NULL,
    email       NVARCHAR(254) NULL,
    active      BIT           NOT NULL CONSTRAINT df_organisations_active DEFAULT 1,
    created_at  DATETIME2(7)  NOT NULL,
    updated_at  DATETIME2(7)  NOT NULL,
    version     INT           NOT NULL CONSTRAINT df_organisations_version DEFAULT 1
);

CREATE TABLE volunteers (
    id             BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_volunteers PRIMARY KEY,
    first_name     NVARCHAR(100) NOT NULL,
    last_name      NVARCHAR(100) NOT NULL,
    date_of_birth  DATE          NOT NULL,
    email          NVARCHAR(254) NULL,
    phone          NVARCHAR(32)  NULL,
    iban           VARCHAR(34)   NULL,
    active         BIT           NOT NULL CONSTRAINT df_volunteers_active DEFAULT 1,
    created_at     DATETIME2(7)  NOT NULL,
    updated_at     DATETIME2(7)  NOT NULL,
    version        INT           NOT NULL CONSTRAINT df_volunteers_version DEFAULT 1
);

CREATE TABLE agreements (
    id                   BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_agreements PRIMARY KEY,
    volunteer_id         BIGINT       NOT NULL CONSTRAINT fk_agreements_volunteer REFERENCES volunteers (id),
    start_date           DATE         NOT NULL,
    end_date             DATE         NOT NULL,
    hourly_rate_cents    BIGINT       NULL CONSTRAINT ck_agreements_rate CHECK (hourly_rate_cents IS NULL OR hourly_rate_cents > 0),
    annual_budget_cents  BIGINT       NULL CONSTRAINT ck_agreements_budget CHECK (annual_budget_cents IS NULL OR annual_budget_cents > 0),
    created_at           DATETIME2(7) NOT NULL,
    updated_at           DATETIME2(7) NOT NULL,
    version              INT          NOT NULL CONSTRAINT df_agreements_version DEFAULT 1,
    CONSTRAINT ck_agreements_range CHECK (start_date <= end_date)
);
CREATE INDEX ix_agreements_volunteer ON agreements (volunteer_id, start_date);

CREATE TABLE placements (
    id               BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_placements PRIMARY KEY,
    volunteer_id     BIGINT        NOT NULL CONSTRAINT fk_placements_volunteer REFERENCES volunteers (id),
    organisation_id  BIGINT        NOT NULL CONSTRAINT fk_placements_organisation REFERENCES organisations (id),
    start_date       DATE          NOT NULL,
    end_date         DATE          NULL,
    activity         NVARCHAR(200) NOT NULL,
    hours_per_week   INT           NULL CONSTRAINT ck_placements_hours CHECK (hours_per_week IS NULL OR hours_per_week BETWEEN 1 AND 40),
    created_at       DATETIME2(7)  NOT NULL,
    updated_at       DATETIME2(7)  NOT NULL,
    version          INT           NOT NULL CONSTRAINT df_placements_version DEFAULT 1,
    CONSTRAINT ck_placements_range CHECK (end_date IS NULL OR start_date <= end_date)
);
CREATE INDEX ix_placements_organisation ON placements (organisation_id, id);
CREATE INDEX ix_placements_volunteer ON placements (volunteer_id, id);

CREATE TABLE api_keys (
    id               BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_api_keys PRIMARY KEY,
    name             NVARCHAR(100) NOT NULL,
    role             VARCHAR(16)   NOT NULL CONSTRAINT ck_api_keys_role CHECK (role IN ('admin', 'finance', 'coordinator', 'partner', 'website')),
    organisation_id  BIGINT        NULL CONSTRAINT fk_api_keys_organisation REFERENCES organisations (id),
    key_hash         CHAR(64)      NOT NULL CONSTRAINT uq_api_keys_hash UNIQUE,
    key_prefix       VARCHAR(16)   NOT NULL,
    created_at       DATETIME2(7)  NOT NULL,
    revoked_at       DATETIME2(7)  NULL,
    CONSTRAINT ck_api_keys_partner CHECK ((role = 'partner' AND organisation_id IS NOT NULL) OR (role <> 'partner' AND organisation_id IS NULL))
);
