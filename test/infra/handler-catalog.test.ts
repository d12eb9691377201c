import * as path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { HTTP_ROUTES, type HttpRoute } from '../../infra/routes.js';
import { SCHEDULED_TASKS } from '../../infra/schedules.js';
import { accessOf, FUNCTION_ACCESS } from '../../infra/stack/function-access.js';
import { handlerCatalog } from '../../infra/stack/handler-catalog.js';
import { PROJECT_ROOT } from '../../infra/stack/ikm-proposal-stack.js';
import { STREAM_CONSUMERS } from '../../infra/stream-consumers.js';
import { WORKFLOW_TASKS } from '../../workflows/tasks.js';

const route = (method: HttpRoute['method'], entry: string, functionName: string): HttpRoute => ({
  method,
  path: `/${functionName}`,
  entry,
  functionName,
  auth: 'jwt',
});

describe('handler catalog', () => {
  it('makes one function per distinct handler module of WORKFLOW_TASKS, HTTP_ROUTES, SCHEDULED_TASKS and STREAM_CONSUMERS', () => {
    const entries = new Set([
      ...Object.values(WORKFLOW_TASKS).map((t) => t.entry),
      ...HTTP_ROUTES.map((r) => r.entry),
      ...SCHEDULED_TASKS.map((t) => t.entry),
      ...STREAM_CONSUMERS.map((t) => t.entry),
    ]);
    const specs = handlerCatalog();
    expect(specs.map((s) => s.entry).sort()).toEqual([...entries].sort());
  });

  it('serves every /actions route (GET, HEAD, POST) from one function', () => {
    const actions = handlerCatalog().filter((s) => s.routes.some((r) => r.path.startsWith('/actions/')));
    expect(actions).toHaveLength(1);
    expect(actions[0]?.routes.map((r) => r.method).sort()).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('lists under each workflow function the Task states that run it', () => {
    for (const [state, task] of Object.entries(WORKFLOW_TASKS)) {
      const spec = handlerCatalog().find((s) => s.entry === task.entry);
      expect(spec?.trigger).toBe('workflow');
      expect(spec?.states).toContain(state);
    }
  });

  it('refuses one module under two function names', () => {
    expect(() =>
      handlerCatalog({}, [route('GET', 'functions/api/a.ts', 'a'), route('PUT', 'functions/api/a.ts', 'b')]),
    ).toThrow('functions/api/a.ts is named both "a" and "b"');
  });

  it('refuses one function name for two modules', () => {
    expect(() =>
      handlerCatalog({}, [route('GET', 'functions/api/a.ts', 'a'), route('PUT', 'functions/api/b.ts', 'a')]),
    ).toThrow('Function name "a" is used by more than one handler module');
  });

  it('refuses a module that is both a workflow task and an HTTP handler', () => {
    const tasks = { Step: { entry: 'functions/steps/x.ts', functionName: 'x' } };
    expect(() => handlerCatalog(tasks, [route('GET', 'functions/steps/x.ts', 'x')])).toThrow(
      /both a workflow task and an HTTP handler/,
    );
  });
});

describe('function access rights', () => {
  const specs = handlerCatalog();

  it('are declared for every function, and only for functions that exist', () => {
    expect(Object.keys(FUNCTION_ACCESS).sort()).toEqual(specs.map((s) => s.functionName).sort());
  });

  it('fail the synth for a function nobody declared', () => {
    expect(() => accessOf('export-everything')).toThrow(
      /No access rights declared for function "export-everything"/,
    );
  });

  it('let no task function start or stop executions of the machine that runs it', () => {
    for (const spec of specs.filter((s) => s.trigger === 'workflow')) {
      const access = accessOf(spec.functionName);
      expect(access.startsWorkflow ?? access.stopsWorkflow, spec.functionName).toBeUndefined();
    }
  });

  // The rights follow the code: a handler that reaches the mailer or the Step Functions adapter
  // needs the matching right, and one that does not must not hold it.
  it.each(specs.map((s) => [s.functionName, s.entry] as const))(
    '%s holds exactly the SES and Step Functions rights its code uses',
    async (functionName, entry) => {
      const result = await build({
        absWorkingDir: PROJECT_ROOT,
        entryPoints: [entry],
        bundle: true,
        write: false,
        metafile: true,
        platform: 'node',
        format: 'esm',
        packages: 'external',
        logLevel: 'silent',
      });
      const modules = Object.keys(result.metafile.inputs).map((m) => m.split(path.sep).join('/'));
      const access = accessOf(functionName);
      expect(modules.includes('functions/adapters/mailer/mailer.ts'), 'uses the mailer').toBe(
        access.sendsEmail === true,
      );
      expect(modules.includes('functions/adapters/stepfunctions.ts'), 'uses Step Functions').toBe(
        access.startsWorkflow === true ||
          access.answersWorkflowTasks === true ||
          access.stopsWorkflow === true,
      );
    },
  );
});
