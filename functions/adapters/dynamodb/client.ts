import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { env } from '../env.js';

let client: DynamoDBClient | undefined;

/** One client per process, reused across invocations (connection reuse is most of the latency). */
export function dynamoDb(): DynamoDBClient {
  client ??= new DynamoDBClient({
    region: env.region(),
    endpoint: env.dynamoDbEndpoint(),
    // The local stand-in accepts any credentials; on AWS the Lambda role's are used.
    ...(env.dynamoDbEndpoint() ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 3,
  });
  return client;
}

export const tableName = (): string => env.tableName();
