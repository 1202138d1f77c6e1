import type { WebhookChannel, WebhookDelivery } from '../../generated/prisma/client.js';

export type WebhookParent = WebhookChannel;
export type WebhookDeliveryParent = WebhookDelivery;
