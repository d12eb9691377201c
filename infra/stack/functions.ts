import * as path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type IRole, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLING } from './bundling.js';
import type { HandlerSpec } from './handler-catalog.js';

/** Below the 30 s TimeoutSeconds of the Task states, so the function's own timeout reports first. */
const WORKFLOW_TIMEOUT = Duration.seconds(25);
/**
 * Handler modules that serve files built beside the code: the folder is built when missing
 * (web/build.ts) and copied into the bundle as `static/`, where the handler looks by default.
 */
const BUNDLED_FOLDERS: Readonly<Record<string, string>> = {
  'functions/api/static-files.ts': 'build/static',
};

function bundlingOf(entry: string): BundlingOptions {
  const folder = BUNDLED_FOLDERS[entry];
  if (!folder) return BUNDLING;
  return {
    ...BUNDLING,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => [
        `cd "${inputDir}" && (test -f "${folder}/app/index.html" || node --import tsx web/build.ts)`,
        `cp -R "${path.join(inputDir, folder)}" "${path.join(outputDir, 'static')}"`,
      ],
    },
  };
}

/** Below the HTTP API's 30 s integration limit. */
const HTTP_TIMEOUT = Duration.seconds(15);
const TIMEOUTS = {
  workflow: WORKFLOW_TIMEOUT,
  http: HTTP_TIMEOUT,
  schedule: Duration.seconds(60),
  // A batch of mails, each one SES call and one update.
  stream: Duration.seconds(60),
} as const;

export interface HandlerFunctionsProps {
  stageName: string;
  /** Directory holding package-lock.json; handler entries are relative to it. */
  projectRoot: string;
  specs: readonly HandlerSpec[];
  environment: Readonly<Record<string, string>>;
  logRetention: RetentionDays;
  retainData: boolean;
}

export interface HandlerFunction {
  spec: HandlerSpec;
  fn: NodejsFunction;
  role: IRole;
}

/**
 * One NodejsFunction per handler module: esbuild-bundled ESM on Node.js 24, arm64, its own role
 * (no managed policies) and its own log group with retention.
 */
export class HandlerFunctions extends Construct {
  readonly all: readonly HandlerFunction[];
  private readonly byEntry = new Map<string, HandlerFunction>();

  constructor(scope: Construct, id: string, props: HandlerFunctionsProps) {
    super(scope, id);
    this.all = props.specs.map((spec) => {
      const fn = this.createFunction(spec, props);
      this.byEntry.set(spec.entry, fn);
      return fn;
    });
  }

  /** The function built from a handler module (a WORKFLOW_TASKS or HTTP_ROUTES entry). */
  forEntry(entry: string): HandlerFunction {
    const found = this.byEntry.get(entry);
    if (!found) throw new Error(`No function for handler module ${entry}`);
    return found;
  }

  private createFunction(spec: HandlerSpec, props: HandlerFunctionsProps): HandlerFunction {
    const id = constructIdOf(spec.functionName);
    const functionName = `ikm-${props.stageName}-${spec.functionName}`;
    const logGroup = new LogGroup(this, `${id}Logs`, {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: props.logRetention,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const role = new Role(this, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${spec.entry}`,
    });
    logGroup.grantWrite(role);
    const fn = new NodejsFunction(this, id, {
      functionName,
      description: `${spec.entry} (${spec.trigger})`,
      entry: path.join(props.projectRoot, spec.entry),
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: path.join(props.projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: TIMEOUTS[spec.trigger],
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      bundling: bundlingOf(spec.entry),
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords accept no resource but *.',
    });
    return { spec, fn, role };
  }
}

/** `create-proposal` → `CreateProposal`. */
function constructIdOf(functionName: string): string {
  return functionName
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
