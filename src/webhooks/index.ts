// Webhooks, wired by a process: every outbox relay gets `webhookSink(queue)` (each relay
// must, or the events it relays reach no webhook), and workers run
// `registerWebhookJobs` on the webhook queue (WEBHOOK_QUEUE) plus `startDeliverySweeper`.
export { attemptDelivery, registerWebhookJobs, webhookSettings, type WebhookSettings } from './delivery.js';
export { fanOut, webhookSink } from './fanout.js';
export { DeliverWebhookJob, WEBHOOK_QUEUE } from './jobs.js';
export { verifySignature } from './signature.js';
export { startDeliverySweeper, sweepDeliveries } from './sweeper.js';
