-- AlterEnum: a one-time schedule whose run has ended
ALTER TYPE "ScheduleStatus" ADD VALUE 'COMPLETED';
