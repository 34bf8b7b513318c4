-- Issue 10, payment batches: approved payouts paid as one SEPA credit transfer file (pain.001), one transfer per volunteer.
-- The debtor (Finance:Debtor) is copied into the batch, so its file stays the same however the configuration changes later.
-- created_by_key_id names the key that made it; api_keys is rebuilt by migrations at times (0010), so it has no foreign key.
CREATE TABLE payment_batches (
    id                        INTEGER PRIMARY KEY,
    status                    TEXT    NOT NULL CHECK (status IN ('open', 'paid', 'voided')),
    requested_execution_date  TEXT    NOT NULL,
    debtor_name               TEXT    NOT NULL,
    debtor_iban               TEXT    NOT NULL,
    debtor_bic                TEXT    NOT NULL,
    transfer_count            INTEGER NOT NULL CHECK (transfer_count >= 1),
    payout_count              INTEGER NOT NULL CHECK (payout_count >= transfer_count),
    control_sum_cents         INTEGER NOT NULL CHECK (control_sum_cents > 0),
    paid_on                   TEXT    NULL,
    created_at                TEXT    NOT NULL,
    created_by_key_id         INTEGER NULL,
    updated_at                TEXT    NOT NULL,
    voided_at                 TEXT    NULL,
    version                   INTEGER NOT NULL DEFAULT 1,
    CHECK ((status = 'paid') = (paid_on IS NOT NULL)),
    CHECK ((status = 'voided') = (voided_at IS NOT NULL))
);
CREATE INDEX ix_payment_batches_status ON payment_batches (status, id);

-- The link from payouts: which batch holds a payout. held is 1 while the batch is open or paid and 0 once it is voided (the
-- voided batch keeps its list). The unique index is what keeps a payout in at most one batch that is not voided, whatever
-- races past the service's own check.
CREATE TABLE payment_batch_payouts (
    payment_batch_id  INTEGER NOT NULL REFERENCES payment_batches (id),
    payout_id         INTEGER NOT NULL REFERENCES payouts (id),
    held              INTEGER NOT NULL DEFAULT 1 CHECK (held IN (0, 1)),
    PRIMARY KEY (payment_batch_id, payout_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX ux_payment_batch_payouts_held ON payment_batch_payouts (payout_id) WHERE held = 1;
