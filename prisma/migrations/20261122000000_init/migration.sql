-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('VIEWER', 'EDITOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "Backend" AS ENUM ('SAGEMAKER', 'BUILTIN');

-- CreateEnum
CREATE TYPE "MonitorType" AS ENUM ('DATA_QUALITY', 'MODEL_QUALITY', 'MODEL_BIAS', 'MODEL_EXPLAINABILITY');

-- CreateEnum
CREATE TYPE "BaselineStatus" AS ENUM ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED');

-- CreateEnum
CREATE TYPE "BaselineSource" AS ENUM ('SUGGESTED', 'EDITED');

-- CreateEnum
CREATE TYPE "ScheduleStatus" AS ENUM ('PENDING', 'SCHEDULED', 'STOPPED', 'FAILED');

-- CreateEnum
CREATE TYPE "ExecutionStatus" AS ENUM ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'COMPLETED_WITH_VIOLATIONS', 'FAILED', 'STOPPING', 'STOPPED');

-- CreateTable
CREATE TABLE "Team" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "defaultBackend" "Backend" NOT NULL DEFAULT 'BUILTIN',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "memberId" UUID,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Monitor" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" "MonitorType" NOT NULL,
    "backend" "Backend" NOT NULL,
    "endpointName" TEXT,
    "config" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Monitor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Baseline" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "monitorId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "source" "BaselineSource" NOT NULL,
    "status" "BaselineStatus" NOT NULL,
    "datasetUri" TEXT NOT NULL,
    "datasetFormat" JSONB NOT NULL,
    "backendJobRef" TEXT,
    "statistics" JSONB,
    "constraints" JSONB,
    "failureReason" TEXT,
    "parentId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Baseline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "monitorId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "expression" TEXT NOT NULL,
    "dataAnalysisStartTime" TEXT,
    "dataAnalysisEndTime" TEXT,
    "status" "ScheduleStatus" NOT NULL,
    "backendRef" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Execution" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "monitorId" UUID NOT NULL,
    "scheduleId" UUID,
    "backendExecutionId" TEXT NOT NULL,
    "status" "ExecutionStatus" NOT NULL,
    "scheduledTime" TIMESTAMPTZ(3) NOT NULL,
    "startedAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "failureReason" TEXT,
    "reportUri" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Execution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Violation" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "monitorId" UUID NOT NULL,
    "executionId" UUID NOT NULL,
    "featureName" TEXT NOT NULL,
    "checkType" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Violation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "teamId" UUID NOT NULL,
    "actorKeyId" UUID,
    "actorMemberId" UUID,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "requestId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Team_slug_key" ON "Team"("slug");

-- CreateIndex
CREATE INDEX "Member_teamId_createdAt_id_idx" ON "Member"("teamId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Member_teamId_email_key" ON "Member"("teamId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- CreateIndex
CREATE INDEX "ApiKey_teamId_createdAt_id_idx" ON "ApiKey"("teamId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Monitor_teamId_createdAt_id_idx" ON "Monitor"("teamId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Monitor_teamId_type_createdAt_id_idx" ON "Monitor"("teamId", "type", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Monitor_teamId_endpointName_idx" ON "Monitor"("teamId", "endpointName");

-- CreateIndex
CREATE UNIQUE INDEX "Monitor_teamId_name_key" ON "Monitor"("teamId", "name");

-- CreateIndex
CREATE INDEX "Baseline_teamId_monitorId_createdAt_id_idx" ON "Baseline"("teamId", "monitorId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Baseline_monitorId_version_key" ON "Baseline"("monitorId", "version");

-- CreateIndex
CREATE INDEX "Schedule_teamId_monitorId_createdAt_id_idx" ON "Schedule"("teamId", "monitorId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Schedule_teamId_name_key" ON "Schedule"("teamId", "name");

-- CreateIndex
CREATE INDEX "Execution_teamId_monitorId_scheduledTime_id_idx" ON "Execution"("teamId", "monitorId", "scheduledTime", "id");

-- CreateIndex
CREATE INDEX "Execution_teamId_scheduleId_scheduledTime_id_idx" ON "Execution"("teamId", "scheduleId", "scheduledTime", "id");

-- CreateIndex
CREATE INDEX "Execution_teamId_status_scheduledTime_idx" ON "Execution"("teamId", "status", "scheduledTime");

-- CreateIndex
CREATE UNIQUE INDEX "Execution_monitorId_backendExecutionId_key" ON "Execution"("monitorId", "backendExecutionId");

-- CreateIndex
CREATE INDEX "Violation_teamId_createdAt_id_idx" ON "Violation"("teamId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Violation_teamId_monitorId_createdAt_id_idx" ON "Violation"("teamId", "monitorId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Violation_executionId_featureName_checkType_key" ON "Violation"("executionId", "featureName", "checkType");

-- CreateIndex
CREATE INDEX "AuditEvent_teamId_id_idx" ON "AuditEvent"("teamId", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_teamId_targetType_targetId_idx" ON "AuditEvent"("teamId", "targetType", "targetId");

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Monitor" ADD CONSTRAINT "Monitor_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Baseline" ADD CONSTRAINT "Baseline_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Baseline" ADD CONSTRAINT "Baseline_monitorId_fkey" FOREIGN KEY ("monitorId") REFERENCES "Monitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_monitorId_fkey" FOREIGN KEY ("monitorId") REFERENCES "Monitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Execution" ADD CONSTRAINT "Execution_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Execution" ADD CONSTRAINT "Execution_monitorId_fkey" FOREIGN KEY ("monitorId") REFERENCES "Monitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Execution" ADD CONSTRAINT "Execution_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Violation" ADD CONSTRAINT "Violation_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Violation" ADD CONSTRAINT "Violation_monitorId_fkey" FOREIGN KEY ("monitorId") REFERENCES "Monitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Violation" ADD CONSTRAINT "Violation_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The audit history is append-only: the application may insert, never change or remove.
-- The function body writes its semicolons as \073 because the driver adapter that runs
-- migrations splits the script on every semicolon, even inside quoted bodies.
CREATE FUNCTION "audit_event_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN RAISE EXCEPTION ''AuditEvent rows are append-only (% refused)'', TG_OP USING ERRCODE = ''insufficient_privilege''\073 END\073';

CREATE TRIGGER "AuditEvent_append_only"
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_is_append_only"();

CREATE TRIGGER "AuditEvent_no_truncate"
  BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_is_append_only"();
