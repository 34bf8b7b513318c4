-- Self-service (issue 9): a volunteer lists the sponsors linked to them (GET /v1/me/sponsor-consents), one page at a
-- time in id order. (volunteer_id, start_date) of 0010 would need a sort; this serves the page straight from the index.
CREATE INDEX ix_sponsor_allocations_volunteer_id ON sponsor_allocations (volunteer_id, id);
