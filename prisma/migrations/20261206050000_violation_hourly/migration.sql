-- Violations counted per team, UTC hour of createdAt, monitor type and check type, for coarse
-- violation summaries: kept by the transactions that insert violations or delete a monitor.
CREATE TABLE "ViolationHourly" (
    "teamId" UUID NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "monitorType" "MonitorType" NOT NULL,
    "checkType" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ViolationHourly_pkey" PRIMARY KEY ("teamId", "hour", "monitorType", "checkType")
);

ALTER TABLE "ViolationHourly" ADD CONSTRAINT "ViolationHourly_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Backfill from the stored violations, each counted under the type of its monitor.
INSERT INTO "ViolationHourly" ("teamId", "hour", "monitorType", "checkType", "count")
SELECT v."teamId", date_trunc('hour', v."createdAt", 'UTC'), m."type", v."checkType", count(*)::int
FROM "Violation" v JOIN "Monitor" m ON m."id" = v."monitorId"
GROUP BY 1, 2, 3, 4;
