import type { IncomingMessage } from 'node:http';

/** The request body was larger than the gateway accepts. */
export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
}

/**
 * Reads the whole request body, refusing more than `limitBytes`: at once when Content-Length says
 * so, otherwise as soon as the streamed bytes pass the limit. Resolves to `undefined` when there
 * is no body, as API Gateway then omits `body` from the event.
 */
export function readRequestBody(req: IncomingMessage, limitBytes: number): Promise<Buffer | undefined> {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    const length = Number(declared);
    if (length > limitBytes) return Promise.reject(new PayloadTooLargeError());
    if (length === 0) return Promise.resolve(undefined);
  } else if (req.headers['transfer-encoding'] === undefined) {
    // HTTP/1.1: with neither header there is no body; skip the stream round-trip (most GETs).
    return Promise.resolve(undefined);
  }

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        reject(new PayloadTooLargeError());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      if (size === 0) resolve(undefined);
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
