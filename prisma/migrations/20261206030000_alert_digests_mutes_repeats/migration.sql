-- Webhook digests (one message per finished execution), alert mutes and repeat suppression.
-- AlterEnum
ALTER TYPE "WebhookFormat" ADD VALUE 'DIGEST';

-- AlterEnum
ALTER TYPE "DeliveryStatus" ADD VALUE 'SUPPRESSED';

-- AlterTable
ALTER TABLE "WebhookChannel" ADD COLUMN     "repeatWindowMinutes" INTEGER NOT NULL DEFAULT 60;

-- Existing GENERIC webhooks feed programs: they keep getting every event
UPDATE "WebhookChannel" SET "repeatWindowMinutes" = 0 WHERE "format" = 'GENERIC';

-- CreateTable
CREATE TABLE "AlertMute" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "monitorId" UUID NOT NULL,
    "featureName" TEXT,
    "until" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertMute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRepeat" (
    "channelId" UUID NOT NULL,
    "monitorId" UUID NOT NULL,
    "featureName" TEXT NOT NULL,
    "checkType" TEXT NOT NULL,
    "metricName" TEXT NOT NULL,
    "facetValue" TEXT NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL,
    "suppressed" INTEGER NOT NULL,
    "lastSent" BOOLEAN NOT NULL,
    "lastRepeats" INTEGER NOT NULL,
    "repeatsSince" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AlertRepeat_pkey" PRIMARY KEY ("channelId","monitorId","featureName","checkType","metricName","facetValue")
);

-- CreateIndex
CREATE INDEX "AlertMute_teamId_monitorId_until_idx" ON "AlertMute"("teamId", "monitorId", "until");

-- CreateIndex
CREATE INDEX "AlertMute_teamId_createdAt_id_idx" ON "AlertMute"("teamId", "createdAt", "id");

-- AddForeignKey
ALTER TABLE "AlertMute" ADD CONSTRAINT "AlertMute_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertMute" ADD CONSTRAINT "AlertMute_monitorId_fkey" FOREIGN KEY ("monitorId") REFERENCES "Monitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRepeat" ADD CONSTRAINT "AlertRepeat_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "WebhookChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

