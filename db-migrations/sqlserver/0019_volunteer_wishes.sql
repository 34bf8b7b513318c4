-- Matching (issue 9): what a volunteer would like to do. Accepting an application copies its interests, neighbourhood
-- and hours here, because the application's own fields are erased after Applications:RetentionDays. One row per
-- volunteer at most; no row means no wishes recorded. interests is a JSON array of lower-case tags.
CREATE TABLE volunteer_wishes (
    volunteer_id    BIGINT         NOT NULL CONSTRAINT pk_volunteer_wishes PRIMARY KEY
                                   CONSTRAINT fk_volunteer_wishes_volunteer REFERENCES volunteers (id),
    interests       NVARCHAR(2000) NOT NULL CONSTRAINT df_volunteer_wishes_interests DEFAULT '[]',
    neighbourhood   NVARCHAR(100)  NULL,
    hours_per_week  INT            NULL CONSTRAINT ck_volunteer_wishes_hours CHECK (hours_per_week IS NULL OR hours_per_week BETWEEN 1 AND 40),
    updated_at      DATETIME2(7)   NOT NULL,
    version         INT            NOT NULL CONSTRAINT df_volunteer_wishes_version DEFAULT 1
);
