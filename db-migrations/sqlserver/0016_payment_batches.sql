-- Issue 10, payment batches: approved payouts paid as one SEPA credit transfer file (pain.001), one transfer per volunteer.
-- The debtor (Finance:Debtor) is copied into the batch, so its file stays the same however the configuration changes later.
-- created_by_key_id names the key that made it; api_keys is rebuilt by migrations at times (0010), so it has no foreign key.
CREATE TABLE payment_batches (
    id                        BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_payment_batches PRIMARY KEY,
    status                    VARCHAR(16)   NOT NULL CONSTRAINT ck_payment_batches_status CHECK (status IN ('open', 'paid', 'voided')),
    requested_execution_date  DATE          NOT NULL,
    debtor_name               NVARCHAR(70)  NOT NULL,
    debtor_iban               VARCHAR(34)   NOT NULL,
    debtor_bic                VARCHAR(11)   NOT NULL,
    transfer_count            INT           NOT NULL CONSTRAINT ck_payment_batches_transfers CHECK (transfer_count >= 1),
    payout_count              INT           NOT NULL,
    control_sum_cents         BIGINT        NOT NULL CONSTRAINT ck_payment_batches_sum CHECK (control_sum_cents > 0),
    paid_on                   DATE          NULL,
    created_at                DATETIME2(7)  NOT NULL,
    created_by_key_id         BIGINT        NULL,
    updated_at                DATETIME2(7)  NOT NULL,
    voided_at                 DATETIME2(7)  NULL,
    version                   INT           NOT NULL CONSTRAINT df_payment_batches_version DEFAULT 1,
    CONSTRAINT ck_payment_batches_payouts CHECK (payout_count >= transfer_count),
    CONSTRAINT ck_payment_batches_paid CHECK ((status = 'paid' AND paid_on IS NOT NULL) OR (status <> 'paid' AND paid_on IS NULL)),
    CONSTRAINT ck_payment_batches_voided CHECK ((status = 'voided' AND voided_at IS NOT NULL) OR (status <> 'voided' AND voided_at IS NULL))
);
CREATE INDEX ix_payment_batches_status ON payment_batches (status, id);

-- The link from payouts: which batch holds a payout. held is 1 while the batch is open or paid and 0 once it is voided (the
-- voided batch keeps its list). The unique index is what keeps a payout in at most one batch that is not voided, whatever
-- races past the service's own check.
CREATE TABLE payment_batch_payouts (
    payment_batch_id  BIGINT NOT NULL CONSTRAINT fk_payment_batch_payouts_batch REFERENCES payment_batches (id),
    payout_id         BIGINT NOT NULL CONSTRAINT fk_payment_batch_payouts_payout REFERENCES payouts (id),
    held              BIT    NOT NULL CONSTRAINT df_payment_batch_payouts_held DEFAULT 1,
    CONSTRAINT pk_payment_batch_payouts PRIMARY KEY (payment_batch_id, payout_id)
);
CREATE UNIQUE INDEX ux_payment_batch_payouts_held ON payment_batch_payouts (payout_id) WHERE held = 1;
