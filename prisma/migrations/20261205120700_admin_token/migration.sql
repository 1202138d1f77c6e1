-- CreateTable
CREATE TABLE "AdminToken" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdminToken_pkey" PRIMARY KEY ("id"),
    -- One admin token per deployment: rotation replaces the row.
    CONSTRAINT "AdminToken_single_row" CHECK ("id" = 1)
);

-- CreateIndex
CREATE UNIQUE INDEX "AdminToken_hash_key" ON "AdminToken"("hash");
