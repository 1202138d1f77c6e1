-- CreateTable
CREATE TABLE "EngineSchedule" (
    "ref" TEXT NOT NULL,
    "teamId" UUID NOT NULL,
    "monitorId" UUID NOT NULL,
    "scheduleName" TEXT NOT NULL,
    "expression" TEXT NOT NULL,
    "stopped" BOOLEAN NOT NULL DEFAULT false,
    "monitor" JSONB NOT NULL,
    "schedule" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "EngineSchedule_pkey" PRIMARY KEY ("ref")
);

-- CreateTable
CREATE TABLE "EngineExecution" (
    "id" UUID NOT NULL,
    "scheduleRef" TEXT NOT NULL,
    "teamId" UUID NOT NULL,
    "monitorId" UUID NOT NULL,
    "scheduledTime" TIMESTAMPTZ(3) NOT NULL,
    "status" "ExecutionStatus" NOT NULL,
    "windowStart" TIMESTAMPTZ(3),
    "windowEnd" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "failureReason" TEXT,
    "reportUri" TEXT,
    "violations" JSONB,
    "recordCount" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "EngineExecution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EngineBaselineJob" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "monitorId" UUID NOT NULL,
    "baselineId" TEXT NOT NULL,
    "status" "BaselineStatus" NOT NULL,
    "monitor" JSONB NOT NULL,
    "request" JSONB NOT NULL,
    "outputUri" TEXT NOT NULL,
    "failureReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "EngineBaselineJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EngineSchedule_monitorId_idx" ON "EngineSchedule"("monitorId");

-- CreateIndex
CREATE INDEX "EngineExecution_scheduleRef_updatedAt_id_idx" ON "EngineExecution"("scheduleRef", "updatedAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "EngineExecution_scheduleRef_scheduledTime_key" ON "EngineExecution"("scheduleRef", "scheduledTime");

-- CreateIndex
CREATE INDEX "EngineBaselineJob_monitorId_idx" ON "EngineBaselineJob"("monitorId");

