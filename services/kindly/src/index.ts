// What other workspaces (the end-to-end tests) use of the kindly command's package: the whole
// pipeline in one process on a simulated clock, with the Twilio and SMTP stand-ins.
export { startPipeline, settled, bankTypes } from './demo/pipeline.js';
export type { Pipeline, PipelineOptions } from './demo/pipeline.js';
export { observedTypes } from './demo/observer.js';
export type { Observed, ObservedType } from './demo/observer.js';
export type { BankEvent } from './demo/portfolio.js';
export { AllSettingsSchema, consumedTopics, startAllServices } from './run-all/start-all.js';
export type { AllServices, AllSettings } from './run-all/start-all.js';
export { seededRandom } from './demo/seeded-random.js';
