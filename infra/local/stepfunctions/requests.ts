import { z } from 'zod';
import { sfnError } from './errors.js';

/** Request shapes of the supported operations, with the API's documented limits. */
const arn = z.string().min(1).max(2048);
const taskToken = z.string().min(1).max(2048);
const maxResults = z.number().int().min(0).max(1000).optional();
const nextToken = z.string().min(1).max(1024).optional();

export const startExecutionRequest = z.object({
  stateMachineArn: arn,
  name: z.string().optional(),
  input: z.string().max(262_144).optional(),
  traceHeader: z.string().optional(),
});

export const stopExecutionRequest = z.object({
  executionArn: arn,
  error: z.string().max(256).optional(),
  cause: z.string().max(32_768).optional(),
});

export const describeExecutionRequest = z.object({ executionArn: arn });
export const describeStateMachineRequest = z.object({ stateMachineArn: arn });
export const listStateMachinesRequest = z.object({ maxResults, nextToken });

export const listExecutionsRequest = z.object({
  stateMachineArn: arn,
  statusFilter: z
    .enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'])
    .optional(),
  maxResults,
  nextToken,
});

export const getExecutionHistoryRequest = z.object({
  executionArn: arn,
  maxResults,
  nextToken,
  reverseOrder: z.boolean().optional(),
  includeExecutionData: z.boolean().optional(),
});

export const sendTaskSuccessRequest = z.object({ taskToken, output: z.string().max(262_144) });

export const sendTaskFailureRequest = z.object({
  taskToken,
  error: z.string().max(256).optional(),
  cause: z.string().max(32_768).optional(),
});

export const sendTaskHeartbeatRequest = z.object({ taskToken });

/** The request, checked; ValidationException names the first offending field. */
export function parseRequest<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'request';
  throw sfnError(
    'ValidationException',
    `1 validation error detected: '${field}': ${issue?.message ?? 'invalid'}`,
  );
}
