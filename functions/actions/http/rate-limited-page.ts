import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { html } from '../../domain/html.js';
import { page } from '../../views/layout.js';

/** 429 for a client over its limit on the link pages: what happened, and when to try again. */
export function rateLimitedPage(retryAfterSeconds: number): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 429,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'",
      'retry-after': String(retryAfterSeconds),
    },
    body: page(
      'Terlalu banyak permintaan',
      html`<div class="card">
<h1>Mohon tunggu sebentar</h1>
<p>Terlalu banyak permintaan dari jaringan Anda dalam satu menit terakhir. Tautan persetujuan Anda tetap berlaku dan belum ada yang berubah.</p>
<p>Silakan muat ulang halaman ini dalam ${String(retryAfterSeconds)} detik.</p>
</div>`,
    ),
  };
}
