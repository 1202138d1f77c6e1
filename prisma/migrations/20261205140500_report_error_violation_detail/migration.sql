-- AlterTable: why a finished execution's report could not be read
ALTER TABLE "Execution" ADD COLUMN "reportError" TEXT;

-- AlterTable: what a violation names besides its feature (model quality, bias, feature attribution)
ALTER TABLE "Violation" ADD COLUMN "metricName" TEXT NOT NULL DEFAULT '',
ADD COLUMN "facet" TEXT NOT NULL DEFAULT '',
ADD COLUMN "facetValue" TEXT NOT NULL DEFAULT '',
ADD COLUMN "label" TEXT NOT NULL DEFAULT '';

-- A bias report has one violation per metric of a facet value
DROP INDEX "Violation_executionId_featureName_checkType_key";
-- Named explicitly: the default name is longer than the 63 bytes PostgreSQL keeps.
CREATE UNIQUE INDEX "Violation_execution_violation_key" ON "Violation"("executionId", "featureName", "checkType", "metricName", "facetValue");
