-- AlterTable
ALTER TABLE "Baseline" ADD COLUMN     "progress" JSONB;

-- AlterTable
ALTER TABLE "Execution" ADD COLUMN     "progress" JSONB;

-- AlterTable
ALTER TABLE "EngineExecution" ADD COLUMN     "progress" JSONB;

-- AlterTable
ALTER TABLE "EngineBaselineJob" ADD COLUMN     "progress" JSONB;

