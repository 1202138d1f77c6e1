// @mmg/engine/io: where the engine reads inputs and writes reports. An `ObjectStore` over
// s3:// (@aws-sdk/client-s3) or file://, and `forEachLine`, which streams an object through the
// core's LineSplitter; the readers of a run's inputs (captures, ground truth, datasets) and the
// ground truth join. Kept apart from the pure core (@mmg/engine), which does no I/O.
export * from './store.js';
export * from './file-store.js';
export * from './s3-store.js';
export * from './lines.js';
export * from './inputs.js';
export * from './join.js';
export * from './window-inputs.js';
export * from './parts.js';
export * from './threads.js';
export * from './blocks.js';
export * from './dataset-blocks.js';
export * from './block-lines.js';
