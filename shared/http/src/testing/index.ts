// Test helpers for HTTP entry points: a logger whose lines can be read, and hostile requests.
export { recordingLogger } from './recording-logger.js';
export type { RecordingLogger } from './recording-logger.js';
export { PROBE_MARKER, probe, probeBodies } from './client-error-probes.js';
export type { ProbeAnswer, ProbeName } from './client-error-probes.js';
