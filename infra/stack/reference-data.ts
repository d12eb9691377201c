import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CustomResource, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { BUNDLING } from './bundling.js';
import type { ProposalTable } from './data.js';
import { REFERENCE_DATA_SEED_ACCESS } from './function-access.js';

export const REFERENCE_DATA_DIR = 'data';
export const REFERENCE_DATA_HANDLER = 'functions/reference-data/reference-data-handler.ts';

export interface ReferenceDataProps {
  stageName: string;
  projectRoot: string;
  data: ProposalTable;
  samplePools: boolean;
  logRetention: RetentionDays;
  retainData: boolean;
}

/**
 * Seeds the reference data of data/ with every deploy, through a custom resource (CDK's Provider
 * framework) whose handler runs the same seeding as the local stack (functions/reference-data/).
 * Put-if-missing: a redeploy never overwrites what admins changed through the API, and a new
 * year's file is added. The resource carries a hash of data/, so a change there is an update.
 */
export class ReferenceData extends Construct {
  readonly fn: NodejsFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: ReferenceDataProps) {
    super(scope, id);
    const functionName = `ikm-${props.stageName}-seed-reference-data`;
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logGroup = new LogGroup(this, 'SeedLogs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: props.logRetention,
      removalPolicy,
    });
    const role = new Role(this, 'SeedRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${REFERENCE_DATA_HANDLER}`,
    });
    logGroup.grantWrite(role);
    props.data.grantItems(role, REFERENCE_DATA_SEED_ACCESS);

    this.fn = new NodejsFunction(this, 'Seed', {
      functionName,
      description: `${REFERENCE_DATA_HANDLER} (deploy)`,
      entry: path.join(props.projectRoot, REFERENCE_DATA_HANDLER),
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: path.join(props.projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(2),
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: { TABLE_NAME: props.data.table.tableName, NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        ...BUNDLING,
        // The handler reads data/ beside its index.mjs.
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            `cp -R "${path.join(inputDir, REFERENCE_DATA_DIR)}" "${path.join(outputDir, REFERENCE_DATA_DIR)}"`,
          ],
        },
      },
    });

    const providerLogs = new LogGroup(this, 'ProviderLogs', { retention: props.logRetention, removalPolicy });
    const providerRole = new Role(this, 'ProviderRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the CDK custom resource provider of the reference data',
    });
    providerLogs.grantWrite(providerRole);
    const provider = new Provider(this, 'Provider', {
      onEventHandler: this.fn,
      frameworkOnEventRole: providerRole,
      logGroup: providerLogs,
    });
    Validations.of(providerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(this.fn)}.Arn>:*]`,
      reason:
        'The Provider framework grants itself lambda:InvokeFunction on the seeding function and its versions; ' +
        'the resource is that one function.',
    });

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::IkmReferenceData',
      properties: {
        DataHash: hashOfDirectory(path.join(props.projectRoot, REFERENCE_DATA_DIR)),
        SamplePools: String(props.samplePools),
      },
    });
  }

  private logicalIdOf(fn: NodejsFunction): string {
    return fn.stack.getLogicalId(fn.node.defaultChild as never);
  }
}

/** SHA-256 over every file's path (relative, sorted) and bytes: changes when any file does. */
export function hashOfDirectory(dir: string): string {
  const hash = createHash('sha256');
  const walk = (relative: string): void => {
    for (const name of readdirSync(path.join(dir, relative)).sort()) {
      const rel = path.posix.join(relative, name);
      const full = path.join(dir, rel);
      if (statSync(full).isDirectory()) walk(rel);
      else hash.update(`${rel}\0`).update(readFileSync(full)).update('\0');
    }
  };
  walk('');
  return hash.digest('hex');
}
