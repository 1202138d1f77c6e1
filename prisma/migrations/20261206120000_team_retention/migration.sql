-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "retentionExecutionsDays" INTEGER NOT NULL DEFAULT 400,
ADD COLUMN     "retentionMetricPointsDays" INTEGER NOT NULL DEFAULT 400,
ADD COLUMN     "retentionOutboxDays" INTEGER NOT NULL DEFAULT 7,
ADD COLUMN     "retentionViolationsDays" INTEGER NOT NULL DEFAULT 400,
ADD COLUMN     "retentionWebhookDeliveriesDays" INTEGER NOT NULL DEFAULT 30;
