import { html } from '../../functions/domain/html.js';
import { formatWita } from '../../functions/domain/time.js';
import { page } from '../../functions/views/layout.js';
import type { InboxMessage } from './smtp-catcher.js';

/** Newest first whatever the caller passes; the sort is stable, so equal times keep their order. */
const newestFirst = (messages: readonly InboxMessage[]) =>
  [...messages].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));

/** GET /_local/inbox: every email the local stack sent, readable on a phone, each link clickable. */
export function renderInboxHtml(messages: readonly InboxMessage[]): string {
  const sorted = newestFirst(messages);
  return page(
    'Kotak Masuk Lokal',
    html`<h1>Kotak Masuk Lokal</h1>
<p class="muted">Semua email yang dikirim oleh stack lokal, terbaru di atas: ${sorted.length} pesan.
<a href="">Muat ulang</a> · <a href="inbox.json">JSON</a></p>
${sorted.length === 0 ? html`<div class="card muted">Belum ada email.</div>` : sorted.map(messageCard)}`,
  );
}

function messageCard(m: InboxMessage) {
  const links = m.links.filter((url) => /^https?:\/\//i.test(url));
  return html`<article class="card">
<h2>${m.subject || '(tanpa subjek)'}</h2>
<dl>
<dt>Kepada</dt><dd>${m.to.join(', ')}</dd>
<dt>Diterima</dt><dd><time datetime="${m.receivedAt}">${formatWita(m.receivedAt)}</time></dd>
</dl>
<pre style="white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; margin: 12px 0 0;">${m.text}</pre>
${
  links.length > 0 &&
  html`<h2>Tautan</h2>
<ul style="overflow-wrap: anywhere; padding-left: 20px;">${links.map((url) => html`<li><a href="${url}">${url}</a></li>`)}</ul>`
}
</article>
`;
}

/** GET /_local/inbox.json: exactly the documented shape (docs/api.md), newest first (the gateway serialises it). */
export function renderInboxJson(messages: readonly InboxMessage[]): InboxMessage[] {
  return newestFirst(messages).map(({ id, to, subject, receivedAt, text, html, links }) => ({
    id,
    to: [...to],
    subject,
    receivedAt,
    text,
    html,
    links: [...links],
  }));
}
