import type { Context } from 'aws-lambda';

/**
 * JSON log lines for CloudWatch, one object per line, in the shape Powertools for AWS Lambda's
 * Logger writes (which this project used before; the fields, their names and the variables that
 * set them are the same, so queries and the local tools keep working): `level`, `message`,
 * `timestamp`, `service`, the Lambda context (`cold_start`, `function_arn`, `function_memory_size`,
 * `function_name`, `function_request_id`), `xray_trace_id`, then the logger's persistent keys and
 * the line's own. Written in-repo because Powertools' Logger and its commons cost 20 KB in every
 * bundle for a dozen lines of work (bench/README.md, "Where the misses come from").
 *
 * Settings: POWERTOOLS_SERVICE_NAME (the `service` key), POWERTOOLS_LOG_LEVEL (or Lambda's own
 * AWS_LAMBDA_LOG_LEVEL, which wins when set) and POWERTOOLS_DEV (indented lines on the global
 * console, for a terminal; otherwise compact lines on stdout, WARN and above on stderr).
 */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
export type LogKeys = Record<string, unknown>;

const SEVERITY: Readonly<Record<string, number>> = {
  DEBUG: 8,
  INFO: 12,
  WARN: 16,
  ERROR: 20,
  CRITICAL: 24,
  SILENT: 28,
};

export interface LoggerSettings {
  service: string;
  /** Lines below this level are dropped. */
  minSeverity: number;
  /** Indented lines through the global console (POWERTOOLS_DEV). */
  dev: boolean;
}

export function loggerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): LoggerSettings {
  const level = (
    env.AWS_LAMBDA_LOG_LEVEL ||
    env.POWERTOOLS_LOG_LEVEL ||
    env.LOG_LEVEL ||
    'INFO'
  ).toUpperCase();
  return {
    service: env.POWERTOOLS_SERVICE_NAME || 'service_undefined',
    minSeverity: SEVERITY[level] ?? (SEVERITY.INFO as number),
    dev: isTrue(env.POWERTOOLS_DEV),
  };
}

export function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'on', 'yes', 'y'].includes(value.trim().toLowerCase());
}

/** True until the first invocation of this process (module instance) adds its context. */
let coldStart = true;

export class StructuredLogger {
  private keys: LogKeys;
  private lambda: LogKeys = {};

  constructor(
    private readonly settings: LoggerSettings,
    keys: LogKeys = {},
  ) {
    this.keys = { ...keys };
  }

  /** A logger with the same settings and Lambda context, plus these persistent keys. */
  child(keys: LogKeys): StructuredLogger {
    const child = new StructuredLogger(this.settings, { ...this.keys, ...keys });
    child.lambda = { ...this.lambda };
    return child;
  }

  /** Keys on every later line of this logger. */
  appendKeys(keys: LogKeys): void {
    Object.assign(this.keys, keys);
  }

  /** The invocation's Lambda context, on every later line. */
  addContext(context: Context): void {
    this.lambda = {
      cold_start: coldStart,
      function_arn: context.invokedFunctionArn,
      function_memory_size: Number(context.memoryLimitInMB) || undefined,
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
    };
    coldStart = false;
  }

  debug(message: string, extra?: LogKeys | Error): void {
    this.write('DEBUG', message, extra);
  }

  info(message: string, extra?: LogKeys | Error): void {
    this.write('INFO', message, extra);
  }

  warn(message: string, extra?: LogKeys | Error): void {
    this.write('WARN', message, extra);
  }

  error(message: string, extra?: LogKeys | Error): void {
    this.write('ERROR', message, extra);
  }

  /** The object a line would carry (exported for its tests; `write` serialises it). */
  lineOf(level: LogLevel, message: string, extra?: LogKeys | Error): LogKeys {
    const line: LogKeys = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.settings.service,
      ...this.lambda,
      xray_trace_id: traceIdOf(process.env._X_AMZN_TRACE_ID),
      ...this.keys,
      ...(extra instanceof Error ? { error: errorFields(extra) } : extra),
    };
    for (const [key, value] of Object.entries(line)) if (value === undefined) delete line[key];
    return line;
  }

  private write(level: LogLevel, message: string, extra?: LogKeys | Error): void {
    if ((SEVERITY[level] as number) < this.settings.minSeverity) return;
    const line = this.lineOf(level, message, extra);
    if (this.settings.dev) {
      const method =
        level === 'DEBUG' ? 'debug' : level === 'INFO' ? 'info' : level === 'WARN' ? 'warn' : 'error';
      console[method](JSON.stringify(line, jsonSafe, 2));
      return;
    }
    const stream = level === 'WARN' || level === 'ERROR' ? process.stderr : process.stdout;
    stream.write(`${JSON.stringify(line, jsonSafe)}\n`);
  }
}

/** `Root=1-abc;Parent=…;Sampled=1` → `1-abc`, as X-Ray names the trace. */
function traceIdOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  return /(?:^|;)Root=([^;]+)/.exec(header)?.[1];
}

function errorFields(error: Error): LogKeys {
  return {
    name: error.name,
    location: /\n\s+at .*?\(?([^\s()]+:\d+):\d+\)?/.exec(error.stack ?? '')?.[1],
    message: error.message,
    stack: error.stack,
    ...(error.cause instanceof Error ? { cause: errorFields(error.cause) } : {}),
  };
}

/** BigInts as strings and nested errors as their fields, so that a line never fails to serialise. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return errorFields(value);
  return value;
}
