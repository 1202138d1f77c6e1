// SDK clients per team: the team's region, optional endpoint override and optional role
// to assume (with external id). Credentials start from the gateway process's own AWS
// chain; nothing secret is stored per team.
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { S3Client } from '@aws-sdk/client-s3';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { assumingRole } from './credentials.js';
import { SdkTransport, type Transport } from './transport.js';

export interface TeamAwsSettings {
  region: string;
  executionRoleArn: string | null;
  assumeRoleArn: string | null;
  externalId: string | null;
  endpointUrl: string | null;
  s3EndpointUrl: string | null;
}

export interface ClientOptions {
  /** Defaults to the SDK's standard chain (environment, profile, instance role…). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call including the first (throttling and 5xx are retried). */
  maxAttempts?: number;
  /** Base of the exponential backoff; each delay is drawn uniformly up to base·2^attempt (full jitter). */
  retryBaseMs?: number;
}

export function retryStrategy(options: ClientOptions): ConfiguredRetryStrategy {
  const base = options.retryBaseMs ?? 200;
  return new ConfiguredRetryStrategy(options.maxAttempts ?? 8, (attempt) => Math.round(Math.random() * Math.min(20_000, base * 2 ** attempt)));
}

export class TeamClients {
  private readonly cache = new Map<string, Transport>();

  constructor(private readonly options: ClientOptions = {}) {}

  /** One transport per distinct settings, reused across calls. */
  transport(settings: TeamAwsSettings): Transport {
    const key = JSON.stringify(settings);
    let t = this.cache.get(key);
    if (!t) {
      t = this.create(settings);
      this.cache.set(key, t);
    }
    return t;
  }

  private create(s: TeamAwsSettings): Transport {
    const base = this.options.credentials;
    const credentials = s.assumeRoleArn
      ? assumingRole(fromTemporaryCredentials({
          params: { RoleArn: s.assumeRoleArn, RoleSessionName: 'model-monitor-gateway', ...(s.externalId ? { ExternalId: s.externalId } : {}) },
          ...(base ? { masterCredentials: base } : {}),
          clientConfig: { region: s.region },
        }), s.assumeRoleArn)
      : base;
    const common = { region: s.region, retryStrategy: retryStrategy(this.options), ...(credentials ? { credentials } : {}) };
    const sm = new SageMakerClient({ ...common, ...(s.endpointUrl ? { endpoint: s.endpointUrl } : {}) });
    const s3 = new S3Client({ ...common, ...(s.s3EndpointUrl ? { endpoint: s.s3EndpointUrl, forcePathStyle: true } : {}) });
    return new SdkTransport(sm, s3);
  }
}
