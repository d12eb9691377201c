import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeViolations } from '../support/axe.js';
import { horizontalFit, launchBrowser } from '../support/browser.js';
import { startTestStack, type TestStack, validProposal } from '../support/local-stack.js';

/**
 * The web app in headless Chromium against the real local stack: a district submits through the
 * form, the approver decides from the emailed link in the local inbox, and the province's
 * dashboard shows the allocation. Screenshots at 360 px and 1280 px land in
 * test-results/screenshots (git-ignored); axe-core checks every page on the way.
 */
const SCREENSHOTS = join(import.meta.dirname, '../../test-results/screenshots');
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

let t: TestStack;
let browser: Browser;
const contexts: BrowserContext[] = [];
const title = `Penumbuhan wirausaha baru kerajinan kulit ${Date.now().toString(36)}`;
let proposalId = '';

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  [t, browser] = await Promise.all([startTestStack(), launchBrowser()]);
}, 90_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await t?.stop();
});

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Makassar' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

async function signIn(page: Page, role: string, choice: { district?: string; stage?: string } = {}) {
  await page.goto(`${t.url}/_local/sign-in`);
  await page.check(`input[name="role"][value="${role}"]`);
  if (choice.district) await page.selectOption('#district', choice.district);
  if (choice.stage) await page.selectOption('#stage', choice.stage);
  await page.click('button[type="submit"]');
  await page.waitForURL(`${t.url}/app/`);
}

async function expectAccessible(page: Page, what: string) {
  const violations = await seriousAxeViolations(page);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  // WCAG 1.4.10 (reflow), which axe does not check: the page itself never scrolls sideways (a wide
  // table may, inside its own region); the elements past the edge name the culprit.
  const fit = await horizontalFit(page);
  const width = page.viewportSize()?.width ?? 0;
  expect(
    fit.scrollWidth,
    `${what}: wider than the screen: ${fit.overflowing.slice(0, 5).join(' | ')}`,
  ).toBeLessThanOrEqual(width);
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

describe('The web app, from a district phone to the province dashboard', () => {
  it('Given a district operator on a phone, when they fill the form, then the preview warns before they submit', async () => {
    const page = await newPage(PHONE);
    await signIn(page, 'submitter', { district: '73.71' });
    await expect.poll(() => page.textContent('h1')).toContain('Usulan 73.71');
    await expectAccessible(page, 'district home');
    await shot(page, 'district-home-360');

    await page.getByRole('link', { name: 'Usulan baru' }).first().click();
    await page.getByLabel('Judul usulan').fill(title);
    await page.getByLabel('Komoditas').fill('kerajinan kulit');
    await page.getByLabel('Wirausaha baru (orang)').fill('40');
    // Two jobs for half a billion rupiah: the TA 2016 rules warn about the cost per job.
    await page.getByLabel('Tenaga kerja terserap (orang)').fill('2');
    await page.getByLabel('Unit IKM').fill('20');
    await page.getByLabel('APBN').fill('300000000');
    await page.getByLabel('APBD Provinsi').fill('150000000');
    await page.getByLabel('APBD Kabupaten/Kota').fill('60000000');
    const preview = page.locator('.preview');
    await expect.poll(() => preview.textContent()).toContain('Ada peringatan');
    expect(await preview.locator('.finding.warning').count()).toBe(1);
    await expectAccessible(page, 'proposal form');
    await shot(page, 'proposal-form-360');

    await page.getByRole('button', { name: 'Ajukan usulan' }).click();
    await page.waitForURL(/\/app\/usulan\/[0-9A-Z]{26}$/);
    proposalId = page.url().split('/').pop() ?? '';
    await expect.poll(() => page.textContent('h1')).toBe(title);
    await expect
      .poll(() => page.textContent('.badge'), { timeout: 15_000 })
      .toMatch(/Menunggu Persetujuan|Verifikasi|Diajukan/);
    await expectAccessible(page, 'proposal detail');
  });

  it('Given a field the API would refuse, then the form says so while typing, in the same words as the API', async () => {
    const page = await newPage(PHONE);
    await signIn(page, 'submitter', { district: '73.71' });
    await page.goto(`${t.url}/app/usulan/baru`);
    await page.getByLabel('Judul usulan').fill('abc');
    await page.getByLabel('Judul usulan').blur();
    await expect.poll(() => page.locator('#f-title-error').textContent()).toBe('Judul minimal 5 karakter');
    expect(await page.getByLabel('Judul usulan').getAttribute('aria-invalid')).toBe('true');
  });

  it('Given the approval email in the local inbox, when the approver approves from its link, then the budget is assigned', async () => {
    expect(proposalId).not.toBe('');
    const page = await newPage(DESKTOP);
    const mail = await t.stack.inbox.waitFor(
      (m) => m.text.includes(proposalId) || m.subject.includes(title),
      20_000,
    );
    expect(mail).toBeDefined();
    await page.goto(`${t.url}/_local/inbox`);
    await expectAccessible(page, 'local inbox');
    const link = page.locator('article', { hasText: title }).locator('a[href*="/actions/"]').first();
    await link.click();
    await page.waitForURL(/\/actions\//);
    await expectAccessible(page, 'approval action page');
    await shot(page, 'action-page-1280');
    await page.check('input[name="decision"][value="approve"]');
    await page.getByRole('button', { name: 'Kirim keputusan' }).click();
    await expect.poll(() => page.textContent('body')).toContain('tercatat');
    await expectAccessible(page, 'decision result page');

    const token = await t.token('auditor');
    const done = await t.waitForStatus(
      proposalId,
      token,
      ['BUDGET_ASSIGNED', 'WAITLISTED', 'FAILED'],
      20_000,
    );
    expect(done.status).toBe('BUDGET_ASSIGNED');
  });

  it('Given the province dashboard at 1280 px and 360 px, then it shows the allocation and drills down to the proposal', async () => {
    for (const [viewport, name] of [
      [DESKTOP, 'dashboard-1280'],
      [PHONE, 'dashboard-360'],
    ] as const) {
      const page = await newPage(viewport);
      await signIn(page, 'admin');
      await expect.poll(() => page.textContent('h1')).toContain('Dasbor TA 2016');
      const byDistrict = page.locator('figure', { hasText: 'Alokasi per kabupaten/kota' });
      await byDistrict.locator('summary').click();
      await expect.poll(() => byDistrict.locator('table').textContent()).toContain('Kota Makassar');
      expect(await byDistrict.locator('table').textContent()).toContain('Rp 510.000.000');
      expect(await page.locator('canvas').count()).toBe(4);
      await expectAccessible(page, `dashboard ${name}`);
      await shot(page, name);
      if (name === 'dashboard-1280') {
        await page.locator('section', { hasText: 'Semua usulan' }).getByRole('link', { name: title }).click();
        await page.waitForURL(`${t.url}/app/usulan/${proposalId}`);
        await expect.poll(() => page.textContent('main')).toContain('Anggaran Ditetapkan');
        await shot(page, 'proposal-drilldown-1280');
      }
    }
  });

  it('Given an admin, then pool ceilings and district contacts are editable with the API validation messages', async () => {
    const page = await newPage(DESKTOP);
    await signIn(page, 'admin');
    await page.getByRole('link', { name: 'Pagu & kontak' }).click();
    await expect.poll(() => page.textContent('h1')).toContain('Pagu anggaran dan kontak');
    const contacts = page.getByLabel('73.71 Kota Makassar');
    await contacts.fill('bukan-email');
    await contacts.locator('xpath=..').getByRole('button', { name: 'Simpan kontak' }).click();
    await expect
      .poll(() => page.locator('form', { has: contacts }).locator('[role=alert]').textContent())
      .toContain('Alamat email tidak valid');
    await contacts.fill('ikm@makassarkota.go.id');
    await contacts.locator('xpath=..').getByRole('button', { name: 'Simpan kontak' }).click();
    await expect.poll(() => page.locator('form', { has: contacts }).textContent()).toContain('Tersimpan');
    await expectAccessible(page, 'admin');
    await shot(page, 'admin-1280');
  });

  it('Given a returned proposal, then the district reads its findings, revises it from them and withdraws it', async () => {
    const token = await t.token('submitter', { districtCode: '73.71' });
    const returnedTitle = `Pengolahan nikel rakyat ${Date.now().toString(36)}`;
    const created = await t.api('POST', '/proposals', {
      token,
      body: validProposal({ title: returnedTitle, commodity: 'nikel' }),
    });
    expect(created.status).toBe(201);
    await t.waitForStatus(created.body.id, token, ['RETURNED']);

    const page = await newPage(PHONE);
    await signIn(page, 'submitter', { district: '73.71' });
    await page.locator('.cards').getByRole('link', { name: returnedTitle }).click();
    await expect.poll(() => page.textContent('main')).toContain('Dikembalikan untuk Perbaikan');
    expect(await page.locator('.finding.blocking').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'returned proposal');
    await shot(page, 'returned-proposal-360');

    await page.getByRole('link', { name: 'Revisi usulan' }).click();
    await expect.poll(() => page.textContent('h1')).toBe('Revisi usulan (revisi 2)');
    expect(await page.locator('#why-returned').count()).toBe(1);
    expect(await page.getByLabel('Judul usulan').inputValue()).toBe(returnedTitle);
    await page.getByLabel('Komoditas').fill('kerajinan kulit');
    await expect.poll(() => page.locator('.preview').textContent()).toContain('Lolos');
    await page.getByRole('button', { name: 'Ajukan revisi' }).click();
    await page.waitForURL(`${t.url}/app/usulan/${created.body.id}`);
    await expect.poll(() => page.locator('.facts').textContent()).toContain('Revisi2');

    await page.getByRole('button', { name: 'Tarik usulan' }).click();
    await page.getByLabel('Alasan penarikan (boleh kosong)').fill('Digabung dengan usulan lain');
    await page.getByRole('button', { name: 'Ya, tarik usulan ini' }).click();
    await expect.poll(() => page.textContent('.badge')).toBe('Ditarik');
    await expect.poll(() => page.locator('.timeline').textContent()).toContain('Digabung dengan usulan lain');
  });

  it('Given the API docs page, then it renders the document and passes axe', async () => {
    const page = await newPage(DESKTOP);
    await page.goto(`${t.url}/docs`);
    await page.waitForSelector('.swagger-ui .info');
    await expect.poll(() => page.locator('.opblock').count()).toBeGreaterThan(20);
    await expectAccessible(page, 'docs');
    await shot(page, 'docs-1280');
  });
});
