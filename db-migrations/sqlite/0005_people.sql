-- The same person twice would double the tax-free cap. name_key is the volunteer's normalised name
-- (lower case, no accents, no surname prefixes, no spaces, hyphens or apostrophes), computed by the
-- service: rows older than this script keep NULL until their next change, and the duplicate check
-- computes their key itself. The indexes make each duplicate check one indexed (and, on SQL Server,
-- range-locked) read in the writing transaction. No unique index on iban or kvk_number: a coordinator
-- may confirm that two volunteers sharing an IBAN are different people, and existing rows may already
-- share one.
ALTER TABLE volunteers ADD COLUMN name_key TEXT NULL;
CREATE INDEX ix_volunteers_birth_name ON volunteers (date_of_birth, name_key);
CREATE INDEX ix_volunteers_iban ON volunteers (iban);
CREATE INDEX ix_organisations_kvk ON organisations (kvk_number);
