// The composition root's entry points: main.ts starts a gateway (and a worker unless
// RUN_WORKER=false), worker.ts a worker. Nothing outside src/runtime builds the system.
export { startGateway, type Gateway } from './gateway.js';
export { startWorker, type RunningWorker } from './worker.js';
