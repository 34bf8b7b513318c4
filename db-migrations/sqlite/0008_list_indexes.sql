-- Indexes for the equality filters of the lists, each ending in id: a filtered page (id > cursor ORDER BY id)
-- is then read in id order straight from the index, with no sort and no scan (keyset paging). The lists build
-- their WHERE from the filters given (api/Common/KeysetPage.cs); ListQueryPlanTests holds each plan.
-- Hours get only what their filters need (three, and the small approval queue): each costs every ingested entry a write.
CREATE INDEX ix_hours_organisation ON hour_entries (organisation_id, id);
CREATE INDEX ix_hours_volunteer ON hour_entries (volunteer_id, id);
CREATE INDEX ix_hours_placement ON hour_entries (placement_id, id);
-- The approval queue: an organisation's submitted hours, which the status filter names as a literal so the
-- planner may use this partial index. It holds only the entries not yet approved or rejected.
CREATE INDEX ix_hours_organisation_submitted ON hour_entries (organisation_id, id) WHERE status = 'submitted';

CREATE INDEX ix_payouts_volunteer ON payouts (volunteer_id, id);
CREATE INDEX ix_payouts_status ON payouts (status, id);
-- A volunteer may hold a long history (100,000 payouts): a status it has none of must not walk all of them.
CREATE INDEX ix_payouts_volunteer_status ON payouts (volunteer_id, status, id);

CREATE INDEX ix_agreements_volunteer_id ON agreements (volunteer_id, id);
