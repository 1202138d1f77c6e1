-- Outbox rows no relay can parse are marked dead after OUTBOX_DEAD_AFTER_MS instead of blocking the relay.
ALTER TABLE "OutboxEvent" ADD COLUMN "deadAt" TIMESTAMPTZ(3),
ADD COLUMN "deadReason" TEXT;

-- The relay reads rows with both marks null, by id. Retention reads relayed rows by publishedAt, dead ones by deadAt.
DROP INDEX "OutboxEvent_publishedAt_id_idx";

CREATE INDEX "OutboxEvent_deadAt_publishedAt_id_idx" ON "OutboxEvent"("deadAt", "publishedAt", "id");
