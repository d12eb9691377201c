/**
 * What a FAILED proposal tells the people who read it. The stored `failure` keeps the workflow's
 * error name and cause (often a Lambda error with its stack trace) for the logs and for whoever
 * operates the system; the API shows everyone, admins included, a stable code and a sentence in
 * Bahasa Indonesia. A stack trace names internal modules, resources and sometimes data, and none
 * of the API's readers acts on it: an admin's remedy is a retry, and the operator reads the logs.
 */
export interface PublicFailure {
  code: 'TIMEOUT' | 'SYSTEM_ERROR';
  message: string;
}

const TIMEOUTS = new Set(['States.Timeout', 'States.HeartbeatTimeout', 'Lambda.TimeoutError']);

export function publicFailure(failure: { error: string }): PublicFailure {
  return TIMEOUTS.has(failure.error)
    ? {
        code: 'TIMEOUT',
        message:
          'Proses usulan berhenti karena batas waktu terlampaui. Admin dapat mengulang prosesnya; data usulan tidak hilang.',
      }
    : {
        code: 'SYSTEM_ERROR',
        message:
          'Proses usulan berhenti karena kesalahan sistem. Admin dapat mengulang prosesnya; data usulan tidak hilang.',
      };
}
