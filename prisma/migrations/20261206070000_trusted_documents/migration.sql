-- Trusted documents: the GraphQL documents a team registered ahead of time, run by their
-- sha256 hash, and the API key flag that allows a key nothing else.
-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "trustedOnly" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "TrustedDocument" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "hash" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "name" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrustedDocument_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TrustedDocument_teamId_createdAt_id_idx" ON "TrustedDocument"("teamId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "TrustedDocument_teamId_hash_key" ON "TrustedDocument"("teamId", "hash");

-- AddForeignKey
ALTER TABLE "TrustedDocument" ADD CONSTRAINT "TrustedDocument_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
