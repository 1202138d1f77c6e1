-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "awsAssumeRoleArn" TEXT,
ADD COLUMN     "awsEndpointUrl" TEXT,
ADD COLUMN     "awsExecutionRoleArn" TEXT,
ADD COLUMN     "awsExternalId" TEXT,
ADD COLUMN     "awsRegion" TEXT,
ADD COLUMN     "awsS3EndpointUrl" TEXT;

