import type { Resolvers } from '../../resolvers-types.js';
import { createWebhook } from './createWebhook.js';
import { deleteWebhook } from './deleteWebhook.js';
import { redeliverWebhookDelivery } from './redeliverWebhookDelivery.js';
import { webhookTypes } from './types.js';
import { updateWebhook } from './updateWebhook.js';

export const webhookResolvers: Resolvers[] = [
  webhookTypes,
  { Mutation: { createWebhook, updateWebhook, deleteWebhook, redeliverWebhookDelivery } },
];
