import type { EngineMetrics } from '../../infra/local/stepfunctions/index.js';
import type { CapturedCall, MeterSnapshot } from './dynamodb-meter.js';

/** How the bench talks to its stack process (Node IPC, JSON messages). */
export interface StackConfig {
  port: number;
  dynamoDbPort: number;
  sfnPort: number;
  smtpPort: number;
  dataDir: string;
  reset: boolean;
}

export interface LambdaCount {
  invocations: number;
  totalMs: number;
  /** Sum of each invocation's duration rounded up to 1 ms, as Lambda bills it. */
  billedMs: number;
}

/** process.memoryUsage() of the stack process at its highest RSS since the last reset, MB. */
export interface NodeMemoryPeak {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export interface StackSnapshot {
  dynamodb: MeterSnapshot;
  engine: EngineMetrics;
  emails: number;
  /** Keyed by function name (HTTP routes from the gateway's log, steps from their `step finished` log line). */
  lambda: Record<string, LambdaCount>;
  memoryPeak: NodeMemoryPeak;
}

export type StackCommand =
  | { cmd: 'snapshot' }
  | { cmd: 'reset' }
  | { cmd: 'capture-start' }
  | { cmd: 'capture-stop' }
  /**
   * Detaches the stream's consumers until `stream-attach`: the raw replay's writes (run markers, outbox
   * mail) then start no workflow and send no mail; reading resumes at the stream's end.
   */
  | { cmd: 'stream-detach' }
  | { cmd: 'stream-attach' }
  | { cmd: 'transitions'; executionArns: string[] }
  | { cmd: 'raise-limits'; fiscalYear: number; amount: number }
  | { cmd: 'watch'; steps: string[]; mail: boolean }
  /** Writes a V8 heap snapshot of the stack process to `path` (diagnosis only: it pauses the stack). */
  | { cmd: 'heap-snapshot'; path: string }
  | { cmd: 'stop' };

export type StackRequest = StackCommand & { id: number };

export interface StackReplies {
  snapshot: StackSnapshot;
  reset: null;
  'capture-start': null;
  'capture-stop': CapturedCall[];
  'stream-detach': null;
  'stream-attach': null;
  transitions: Array<number | null>;
  'raise-limits': { pools: number; ruleSetVersion: number };
  watch: null;
  'heap-snapshot': string;
  stop: null;
}

export interface ReadyMessage {
  type: 'ready';
  url: string;
  dynamoDbEndpoint: string;
  sfnEndpoint: string;
  stateMachineArn: string;
  startupMs: number;
}

export interface StepEvent {
  type: 'step';
  step: string;
  proposalId: string;
  ms: number;
  /** Date.now() in the stack process when the step's handler returned. */
  at: number;
}

export interface MailEvent {
  type: 'mail';
  subject: string;
  links: string[];
  at: number;
}

export type StackMessage =
  | ReadyMessage
  | StepEvent
  | MailEvent
  | { type: 'reply'; id: number; ok: true; data: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }
  | { type: 'failed'; error: string };
