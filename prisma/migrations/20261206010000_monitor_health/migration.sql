-- Monitor health (src/kernel/rules/health.ts), kept by the executions sync from now on.
CREATE TYPE "MonitorHealthStatus" AS ENUM ('OK', 'VIOLATING', 'FAILING', 'NO_DATA', 'PENDING');

ALTER TABLE "Monitor" ADD COLUMN "healthStatus" "MonitorHealthStatus" NOT NULL DEFAULT 'PENDING',
  ADD COLUMN "healthSince" TIMESTAMPTZ(3),
  ADD COLUMN "healthExecutionId" UUID,
  ADD COLUMN "healthScheduledTime" TIMESTAMPTZ(3),
  ADD COLUMN "healthOpenViolations" INTEGER NOT NULL DEFAULT 0;

CREATE INDEX "Monitor_teamId_healthStatus_createdAt_id_idx" ON "Monitor"("teamId", "healthStatus", "createdAt", "id");

-- Backfill from the stored executions, as healthOf and nextHealth would have kept it: the
-- newest finished execution (scheduledTime, id) gives the status, and since is the scheduled
-- time of the oldest execution after the newest finished one of another status.
WITH finished AS (
  SELECT e."id", e."monitorId", e."scheduledTime",
    CASE
      WHEN e."status" = 'COMPLETED' THEN 'OK'
      WHEN e."status" = 'COMPLETED_WITH_VIOLATIONS' THEN 'VIOLATING'
      WHEN e."status" = 'FAILED' AND (btrim(e."failureReason") ~* '^Job inputs had no data\M'
        OR btrim(e."failureReason") ~ '^no captured data in window\M' OR btrim(e."failureReason") ~ '^no usable records in window\M') THEN 'NO_DATA'
      ELSE 'FAILING'
    END AS "health"
  FROM "Execution" e
  WHERE e."status" IN ('COMPLETED', 'COMPLETED_WITH_VIOLATIONS', 'FAILED', 'STOPPED')
),
newest AS (
  SELECT DISTINCT ON (f."monitorId") f.* FROM finished f ORDER BY f."monitorId", f."scheduledTime" DESC, f."id" DESC
),
health AS (
  SELECT n."monitorId", n."id", n."scheduledTime", n."health",
    (SELECT min(f."scheduledTime") FROM finished f
      WHERE f."monitorId" = n."monitorId" AND (b."scheduledTime" IS NULL OR (f."scheduledTime", f."id") > (b."scheduledTime", b."id"))) AS "since"
  FROM newest n
  LEFT JOIN LATERAL (
    SELECT o."scheduledTime", o."id" FROM finished o WHERE o."monitorId" = n."monitorId" AND o."health" <> n."health"
    ORDER BY o."scheduledTime" DESC, o."id" DESC LIMIT 1
  ) b ON true
)
UPDATE "Monitor" m SET
  "healthStatus" = h."health"::"MonitorHealthStatus",
  "healthSince" = h."since",
  "healthExecutionId" = h."id",
  "healthScheduledTime" = h."scheduledTime",
  "healthOpenViolations" = CASE WHEN h."health" = 'VIOLATING' THEN (SELECT count(*)::int FROM "Violation" v WHERE v."executionId" = h."id") ELSE 0 END
FROM health h WHERE m."id" = h."monitorId";
