-- AlterTable: the name of a schedule in its backend when that is not its own name (SageMaker names are team-scoped), null for schedules made before
ALTER TABLE "Schedule" ADD COLUMN "backendName" TEXT;
