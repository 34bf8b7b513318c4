-- Matching (issue 9): what a volunteer would like to do. Accepting an application copies its interests, neighbourhood
-- and hours here, because the application's own fields are erased after Applications:RetentionDays. One row per
-- volunteer at most; no row means no wishes recorded. interests is a JSON array of lower-case tags.
CREATE TABLE volunteer_wishes (
    volunteer_id    INTEGER PRIMARY KEY REFERENCES volunteers (id),
    interests       TEXT    NOT NULL DEFAULT '[]',
    neighbourhood   TEXT    NULL,
    hours_per_week  INTEGER NULL CHECK (hours_per_week IS NULL OR hours_per_week BETWEEN 1 AND 40),
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
