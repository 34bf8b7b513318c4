-- Funding (issue 8): sponsors, their SROI obligations, sponsorships (places bought for a period), allocations (one
-- place given to one volunteer for a date range, only with the volunteer's recorded consent), and keys bound to a
-- sponsor or to one volunteer (self-service, issue 9). Money in cents.
CREATE TABLE sponsors (
    id             BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_sponsors PRIMARY KEY,
    name           NVARCHAR(200) NOT NULL,
    kind           VARCHAR(16)   NOT NULL CONSTRAINT ck_sponsors_kind CHECK (kind IN ('company', 'care', 'municipality', 'fund', 'other')),
    kvk_number     CHAR(8)       NULL,
    contact_name   NVARCHAR(200) NOT NULL,
    contact_email  NVARCHAR(254) NULL,
    contact_phone  NVARCHAR(32)  NULL,
    active         BIT           NOT NULL CONSTRAINT df_sponsors_active DEFAULT 1,
    created_at     DATETIME2(7)  NOT NULL,
    updated_at     DATETIME2(7)  NOT NULL,
    version        INT           NOT NULL CONSTRAINT df_sponsors_version DEFAULT 1
);
CREATE UNIQUE INDEX ux_sponsors_kvk ON sponsors (kvk_number) WHERE kvk_number IS NOT NULL;

CREATE TABLE sroi_obligations (
    id                          BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_sroi_obligations PRIMARY KEY,
    sponsor_id                  BIGINT        NOT NULL CONSTRAINT fk_sroi_obligations_sponsor REFERENCES sponsors (id),
    tender_reference            NVARCHAR(200) NOT NULL,
    contracting_authority       NVARCHAR(200) NOT NULL,
    obligation_cents            BIGINT        NOT NULL CONSTRAINT ck_sroi_obligations_amount CHECK (obligation_cents > 0),
    start_date                  DATE          NOT NULL,
    end_date                    DATE          NOT NULL,
    value_per_place_year_cents  BIGINT        NOT NULL CONSTRAINT ck_sroi_obligations_value CHECK (value_per_place_year_cents > 0),
    created_at                  DATETIME2(7)  NOT NULL,
    updated_at                  DATETIME2(7)  NOT NULL,
    version                     INT           NOT NULL CONSTRAINT df_sroi_obligations_version DEFAULT 1,
    CONSTRAINT ck_sroi_obligations_dates CHECK (start_date <= end_date)
);
CREATE INDEX ix_sroi_obligations_sponsor ON sroi_obligations (sponsor_id, id);

-- amount_due_cents and allowance_budget_cents are derived by the service; drawn_cents is the sum of the counted
-- payouts funded by this sponsorship, raised with a conditional update; the CHECK is the backstop.
CREATE TABLE sponsorships (
    id                          BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_sponsorships PRIMARY KEY,
    sponsor_id                  BIGINT       NOT NULL CONSTRAINT fk_sponsorships_sponsor REFERENCES sponsors (id),
    obligation_id               BIGINT       NULL CONSTRAINT fk_sponsorships_obligation REFERENCES sroi_obligations (id),
    start_date                  DATE         NOT NULL,
    end_date                    DATE         NOT NULL,
    places                      INT          NOT NULL CONSTRAINT ck_sponsorships_places CHECK (places >= 1),
    allowance_per_place_cents   BIGINT       NOT NULL CONSTRAINT ck_sponsorships_allowance CHECK (allowance_per_place_cents >= 0),
    overhead_per_place_cents    BIGINT       NOT NULL CONSTRAINT ck_sponsorships_overhead CHECK (overhead_per_place_cents >= 0),
    status                      VARCHAR(16)  NOT NULL CONSTRAINT ck_sponsorships_status CHECK (status IN ('committed', 'invoiced', 'paid', 'cancelled')),
    amount_due_cents            BIGINT       NOT NULL CONSTRAINT ck_sponsorships_due CHECK (amount_due_cents >= 0),
    allowance_budget_cents      BIGINT       NOT NULL CONSTRAINT ck_sponsorships_budget CHECK (allowance_budget_cents >= 0),
    drawn_cents                 BIGINT       NOT NULL CONSTRAINT df_sponsorships_drawn DEFAULT 0,
    created_at                  DATETIME2(7) NOT NULL,
    updated_at                  DATETIME2(7) NOT NULL,
    version                     INT          NOT NULL CONSTRAINT df_sponsorships_version DEFAULT 1,
    CONSTRAINT ck_sponsorships_dates CHECK (start_date <= end_date),
    CONSTRAINT ck_sponsorships_drawn CHECK (drawn_cents >= 0 AND drawn_cents <= allowance_budget_cents)
);
CREATE INDEX ix_sponsorships_sponsor ON sponsorships (sponsor_id, id);
CREATE INDEX ix_sponsorships_obligation ON sponsorships (obligation_id, id) WHERE obligation_id IS NOT NULL;
CREATE INDEX ix_sponsorships_status ON sponsorships (status, id);

-- An allocation covers its volunteer on day D when start_date <= D <= end_date (end_date is the effective last day;
-- one revoked before it began has end_date < start_date and covers no day).
CREATE TABLE sponsor_allocations (
    id                  BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_sponsor_allocations PRIMARY KEY,
    sponsorship_id      BIGINT        NOT NULL CONSTRAINT fk_sponsor_allocations_sponsorship REFERENCES sponsorships (id),
    volunteer_id        BIGINT        NOT NULL CONSTRAINT fk_sponsor_allocations_volunteer REFERENCES volunteers (id),
    start_date          DATE          NOT NULL,
    end_date            DATE          NOT NULL,
    consent_given_at    DATETIME2(7)  NOT NULL,
    consent_channel     VARCHAR(16)   NOT NULL CONSTRAINT ck_sponsor_allocations_channel CHECK (consent_channel IN ('in_person', 'email', 'phone', 'website', 'letter')),
    consent_note        NVARCHAR(500) NULL,
    name_in_reports     BIT           NOT NULL CONSTRAINT df_sponsor_allocations_named DEFAULT 0,
    recorded_by_key_id  BIGINT        NULL,
    ended_at            DATETIME2(7)  NULL,
    revoked_at          DATETIME2(7)  NULL,
    revoked_by_key_id   BIGINT        NULL,
    created_at          DATETIME2(7)  NOT NULL,
    updated_at          DATETIME2(7)  NOT NULL,
    version             INT           NOT NULL CONSTRAINT df_sponsor_allocations_version DEFAULT 1
);
CREATE INDEX ix_sponsor_allocations_sponsorship ON sponsor_allocations (sponsorship_id, id);
CREATE INDEX ix_sponsor_allocations_volunteer ON sponsor_allocations (volunteer_id, start_date);

-- The sponsorship a payout (and a run line) drew on; NULL: funded by the cooperative.
ALTER TABLE payouts ADD sponsorship_id BIGINT NULL CONSTRAINT fk_payouts_sponsorship REFERENCES sponsorships (id);
ALTER TABLE payout_run_lines ADD sponsorship_id BIGINT NULL CONSTRAINT fk_payout_run_lines_sponsorship REFERENCES sponsorships (id);
GO
CREATE INDEX ix_payouts_sponsorship ON payouts (sponsorship_id, id) WHERE sponsorship_id IS NOT NULL;

-- Keys bound to one sponsor (role sponsor) or to one volunteer (role volunteer, self-service).
ALTER TABLE api_keys ADD
    sponsor_id    BIGINT NULL CONSTRAINT fk_api_keys_sponsor REFERENCES sponsors (id),
    volunteer_id  BIGINT NULL CONSTRAINT fk_api_keys_volunteer REFERENCES volunteers (id);
ALTER TABLE api_keys DROP CONSTRAINT ck_api_keys_role;
GO
ALTER TABLE api_keys ADD
    CONSTRAINT ck_api_keys_role CHECK (role IN ('admin', 'finance', 'coordinator', 'partner', 'website', 'sponsor', 'volunteer')),
    CONSTRAINT ck_api_keys_sponsor CHECK ((role = 'sponsor' AND sponsor_id IS NOT NULL) OR (role <> 'sponsor' AND sponsor_id IS NULL)),
    CONSTRAINT ck_api_keys_volunteer CHECK ((role = 'volunteer' AND volunteer_id IS NOT NULL) OR (role <> 'volunteer' AND volunteer_id IS NULL));
