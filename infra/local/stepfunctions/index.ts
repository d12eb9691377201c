export type { EngineMetrics } from './engine.js';
export { type SfnErrorCode, SfnServiceError } from './errors.js';
export type { ExecutionStatus, TaskHandler } from './execution.js';
export {
  type LocalStateMachineConfig,
  LocalStepFunctions,
  type LocalStepFunctionsOptions,
} from './local-step-functions.js';
