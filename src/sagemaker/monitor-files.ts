// Where the gateway puts a monitor's files in S3: the baseline files the job definitions name,
// and Clarify's analysis configurations.
import type { BackendMonitor, BaselineJobRequest } from '../backends/types.js';
import type { MonitorConfig } from '../kernel/monitor-config.js';

/** Where the gateway puts a monitor's baseline files and Clarify analysis configuration. */
export function monitorFilesUri(c: MonitorConfig, monitorName: string): string {
  return `${c.outputS3Uri.replace(/\/+$/, '')}/gateway/${monitorName}`;
}

export function analysisConfigUri(m: BackendMonitor, jobDefinitionName: string): string {
  return `${monitorFilesUri(m.config, m.name)}/${jobDefinitionName}/analysis_config.json`;
}

/** The folder of one baseline version: the baselining job writes there, the job definitions read there. */
export function baselineFilesUri(m: BackendMonitor, version: number): string {
  return `${monitorFilesUri(m.config, m.name)}/baselines/v${version}`;
}

export function baselineOutputUri(m: BackendMonitor, request: BaselineJobRequest): string {
  return baselineFilesUri(m, request.version);
}
