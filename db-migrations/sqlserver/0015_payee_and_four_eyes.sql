-- Issue 10, four eyes and the payee fixed at approval.
-- payee_name and payee_iban hold the volunteer's full name and IBAN as they were when the payout was approved, so a bank
-- file made later pays whom finance approved, not whoever the record says by then; NULL until approved.
-- created_by_key_id is the API key that created the payout (for a payout run's payouts: the key that started the run);
-- the key that approves may not be that key. Payouts created before this script have NULL and are not held by the rule.
ALTER TABLE payouts ADD
    payee_name         NVARCHAR(300) NULL,
    payee_iban         VARCHAR(34)   NULL,
    created_by_key_id  BIGINT        NULL;
