import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import { MAX_TIMER_SECONDS } from './definition.js';
import type { Execution, TaskAttempt, TimelineEntry } from './execution.js';

/** AWS fails an execution whose history reaches this many events. */
export const MAX_HISTORY_EVENTS = 25_000;
/** Task tokens never leave the engine, not even through the history of the task that used one. */
const REDACTED_TOKEN = '<task token>';

type Details = Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp' | 'type'>;

/** How many AWS history events a timeline entry becomes (the engine enforces MAX_HISTORY_EVENTS with it). */
export function historyEventCount(entry: TimelineEntry): number {
  switch (entry.type) {
    case 'TaskAttempt':
      return entry.attempt.task.callback ? 3 : 2;
    case 'StateEntered':
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed':
      return 1;
    case 'StateExited':
      return entry.state.type === 'Task' ? 2 : 1;
    case 'StateFailed':
      return entry.state.type === 'Task' ? 1 : 0;
    default:
      return 0;
  }
}

/** The execution's history in AWS's shape, oldest first, built from the recorded timeline. */
export function executionHistory(execution: Execution, region: string, includeData: boolean): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const add = (type: HistoryEventType, at: number, details: Details = {}) => {
    const id = events.length + 1;
    events.push({ timestamp: new Date(at), type, id, previousEventId: id - 1, ...details });
  };
  const data = (value: unknown) => (includeData ? stringify(value) : undefined);
  const dataDetails = { truncated: false };

  add('ExecutionStarted', execution.startDate, {
    executionStartedEventDetails: {
      input: includeData ? execution.input : undefined,
      inputDetails: dataDetails,
      roleArn: execution.machine.roleArn,
    },
  });

  const current = new Map<string, TaskAttempt>();
  for (const entry of execution.timeline ?? []) {
    switch (entry.type) {
      case 'TaskAttempt': {
        const { attempt } = entry;
        current.set(attempt.task.name, attempt);
        addScheduled(add, attempt, region, includeData);
        break;
      }
      case 'StateEntered':
        add(`${entry.state.type}StateEntered` as HistoryEventType, entry.timestamp, {
          stateEnteredEventDetails: {
            name: entry.state.name,
            input: data(entry.state.input),
            inputDetails: dataDetails,
          },
        });
        break;
      case 'StateExited': {
        const attempt = current.get(entry.state.name);
        if (entry.state.type === 'Task' && attempt) {
          current.delete(entry.state.name);
          const output = data(attempt.output ?? null);
          if (attempt.task.integration === 'lambda-function') {
            add('LambdaFunctionSucceeded', entry.timestamp, {
              lambdaFunctionSucceededEventDetails: { output, outputDetails: dataDetails },
            });
          } else {
            add('TaskSucceeded', entry.timestamp, {
              taskSucceededEventDetails: { ...resourceOf(attempt), output, outputDetails: dataDetails },
            });
          }
        }
        add(`${entry.state.type}StateExited` as HistoryEventType, entry.timestamp, {
          stateExitedEventDetails: {
            name: entry.state.name,
            output: data(entry.state.output),
            outputDetails: dataDetails,
          },
        });
        break;
      }
      case 'StateFailed': {
        const attempt = current.get(entry.state.name);
        if (entry.state.type !== 'Task' || !attempt) break;
        current.delete(entry.state.name);
        const error = entry.Error;
        const cause = typeof entry.Cause === 'string' ? entry.Cause : stringify(entry.Cause);
        const timedOut = error === 'States.Timeout' || error === 'States.HeartbeatTimeout';
        if (attempt.task.integration === 'lambda-function') {
          if (timedOut)
            add('LambdaFunctionTimedOut', entry.timestamp, {
              lambdaFunctionTimedOutEventDetails: { error, cause },
            });
          else
            add('LambdaFunctionFailed', entry.timestamp, {
              lambdaFunctionFailedEventDetails: { error, cause },
            });
        } else if (timedOut) {
          add('TaskTimedOut', entry.timestamp, {
            taskTimedOutEventDetails: { ...resourceOf(attempt), error, cause },
          });
        } else {
          add('TaskFailed', entry.timestamp, {
            taskFailedEventDetails: { ...resourceOf(attempt), error, cause },
          });
        }
        break;
      }
      case 'MapIterationStarted':
        add('MapIterationStarted', entry.timestamp, {
          mapIterationStartedEventDetails: { name: entry.parentState.name, index: entry.index },
        });
        break;
      case 'MapIterationSucceeded':
        add('MapIterationSucceeded', entry.timestamp, {
          mapIterationSucceededEventDetails: { name: entry.parentState.name, index: entry.index },
        });
        break;
      case 'MapIterationFailed':
        add('MapIterationFailed', entry.timestamp, {
          mapIterationFailedEventDetails: { name: entry.parentState.name, index: entry.index },
        });
        break;
      default:
        // Retries and catches show on AWS only as the next attempt and the next state.
        break;
    }
  }

  const stopDate = execution.stopDate ?? Date.now();
  const { error, cause } = execution;
  switch (execution.status) {
    case 'SUCCEEDED':
      add('ExecutionSucceeded', stopDate, {
        executionSucceededEventDetails: {
          output: includeData ? execution.output : undefined,
          outputDetails: dataDetails,
        },
      });
      break;
    case 'FAILED':
      add('ExecutionFailed', stopDate, { executionFailedEventDetails: { error, cause } });
      break;
    case 'ABORTED':
      add('ExecutionAborted', stopDate, { executionAbortedEventDetails: { error, cause } });
      break;
    case 'TIMED_OUT':
      add('ExecutionTimedOut', stopDate, { executionTimedOutEventDetails: { error, cause } });
      break;
    case 'RUNNING':
      break;
  }
  return events;
}

type Add = (type: HistoryEventType, at: number, details?: Details) => void;

function addScheduled(add: Add, attempt: TaskAttempt, region: string, includeData: boolean): void {
  const at = attempt.scheduledAt;
  const timeoutInSeconds = attempt.timeoutSeconds === MAX_TIMER_SECONDS ? undefined : attempt.timeoutSeconds;
  let parameters = includeData ? stringify(attempt.parameters) : undefined;
  if (parameters && attempt.token) parameters = parameters.replaceAll(attempt.token, REDACTED_TOKEN);

  if (attempt.task.integration === 'lambda-function') {
    add('LambdaFunctionScheduled', at, {
      lambdaFunctionScheduledEventDetails: {
        resource: attempt.task.resource,
        input: parameters,
        inputDetails: { truncated: false },
        timeoutInSeconds,
      },
    });
    add('LambdaFunctionStarted', at);
    return;
  }
  const resource = resourceOf(attempt);
  add('TaskScheduled', at, {
    taskScheduledEventDetails: {
      ...resource,
      region: attempt.task.region ?? region,
      parameters: parameters ?? '',
      timeoutInSeconds,
      heartbeatInSeconds: attempt.heartbeatSeconds,
    },
  });
  add('TaskStarted', at, { taskStartedEventDetails: resource });
  if (attempt.task.callback && attempt.submittedAt !== undefined) {
    add('TaskSubmitted', attempt.submittedAt, {
      taskSubmittedEventDetails: {
        ...resource,
        output: includeData ? stringify(attempt.submitted ?? null) : undefined,
        outputDetails: { truncated: false },
      },
    });
  }
}

function resourceOf(attempt: TaskAttempt): { resourceType: string; resource: string } {
  return { resourceType: attempt.task.resourceType, resource: attempt.task.resourceName };
}

function stringify(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}
