import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { env } from '../env.js';

let client: DynamoDBClient | undefined;

/**
 * One client per process, reused across invocations (connection reuse is most of the latency).
 * The endpoint and credentials come from the SDK's own configuration: on AWS the regional endpoint
 * and the Lambda role; locally AWS_ENDPOINT_URL_DYNAMODB and the stand-in's dummy keys.
 */
export function dynamoDb(): DynamoDBClient {
  client ??= new DynamoDBClient({ region: env.region(), maxAttempts: 3 });
  return client;
}

export const tableName = (): string => env.tableName();
