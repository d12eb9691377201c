import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatWita } from '../../functions/domain/time.js';
import { renderInboxHtml, renderInboxJson } from '../../infra/local/inbox-pages.js';
import {
  extractLinks,
  type InboxMessage,
  type SmtpCatcher,
  startSmtpCatcher,
} from '../../infra/local/smtp-catcher.js';

const ACTION_URL = 'http://127.0.0.1:3999/actions/Zx9k?lang=id&src=email';

describe('SMTP catcher and local inbox', () => {
  let dataDir: string;
  let catcher: SmtpCatcher;
  let mailer: Transporter;

  const send = (mail: Parameters<Transporter['sendMail']>[0]) =>
    mailer.sendMail({ from: 'Dinas Perindustrian Sulsel <noreply@disperin.local>', ...mail });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'smtp-catcher-test-'));
    catcher = await startSmtpCatcher({ port: 0, dataDir });
    mailer = createTransport({ host: '127.0.0.1', port: catcher.port, secure: false });
  });

  afterAll(async () => {
    mailer?.close();
    await catcher?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('Given two emails sent, then messages() lists them newest first with recipients, subject, bodies and links', async () => {
    await send({
      to: 'kabid_ikm@disperin.local',
      subject: 'Persetujuan usulan 73.71-2016-001',
      text: `Buka ${ACTION_URL} untuk memutuskan.\nBantuan: https://disperin.sulselprov.go.id/bantuan.`,
      html: `<p>Mohon keputusan Anda.</p><a href="${ACTION_URL.replace(/&/g, '&amp;')}">Buka</a> <a href='mailto:x@y.z'>surat</a> <a href=https://disperin.sulselprov.go.id/panduan>panduan</a>`,
    });
    await send({
      to: ['kadis@disperin.local'],
      bcc: 'arsip@disperin.local',
      subject: 'Pengingat',
      text: 'Masih menunggu (lihat https://example.org/antrian).',
    });

    const [newest, older, ...rest] = catcher.messages();
    expect(rest).toEqual([]);
    expect(newest).toMatchObject({
      to: ['kadis@disperin.local', 'arsip@disperin.local'],
      subject: 'Pengingat',
      html: '',
      links: ['https://example.org/antrian'],
    });
    expect(newest?.text.trim()).toBe('Masih menunggu (lihat https://example.org/antrian).');
    expect(older).toMatchObject({
      to: ['kabid_ikm@disperin.local'],
      subject: 'Persetujuan usulan 73.71-2016-001',
    });
    expect(older?.html).toContain('Mohon keputusan Anda.');
    // hrefs first (entity-decoded, mailto left out), then new ones from the text; no duplicates.
    expect(older?.links).toEqual([
      ACTION_URL,
      'https://disperin.sulselprov.go.id/panduan',
      'https://disperin.sulselprov.go.id/bantuan',
    ]);
    for (const m of [newest, older]) {
      expect(m?.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.now() - Date.parse(m?.receivedAt ?? '')).toBeLessThan(60_000);
    }
    expect(newest?.id).not.toBe(older?.id);
  });

  it('Given waitFor before the email arrives, then it resolves with it; one already caught resolves at once', async () => {
    const waiting = catcher.waitFor((m) => m.subject === 'Keputusan: disetujui', 5_000);
    await send({
      to: 'ikm-makassar@disperin.local',
      subject: 'Keputusan: disetujui',
      text: 'Usulan disetujui.',
    });
    const arrived = await waiting;
    expect(arrived.to).toEqual(['ikm-makassar@disperin.local']);
    expect(catcher.messages()[0]?.id).toBe(arrived.id);

    const again = await catcher.waitFor((m) => m.subject === 'Keputusan: disetujui', 1);
    expect(again.id).toBe(arrived.id);
  });

  it('Given nothing matches, then waitFor rejects after its timeout', async () => {
    await expect(catcher.waitFor((m) => m.subject === 'tidak pernah', 100)).rejects.toThrow(
      'no email matched within 100 ms',
    );
  });

  it('Given an onMessage listener, then it sees each new email until unsubscribed', async () => {
    const seen: string[] = [];
    const off = catcher.onMessage((m) => seen.push(m.subject));
    await send({ to: 'a@disperin.local', subject: 'satu', text: '1' });
    off();
    await send({ to: 'a@disperin.local', subject: 'dua', text: '2' });
    expect(seen).toEqual(['satu']);
  });

  it('Given an email over 10 MB, then it is refused and not kept', async () => {
    const before = catcher.messages().length;
    await expect(
      send({ to: 'a@disperin.local', subject: 'besar', text: 'x'.repeat(11 * 1024 * 1024) }),
    ).rejects.toThrow(/552|size/i);
    expect(catcher.messages()).toHaveLength(before);
  });

  it('Given a restart on the same dataDir (and a line cut short by a crash), then the inbox is the same, newest first', async () => {
    const before = catcher.messages();
    await catcher.close();
    await catcher.close(); // idempotent
    appendFileSync(join(dataDir, 'inbox.jsonl'), '{"id":"cut-sho');

    catcher = await startSmtpCatcher({ port: 0, dataDir });
    mailer.close();
    mailer = createTransport({ host: '127.0.0.1', port: catcher.port, secure: false });
    expect(catcher.messages()).toEqual(before);

    await send({ to: 'kadis@disperin.local', subject: 'Setelah restart', text: 'ok' });
    expect(catcher.messages()[0]?.subject).toBe('Setelah restart');
    expect(catcher.messages().slice(1)).toEqual(before);
  });

  it('Given the inbox, then the JSON is exactly the documented shape, newest first', () => {
    const json = renderInboxJson(catcher.messages());
    expect(json.map((m) => m.subject)).toEqual(catcher.messages().map((m) => m.subject));
    for (const m of json) {
      expect(Object.keys(m)).toEqual(['id', 'to', 'subject', 'receivedAt', 'text', 'html', 'links']);
    }
    const older: InboxMessage = { ...message('lama'), receivedAt: '2016-03-01T01:00:00.000Z' };
    const newer: InboxMessage = { ...message('baru'), receivedAt: '2016-03-02T01:00:00.000Z' };
    expect(renderInboxJson([older, newer]).map((m) => m.subject)).toEqual(['baru', 'lama']);
  });

  it('Given a subject with <script>, then the HTML page escapes it and still links the URLs', () => {
    const hostile: InboxMessage = {
      ...message('<script>alert("x")</script>'),
      to: ['kadis@disperin.local'],
      receivedAt: '2016-03-01T01:30:00.000Z',
      text: 'Klik <b>di sini</b>',
      links: [ACTION_URL, 'javascript:alert(1)'],
    };
    const page = renderInboxHtml([hostile]);
    expect(page).toContain('<html lang="id">');
    expect(page).toContain('Kotak Masuk Lokal');
    expect(page).toContain('name="viewport"');
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).toContain('Klik &lt;b&gt;di sini&lt;/b&gt;');
    expect(page).toContain(formatWita('2016-03-01T01:30:00.000Z'));
    expect(page).toContain('WITA');
    expect(page).toContain(`<a href="${ACTION_URL.replace(/&/g, '&amp;')}">`);
    expect(page).not.toContain('href="javascript:');
    expect(page).toContain('kadis@disperin.local');
  });

  it('Given an empty inbox, then the page says so', () => {
    expect(renderInboxHtml([])).toContain('Belum ada email.');
  });

  it('Given the catcher closed (writes flushed), then the file holds each message as one JSON line', async () => {
    const kept = catcher.messages();
    await catcher.close();
    const lines = readFileSync(join(dataDir, 'inbox.jsonl'), 'utf8').split('\n').filter(Boolean);
    const parsed = lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as InboxMessage];
      } catch {
        return [];
      }
    });
    expect(lines).toHaveLength(kept.length + 1); // and the line cut short
    expect(parsed.map((m) => m.id).reverse()).toEqual(kept.map((m) => m.id));
  });
});

describe('extractLinks', () => {
  it('Given URLs wrapped in punctuation, brackets or html-to-text markers, then only the URL is kept', () => {
    expect(
      extractLinks(
        '',
        'Lihat (https://a.example/x), [https://b.example/y] dan https://c.example/wiki/Foo_(bar). Lalu https://a.example/x lagi; <https://d.example/z>',
      ),
    ).toEqual([
      'https://a.example/x',
      'https://b.example/y',
      'https://c.example/wiki/Foo_(bar)',
      'https://d.example/z',
    ]);
  });

  it('Given hrefs with entities and odd quoting, then they are decoded and non-http ones skipped', () => {
    expect(
      extractLinks(
        `<a href="https://a.example/?p=1&amp;q=2">a</a><a HREF = 'http://b.example/&#x41;'>b</a><a href="/relatif">c</a><a href="ftp://x">d</a>`,
        '',
      ),
    ).toEqual(['https://a.example/?p=1&q=2', 'http://b.example/A']);
  });
});

function message(subject: string): InboxMessage {
  return {
    id: subject,
    to: [],
    subject,
    receivedAt: new Date().toISOString(),
    text: '',
    html: '',
    links: [],
  };
}
