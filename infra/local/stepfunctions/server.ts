import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SfnServiceError } from './errors.js';
import { CONTENT_TYPE, dispatch, type SfnOperations, serializeError, serializeOutput } from './protocol.js';

/** Room for a 256 KiB input or output even when JSON escaping inflates it. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** The HTTP endpoint; SigV4 headers are accepted and not checked. */
export function startSfnServer(
  sfn: SfnOperations,
  port: number,
  host: string,
  log: (message: string) => void,
): Promise<Server> {
  const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
    void handle(sfn, request, response, log);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export function stopSfnServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function handle(
  sfn: SfnOperations,
  request: IncomingMessage,
  response: ServerResponse,
  log: (message: string) => void,
): Promise<void> {
  const requestId = randomUUID();
  const target = request.headers['x-amz-target'];
  try {
    if (request.method !== 'POST') {
      throw new SfnServiceError(
        'UnknownOperationException',
        'The Step Functions API takes POST requests',
        404,
      );
    }
    const body = await readBody(request);
    let input: unknown = {};
    if (body.length > 0) {
      try {
        input = JSON.parse(body);
      } catch {
        throw new SfnServiceError('SerializationException', 'The request body is not valid JSON');
      }
    }
    const output = await dispatch(sfn, Array.isArray(target) ? target[0] : target, input);
    send(response, 200, serializeOutput(output), requestId);
  } catch (error) {
    if (error instanceof SfnServiceError) {
      send(response, error.httpStatus, serializeError(error), requestId, error.code);
      return;
    }
    // The request body is not logged: it may carry a task token.
    log(`stepfunctions: ${String(target)} failed: ${error instanceof Error ? error.message : String(error)}`);
    const failure = new SfnServiceError('InternalFailure', 'Internal failure', 500);
    send(response, 500, serializeError(failure), requestId, failure.code);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new SfnServiceError('ValidationException', 'The request body is too large', 413));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(
  response: ServerResponse,
  status: number,
  body: string,
  requestId: string,
  errorType?: string,
): void {
  if (response.headersSent || response.destroyed) return;
  const headers: Record<string, string | number> = {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  response.writeHead(status, headers);
  response.end(body);
}
