// Tags on what the gateway creates in SageMaker (job definitions, schedules, baselining jobs), as
// the SageMaker Python SDK passes its tags to each of them: a platform team can tell from the tags
// alone that a resource is the gateway's, which team owns it and which monitor it serves.
// SageMaker's Tag: key 1-128 and value 0-256 characters of letters, digits, spaces and _.:/=+-@,
// keys beginning with "aws:" reserved for AWS; these keys and values (UUIDs) keep to that.
import type { Tag } from '@aws-sdk/client-sagemaker';
import type { BackendMonitor } from '../backends/types.js';

/** Every key of the gateway's own tags starts with this: the marker of a gateway-made resource. */
export const TAG_PREFIX = 'model-monitor-gateway:';

/**
 * The team and the monitor a resource belongs to. No schedule or baseline id: a dry run sends the
 * requests of rows it does not store, and must show the very requests the real call then sends.
 */
export function gatewayTags(m: Pick<BackendMonitor, 'teamId' | 'id'>): Tag[] {
  return [
    { Key: `${TAG_PREFIX}team-id`, Value: m.teamId },
    { Key: `${TAG_PREFIX}monitor-id`, Value: m.id },
  ];
}
