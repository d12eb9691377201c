/**
 * Stands in for `@smithy/core/event-streams` in the Lambda bundles (infra/stack/bundling.ts).
 *
 * The SDK's HTTP protocols load that module with a dynamic `import()` only when an operation has
 * an event-stream member (Transcribe, Bedrock streaming, S3 SelectObjectContent…). None of the
 * operations our functions call has one (DynamoDB, Step Functions, SES), yet esbuild cannot
 * know that and bundles the whole codec: about 15 KB in every function, evaluated lazily but still
 * shipped. If an operation with an event stream were ever called, this fails loudly instead of
 * misbehaving; the bundle tests prove that no bundle evaluates the real module.
 */
const NO_EVENT_STREAMS =
  'Event streams are not bundled in this function (see infra/stack/bundling.ts): an operation with an event-stream member needs @smithy/core/event-streams back';

export class EventStreamSerde {
  constructor() {
    throw new Error(NO_EVENT_STREAMS);
  }
}

export function eventStreamSerdeProvider(): never {
  throw new Error(NO_EVENT_STREAMS);
}
