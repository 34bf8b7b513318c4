-- Hours pushed by partner organisations, and the monthly payout runs that pay for them.
CREATE TABLE hour_entries (
    id               BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_hour_entries PRIMARY KEY,
    organisation_id  BIGINT        NOT NULL CONSTRAINT fk_hours_organisation REFERENCES organisations (id),
    external_id      NVARCHAR(100) NOT NULL,
    placement_id     BIGINT        NOT NULL CONSTRAINT fk_hours_placement REFERENCES placements (id),
    volunteer_id     BIGINT        NOT NULL CONSTRAINT fk_hours_volunteer REFERENCES volunteers (id),
    date             DATE          NOT NULL,
    minutes          INT           NOT NULL CONSTRAINT ck_hours_minutes CHECK (minutes BETWEEN 1 AND 1440),
    description      NVARCHAR(500) NULL,
    status           VARCHAR(16)   NOT NULL CONSTRAINT ck_hours_status CHECK (status IN ('submitted', 'approved', 'rejected')),
    reject_reason    NVARCHAR(500) NULL,
    payout_id        BIGINT        NULL CONSTRAINT fk_hours_payout REFERENCES payouts (id),
    created_at       DATETIME2(7)  NOT NULL,
    updated_at       DATETIME2(7)  NOT NULL,
    version          INT           NOT NULL CONSTRAINT df_hours_version DEFAULT 1,
    CONSTRAINT uq_hours_external UNIQUE (organisation_id, external_id),
    CONSTRAINT ck_hours_paid_approved CHECK (payout_id IS NULL OR status = 'approved')
);
CREATE INDEX ix_hours_volunteer_date ON hour_entries (volunteer_id, date);
CREATE INDEX ix_hours_placement_date ON hour_entries (placement_id, date);
CREATE INDEX ix_hours_payout ON hour_entries (payout_id) WHERE payout_id IS NOT NULL;
CREATE INDEX ix_hours_unpaid ON hour_entries (date, volunteer_id) WHERE status = 'approved' AND payout_id IS NULL;

CREATE TABLE payout_runs (
    id          BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_payout_runs PRIMARY KEY,
    period      CHAR(7)       NOT NULL,
    api_key_id  BIGINT        NULL,
    created_at  DATETIME2(7)  NOT NULL,
    report      NVARCHAR(MAX) NOT NULL
);
