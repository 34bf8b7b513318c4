-- Issue 12, part 5: each index on hour_entries costs every ingested entry a write, and the write path's own read
-- (the day totals: stored minutes per volunteer and day over a request's dates) went to the table for every row.
-- (placement_id, date) served one read only, a placement's month summary, which (placement_id, id) serves as well:
-- a placement holds at most a few entries a day.
DROP INDEX ix_hours_placement_date ON hour_entries;
-- (volunteer_id, date) now carries the minutes: the day totals (HourIngestion.DayTotals) read the index alone.
DROP INDEX ix_hours_volunteer_date ON hour_entries;
CREATE INDEX ix_hours_volunteer_date ON hour_entries (volunteer_id, date) INCLUDE (minutes);
