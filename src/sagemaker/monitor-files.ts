// Where the gateway puts a monitor's files in S3: the baseline files the job definitions name,
// and Clarify's analysis configurations. Teams may share an output prefix (one bucket, one
// account), so the folder is scoped by the team's tag as SageMaker names are (naming.ts):
// <output>/gateway/<team tag>/<monitor name>/...
//
// No file is ever found again by deriving its path: every request names the exact URI the
// same call uploaded to (a job definition its baseline and analysis configuration, a
// baselining job its output), and reads follow what SageMaker returns (the processing job's
// output). So monitors made before the scoping keep working: their job definitions still
// name the old files, which stay where they are, and their next definition is written under
// the scoped folder from the baseline the gateway stores.
import type { BackendMonitor, BaselineJobRequest } from '../backends/types.js';
import { teamTag } from './naming.js';

/** Where the gateway puts a monitor's baseline files and Clarify analysis configuration. */
function monitorFilesUri(m: Pick<BackendMonitor, 'teamId' | 'name' | 'config'>): string {
  return `${m.config.outputS3Uri.replace(/\/+$/, '')}/gateway/${teamTag(m.teamId)}/${m.name}`;
}

export function analysisConfigUri(m: BackendMonitor, jobDefinitionName: string): string {
  return `${monitorFilesUri(m)}/${jobDefinitionName}/analysis_config.json`;
}

/** The folder of one baseline version: the baselining job writes there, the job definitions read there. */
export function baselineFilesUri(m: BackendMonitor, version: number): string {
  return `${monitorFilesUri(m)}/baselines/v${version}`;
}

export function baselineOutputUri(m: BackendMonitor, request: BaselineJobRequest): string {
  return baselineFilesUri(m, request.version);
}
