import { createHash } from 'node:crypto';
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { idempotencyRepository } from '../../adapters/dynamodb/idempotency-repository.js';
import { ConditionFailedError } from '../../adapters/dynamodb/proposal-repository.js';
import { runMarkers } from '../../adapters/dynamodb/run-markers.js';
import { appendWorkKeys, countProposal } from '../../adapters/observability.js';
import { DomainError } from '../../domain/errors.js';
import type { ApiEvent } from './middleware.js';
import { JSON_HEADERS } from './responses.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** A submission that stores one proposal revision, with the marker of the run it needs. */
export interface Submission {
  proposalId: string;
  revision: number;
  fiscalYear: number;
  districtCode: string;
  response: APIGatewayProxyStructuredResultV2;
  /** Stores the revision; the extra writes (run marker, key record) join its transaction. */
  store: (extra: TransactWriteItem[]) => Promise<unknown>;
}

/**
 * The `Idempotency-Key` protocol of POST /proposals and POST /proposals/{id}/revisions: a repeat
 * with the same key and request gets the first answer and creates nothing; the same key with
 * another request gets 422. The key record is written in the revision's own transaction, so the
 * two exist together or not at all.
 */
export class IdempotentSubmission {
  private constructor(
    private readonly caller: string,
    private readonly key: string | undefined,
    private readonly requestHash: string,
  ) {}

  /** `request` is everything that identifies the request: its body and, for revisions, its target. */
  static of(event: ApiEvent, request: unknown): IdempotentSubmission {
    const key = event.headers['idempotency-key'];
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'Idempotency-Key harus 8–128 karakter huruf, angka, atau - _ . :',
        400,
      );
    }
    const hash = createHash('sha256').update(JSON.stringify(request)).digest('base64url');
    return new IdempotentSubmission(event.caller.id, key, hash);
  }

  /** The first answer, when this request was made before. */
  async replay(): Promise<APIGatewayProxyResultV2 | null> {
    if (!this.key) return null;
    const record = await idempotencyRepository.get(this.caller, this.key);
    if (!record) return null;
    if (record.bodyHash !== this.requestHash) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'Idempotency-Key ini sudah dipakai untuk permintaan dengan isi berbeda',
        422,
      );
    }
    return { statusCode: record.statusCode, headers: JSON_HEADERS, body: record.body };
  }

  /**
   * Stores the submission with the marker of its run and its key record, and answers. The marker
   * is what starts the run: the table's stream hands it to run-control (and the sweep hands it
   * over again if the run never started), so the answer never waits for Step Functions.
   */
  async submit(s: Submission, now: Date): Promise<APIGatewayProxyResultV2> {
    const marker = runMarkers.put({
      proposalId: s.proposalId,
      revision: s.revision,
      attempt: 0,
      fiscalYear: s.fiscalYear,
      districtCode: s.districtCode,
      since: now.toISOString(),
    });
    const keyRecord = this.key
      ? [
          idempotencyRepository.putWrite(
            this.caller,
            this.key,
            {
              bodyHash: this.requestHash,
              statusCode: s.response.statusCode ?? 201,
              body: s.response.body ?? '',
              proposalId: s.proposalId,
              revision: s.revision,
              fiscalYear: s.fiscalYear,
              districtCode: s.districtCode,
            },
            Math.floor(now.getTime() / 1000),
          ),
        ]
      : [];
    try {
      await s.store([marker, ...keyRecord]);
    } catch (error) {
      // Two requests with the same key raced: the other one won; answer as it did.
      if (this.key && error instanceof ConditionFailedError) {
        const replay = await this.replay();
        if (replay) return replay;
      }
      throw error;
    }
    appendWorkKeys({ proposalId: s.proposalId, revision: s.revision });
    countProposal('submitted');
    return s.response;
  }
}
