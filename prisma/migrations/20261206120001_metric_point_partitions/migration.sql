-- MetricPoint becomes a table partitioned by month of "time" (declarative RANGE partitions,
-- named MetricPoint_YYYY_MM, UTC months), with a DEFAULT partition for points outside every
-- month created (a backfill far in the past). The primary key and the unique key include
-- "time", as a partitioned table requires: an execution's points all have its scheduled
-- time, so (executionId, feature, metric, time) is as unique as (executionId, feature, metric)
-- was. No foreign key points at MetricPoint. The id sequence is kept.
-- metric_point_partitions_ensure(from, to) creates the months from `from` to `to` that are
-- missing (skipping a month of which the DEFAULT partition already holds rows: creating it
-- would fail): the worker's daily job calls it for the next months (src/metric-series/partitions.ts).

ALTER SEQUENCE "MetricPoint_id_seq" OWNED BY NONE;

ALTER TABLE "MetricPoint" RENAME TO "MetricPoint_unpartitioned";

CREATE TABLE "MetricPoint" (
    "id" BIGINT NOT NULL DEFAULT nextval('"MetricPoint_id_seq"'),
    "teamId" UUID NOT NULL,
    "monitorId" UUID NOT NULL,
    "executionId" UUID NOT NULL,
    "feature" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION,
    "time" TIMESTAMPTZ(3) NOT NULL
) PARTITION BY RANGE ("time");

CREATE TABLE "MetricPoint_default" PARTITION OF "MetricPoint" DEFAULT;

-- The body's semicolons are written \073: the migration runner splits scripts at every semicolon (see the audit trigger).
CREATE FUNCTION "metric_point_partitions_ensure"(from_ts timestamptz, to_ts timestamptz) RETURNS integer LANGUAGE plpgsql AS E'
DECLARE
  m timestamptz := date_trunc(''month'', from_ts, ''UTC'')\073
  n integer := 0\073
  name text\073
BEGIN
  WHILE m <= to_ts LOOP
    name := ''MetricPoint_'' || to_char(m AT TIME ZONE ''UTC'', ''YYYY_MM'')\073
    IF to_regclass(quote_ident(name)) IS NULL
       AND NOT EXISTS (SELECT 1 FROM "MetricPoint_default" d WHERE d."time" >= m AND d."time" < (m AT TIME ZONE ''UTC'' + interval ''1 month'') AT TIME ZONE ''UTC'') THEN
      EXECUTE format(''CREATE TABLE %I PARTITION OF "MetricPoint" FOR VALUES FROM (%L) TO (%L)'', name, m, (m AT TIME ZONE ''UTC'' + interval ''1 month'') AT TIME ZONE ''UTC'')\073
      n := n + 1\073
    END IF\073
    m := (m AT TIME ZONE ''UTC'' + interval ''1 month'') AT TIME ZONE ''UTC''\073
  END LOOP\073
  RETURN n\073
END';

SELECT "metric_point_partitions_ensure"(LEAST(now(), COALESCE((SELECT min("time") FROM "MetricPoint_unpartitioned"), now())), now() + interval '3 months');

INSERT INTO "MetricPoint" ("id", "teamId", "monitorId", "executionId", "feature", "metric", "value", "threshold", "time")
SELECT "id", "teamId", "monitorId", "executionId", "feature", "metric", "value", "threshold", "time" FROM "MetricPoint_unpartitioned";

DROP TABLE "MetricPoint_unpartitioned";

ALTER SEQUENCE "MetricPoint_id_seq" OWNED BY "MetricPoint"."id";

ALTER TABLE "MetricPoint" ADD CONSTRAINT "MetricPoint_pkey" PRIMARY KEY ("id", "time");

CREATE INDEX "MetricPoint_teamId_monitorId_feature_metric_time_idx" ON "MetricPoint"("teamId", "monitorId", "feature", "metric", "time");

CREATE UNIQUE INDEX "MetricPoint_executionId_feature_metric_time_key" ON "MetricPoint"("executionId", "feature", "metric", "time");

ALTER TABLE "MetricPoint" ADD CONSTRAINT "MetricPoint_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "MetricPoint" ADD CONSTRAINT "MetricPoint_monitorId_fkey" FOREIGN KEY ("monitorId") REFERENCES "Monitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "MetricPoint" ADD CONSTRAINT "MetricPoint_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution"("id") ON DELETE CASCADE ON UPDATE CASCADE;
