// What SDK scripts do in a team's SageMaker account, for the import's tests: job definitions and
// schedules made with raw @aws-sdk/client-sagemaker calls on the local server, files put in its S3,
// and the import called through the API.
import {
  CreateDataQualityJobDefinitionCommand, CreateModelBiasJobDefinitionCommand, CreateMonitoringScheduleCommand, SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clarifyImage, modelMonitorImage } from '../../src/sagemaker/images.js';
import { gql } from '../support/gateway.js';
import type { TeamFixture } from '../support/seed.js';
import { credentials, ROLE, type SageMakerSetup } from './support.js';

const IMPORT = `mutation($teamId: ID!, $dryRun: Boolean) { importSageMakerSchedules(teamId: $teamId, dryRun: $dryRun) {
  adopted { name type jobDefinitionName schedule { id } } skipped { name reason message } } }`;
export type Report = { adopted: { name: string; jobDefinitionName: string | null; schedule: { id: string } | null }[]; skipped: { name: string; reason: string; message: string }[] };

/** What the report says of `name`: 'ADOPTED', or the skip reason. */
export const verdict = (report: Report, name: string) => (report.adopted.some((a) => a.name === name) ? 'ADOPTED' : report.skipped.find((s) => s.name === name)?.reason);

export const dqBody = (extra: Record<string, unknown> = {}) => ({
  DataQualityAppSpecification: { ImageUri: modelMonitorImage('us-east-1') },
  DataQualityJobInput: { EndpointInput: { EndpointName: 'churn-ep', LocalPath: '/opt/ml/processing/input/endpoint' } },
  DataQualityJobOutputConfig: { MonitoringOutputs: [{ S3Output: { S3Uri: 's3://reports/dq', LocalPath: '/opt/ml/processing/output' } }] },
  JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 20 } },
  RoleArn: ROLE,
  StoppingCondition: { MaxRuntimeInSeconds: 1800 },
  ...extra,
});

export function sdkScripts(setup: SageMakerSetup) {
  const { server, env } = setup;
  const sm = new SageMakerClient({ region: 'us-east-1', endpoint: server.endpoint, credentials });
  const s3 = new S3Client({ region: 'us-east-1', endpoint: server.s3Endpoint, forcePathStyle: true, credentials });
  return {
    sm,
    /** A data quality job definition `<name>-jd` and a schedule `name` on it. */
    async dqSchedule(name: string, extra: Record<string, unknown> = {}, expression = 'cron(0 * ? * * *)', client = sm, role = ROLE): Promise<void> {
      await client.send(new CreateDataQualityJobDefinitionCommand({ JobDefinitionName: `${name}-jd`, ...dqBody({ RoleArn: role, ...extra }) } as never));
      await client.send(new CreateMonitoringScheduleCommand({
        MonitoringScheduleName: name,
        MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: expression }, MonitoringJobDefinitionName: `${name}-jd`, MonitoringType: 'DataQuality' },
      }));
    },
    /** A model bias job definition `<name>-jd` whose Clarify analysis configuration is `configUri`, and a daily schedule `name` on it. */
    async biasSchedule(name: string, configUri: string): Promise<void> {
      const { DataQualityJobOutputConfig: output, JobResources } = dqBody();
      await sm.send(new CreateModelBiasJobDefinitionCommand({
        JobDefinitionName: `${name}-jd`,
        ModelBiasAppSpecification: { ImageUri: clarifyImage('us-east-1'), ConfigUri: configUri },
        ModelBiasJobInput: { EndpointInput: { EndpointName: 'churn-ep', LocalPath: '/opt/ml/processing/input/endpoint' }, GroundTruthS3Input: { S3Uri: 's3://gt/churn' } },
        ModelBiasJobOutputConfig: output, JobResources, RoleArn: ROLE, StoppingCondition: { MaxRuntimeInSeconds: 1800 },
      } as never));
      await sm.send(new CreateMonitoringScheduleCommand({
        MonitoringScheduleName: name,
        MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 0 ? * * *)' }, MonitoringJobDefinitionName: `${name}-jd`, MonitoringType: 'ModelBias' },
      }));
    },
    /** A JSON file in the bucket "reports". */
    put: (key: string, body: unknown) => s3.send(new PutObjectCommand({ Bucket: 'reports', Key: key, Body: JSON.stringify(body) })),
    /** The local server's live record of a schedule or job definition, to put it in a state no SDK call reaches (a Failed schedule, a deleted definition). */
    scheduleRecord: (name: string) => server.state.schedules().find((s) => s.name === name) as { status: string; config: Record<string, unknown> },
    definitionRecord: (name: string) => server.state.jobDefinitions().find((d) => d.name === name) as { body: Record<string, any> },
    async importFor(team: TeamFixture, dryRun = true): Promise<Report> {
      const r = await gql(env.url, team.adminKey, IMPORT, { teamId: team.id, dryRun });
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data!['importSageMakerSchedules'];
    },
    destroy(): void {
      sm.destroy();
      s3.destroy();
    },
  };
}
