import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import * as keys from '../../functions/adapters/dynamodb/keys.js';
import { TABLE_DEFINITION } from '../../functions/adapters/dynamodb/table-definition.js';
import type { FunctionAccess, TableAction } from './function-access.js';

/** Every action that touches items; the deny on task tokens names them all. */
const ITEM_ACTIONS: readonly TableAction[] = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'ConditionCheckItem',
];
const INDEX_ACTIONS: ReadonlySet<TableAction> = new Set(['Query']);

export interface ProposalTableProps {
  retainData: boolean;
}

/** The single table, built from the same TABLE_DEFINITION as the local stack's table. */
export class ProposalTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: ProposalTableProps) {
    super(scope, id);
    const def = TABLE_DEFINITION;
    this.table = new Table(this, def.logicalName, {
      partitionKey: { name: def.partitionKey, type: AttributeType.STRING },
      sortKey: { name: def.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: def.timeToLiveAttribute,
      stream: StreamViewType[def.streamViewType],
      deletionProtection: props.retainData,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const gsi of def.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: AttributeType.STRING },
      });
    }
  }

  /**
   * The declared item actions on the table, and queries on each index by name (CDK's own grants
   * add `index/*`; naming the indexes keeps the policy free of wildcards). Without `taskTokens`,
   * an explicit deny keeps the function off every item whose partition key starts with TOKEN#,
   * whatever it is allowed elsewhere on the table.
   */
  grantItems(grantee: IGrantable, access: FunctionAccess): void {
    const indexArns = TABLE_DEFINITION.globalSecondaryIndexes.map(
      (gsi) => `${this.table.tableArn}/index/${gsi.indexName}`,
    );
    const dynamo = (actions: readonly TableAction[]) => actions.map((a) => `dynamodb:${a}`);
    const principal = grantee.grantPrincipal;
    principal.addToPrincipalPolicy(
      new PolicyStatement({ actions: dynamo(access.table), resources: [this.table.tableArn] }),
    );
    const onIndexes = access.table.filter((a) => INDEX_ACTIONS.has(a));
    if (onIndexes.length > 0 && indexArns.length > 0) {
      principal.addToPrincipalPolicy(
        new PolicyStatement({ actions: dynamo(onIndexes), resources: indexArns }),
      );
    }
    if (!access.taskTokens) {
      principal.addToPrincipalPolicy(
        new PolicyStatement({
          effect: Effect.DENY,
          actions: dynamo(ITEM_ACTIONS),
          resources: [this.table.tableArn, ...indexArns],
          conditions: {
            'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [`${keys.tokenPrefix}*`] },
          },
        }),
      );
    }
  }
}
