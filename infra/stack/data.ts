import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../../functions/adapters/dynamodb/table-definition.js';

const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
// TransactWriteItems is authorised per item through these same actions.
const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

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
   * Item access on the table and on each index by name. CDK's own grants add `index/*`; naming
   * the indexes keeps the policy free of wildcards.
   */
  grantItems(grantee: IGrantable, level: 'read' | 'readWrite'): void {
    const indexArns = TABLE_DEFINITION.globalSecondaryIndexes.map(
      (gsi) => `${this.table.tableArn}/index/${gsi.indexName}`,
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: READ_ACTIONS, resources: [this.table.tableArn, ...indexArns] }),
    );
    if (level === 'readWrite') {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({ actions: WRITE_ACTIONS, resources: [this.table.tableArn] }),
      );
    }
  }
}
