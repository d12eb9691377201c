import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { ApprovalRequest } from '../../domain/approval-action.js';
import { dynamoDb, tableName } from './client.js';
import { translateError } from './errors.js';
import * as keys from './keys.js';
import { toItem } from './marshalling.js';

/** Takes a recorded decision off the sweep's list when no run can take it any more (kept on the request). */
export async function clearUndelivered(
  request: Pick<ApprovalRequest, 'proposalId' | 'revision' | 'attempt' | 'stage'>,
): Promise<void> {
  await dynamoDb()
    .send(
      new UpdateItemCommand({
        TableName: tableName(),
        Key: toItem(
          keys.approvalRequest(request.proposalId, request.revision, request.attempt, request.stage),
        ),
        UpdateExpression: 'REMOVE GSI3PK, GSI3SK',
      }),
    )
    .catch(translateError);
}
