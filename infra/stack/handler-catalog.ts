import { WORKFLOW_TASKS, type WorkflowTaskState } from '../../workflows/tasks.js';
import { HTTP_ROUTES, type HttpRoute } from '../routes.js';
import { SCHEDULED_TASKS, type ScheduledTask } from '../schedules.js';
import { STREAM_CONSUMERS, type StreamConsumer, type StreamPattern } from '../stream-consumers.js';

/**
 * One Lambda function per distinct handler module, gathered from the lists that name them:
 * WORKFLOW_TASKS (Task states), HTTP_ROUTES (gateway routes), SCHEDULED_TASKS (timers) and
 * STREAM_CONSUMERS (the table's stream). Two routes served by one module share one function.
 */
export interface HandlerSpec {
  /** Handler module from the project root; its export is `handler`. */
  entry: string;
  functionName: string;
  /**
   * `workflow`: invoked by the state machine. `http`: behind the gateway. `schedule`: on a timer.
   * `stream`: by the table's change stream.
   */
  trigger: 'workflow' | 'http' | 'schedule' | 'stream';
  /** The Task states that run this module (trigger `workflow`). */
  states: WorkflowTaskState[];
  /** The routes served by this module (trigger `http`). */
  routes: HttpRoute[];
  /** Minutes between runs (trigger `schedule`). */
  everyMinutes?: number;
  /** The stream records it receives (trigger `stream`): those matching any of these filter patterns. */
  patterns?: readonly StreamPattern[];
}

export function handlerCatalog(
  tasks: Readonly<Record<string, { entry: string; functionName: string }>> = WORKFLOW_TASKS,
  routes: readonly HttpRoute[] = HTTP_ROUTES,
  schedules: readonly ScheduledTask[] = SCHEDULED_TASKS,
  streams: readonly StreamConsumer[] = STREAM_CONSUMERS,
): HandlerSpec[] {
  const byEntry = new Map<string, HandlerSpec>();
  const add = (entry: string, functionName: string, trigger: HandlerSpec['trigger']): HandlerSpec => {
    const known = byEntry.get(entry);
    if (known && known.functionName !== functionName) {
      throw new Error(`${entry} is named both "${known.functionName}" and "${functionName}"`);
    }
    if (known && known.trigger !== trigger) {
      // A state machine task that also needed STATE_MACHINE_ARN would make the machine depend on
      // itself, and the two roles need different rights: keep them in separate modules.
      throw new Error(`${entry} is both a workflow task and an HTTP handler; give each its own module`);
    }
    const spec = known ?? { entry, functionName, trigger, states: [], routes: [] };
    byEntry.set(entry, spec);
    return spec;
  };
  for (const [state, task] of Object.entries(tasks)) {
    add(task.entry, task.functionName, 'workflow').states.push(state as WorkflowTaskState);
  }
  for (const route of routes) {
    add(route.entry, route.functionName, 'http').routes.push(route);
  }
  for (const task of schedules) {
    add(task.entry, task.functionName, 'schedule').everyMinutes = task.everyMinutes;
  }
  for (const consumer of streams) {
    add(consumer.entry, consumer.functionName, 'stream').patterns = consumer.patterns;
  }
  const specs = [...byEntry.values()];
  const names = new Set<string>();
  for (const spec of specs) {
    if (names.has(spec.functionName)) {
      throw new Error(`Function name "${spec.functionName}" is used by more than one handler module`);
    }
    names.add(spec.functionName);
  }
  return specs;
}
