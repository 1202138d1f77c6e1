/**
 * STS AssumeRole as @aws-sdk/client-sts sends it (AWS query protocol: a form-encoded POST with
 * Action=AssumeRole; XML answers), served on the SageMaker endpoint. A role is assumable once
 * trusted with trustRole; a trust with an external id is the condition sts:ExternalId of a
 * real trust policy. Sessions expire on the server's clock, and the SageMaker endpoint refuses
 * a session key past its expiration (ExpiredTokenException), as AWS does.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from './clock.js';
import { ApiError } from './errors.js';
import type { Faults } from './faults.js';

export interface StsSession {
  accessKeyId: string;
  roleArn: string;
  sessionName: string;
  externalId: string | undefined;
  expiration: Date;
}

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const key = (prefix: string, n: number) => prefix + randomBytes(n).toString('hex').toUpperCase().slice(0, n);
const invalid = (field: string, value: string | null, constraint: string) =>
  new ApiError('ValidationError', `1 validation error detected: Value ${value === null ? 'null' : `'${value}'`} at '${field}' failed to satisfy constraint: ${constraint}`);

/** The form-encoded requests @aws-sdk/client-sts sends (no X-Amz-Target). */
export const isStsRequest = (req: IncomingMessage, body: Buffer): boolean =>
  req.method === 'POST' && req.headers['x-amz-target'] === undefined && /^Action=/.test(body.toString('utf8', 0, 7));

/** The access key id of a SigV4-signed request (Authorization: AWS4-HMAC-SHA256 Credential=<key>/…). */
export const accessKeyOf = (req: IncomingMessage): string | undefined => /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];

export class Sts {
  private readonly trusted = new Map<string, { externalId?: string }>();
  private readonly sessions = new Map<string, StsSession>();

  constructor(private readonly clock: Clock, private readonly accountId: string) {}

  /** Lets the caller assume `roleArn`; with `externalId`, only when AssumeRole gives that ExternalId. */
  trustRole(roleArn: string, trust: { externalId?: string } = {}): void {
    this.trusted.set(roleArn, trust);
  }

  /** Every session issued, oldest first. */
  issued(): readonly StsSession[] {
    return [...this.sessions.values()];
  }

  /** Refuses a temporary (ASIA…) key that was never issued or has expired; long-term keys (any dummy pair) pass. */
  checkAccessKey(accessKeyId: string | undefined): ApiError | undefined {
    if (!accessKeyId?.startsWith('ASIA')) return undefined;
    const session = this.sessions.get(accessKeyId);
    if (!session) return new ApiError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    if (session.expiration <= this.clock.now()) return new ApiError('ExpiredTokenException', 'The security token included in the request is expired');
    return undefined;
  }

  private assumeRole(form: URLSearchParams): string {
    const roleArn = form.get('RoleArn');
    const sessionName = form.get('RoleSessionName');
    const externalId = form.get('ExternalId') ?? undefined;
    const duration = form.has('DurationSeconds') ? Number(form.get('DurationSeconds')) : 3600;
    const role = roleArn === null ? null : ROLE_ARN.exec(roleArn);
    if (!role) throw invalid('roleArn', roleArn, 'Member must satisfy regular expression pattern: arn:aws:iam::<account>:role/<name>');
    if (sessionName === null || !SESSION_NAME.test(sessionName)) throw invalid('roleSessionName', sessionName, 'Member must satisfy regular expression pattern: [\\w+=,.@-]{2,64}');
    if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) throw invalid('externalId', externalId, 'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]{2,1224}');
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) throw invalid('durationSeconds', String(form.get('DurationSeconds')), 'Member must have value between 900 and 43200');
    const trust = this.trusted.get(roleArn!);
    if (!trust || (trust.externalId !== undefined && trust.externalId !== externalId)) {
      throw new ApiError('AccessDenied', `User: arn:aws:iam::${this.accountId}:user/local is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    }
    const session: StsSession = {
      accessKeyId: key('ASIA', 16), roleArn: roleArn!, sessionName, externalId, expiration: new Date(this.clock.now().getTime() + duration * 1000),
    };
    this.sessions.set(session.accessKeyId, session);
    return `<AssumeRoleResponse xmlns="${XMLNS}"><AssumeRoleResult><Credentials>`
      + `<AccessKeyId>${session.accessKeyId}</AccessKeyId><SecretAccessKey>${randomBytes(20).toString('base64')}</SecretAccessKey>`
      + `<SessionToken>${randomBytes(32).toString('base64')}</SessionToken><Expiration>${session.expiration.toISOString()}</Expiration></Credentials>`
      + `<AssumedRoleUser><AssumedRoleId>${key('AROA', 16)}:${xml(sessionName)}</AssumedRoleId>`
      + `<Arn>arn:aws:sts::${role[1]}:assumed-role/${xml(role[2]!)}/${xml(sessionName)}</Arn></AssumedRoleUser>`
      + `</AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`;
  }

  /** Answers one STS request; injected faults (operation 'AssumeRole') apply as on SageMaker. */
  handle(body: Buffer, res: ServerResponse, faults: Faults): void {
    const form = new URLSearchParams(body.toString('utf8'));
    const action = form.get('Action') ?? '';
    try {
      if (action !== 'AssumeRole') throw new ApiError('InvalidAction', `Could not find operation ${action} for version ${form.get('Version') ?? ''}`);
      const fault = faults.pick(action);
      if (fault) throw fault;
      send(res, 200, this.assumeRole(form));
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError('InternalFailure', String(err), 500);
      send(res, e.status, `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${e.status >= 500 ? 'Receiver' : 'Sender'}</Type>`
        + `<Code>${e.errorName}</Code><Message>${xml(e.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
    }
  }
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': randomUUID() });
  res.end(text);
}
