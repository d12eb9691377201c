import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalFit, launchBrowser, openAt } from '../support/browser.js';
import { startTestStack, type TestStack, validProposal } from '../support/local-stack.js';

/**
 * The pages an approver opens on a phone, in a real browser at 360 px: the action page of a
 * proposal and the local inbox that carries its link. Long unbroken words (a programme name without
 * spaces, the proposal number, a long address) must wrap instead of widening the page.
 */
const PHONE_WIDTH = 360;
const LONG_WORD =
  'PengembanganSentraIndustriKecilMenengahTenunSutraSengkangDanKerajinanLontarBerbasisKomunitas';
const LONG_ADDRESS =
  'kepala.seksi.perencanaan.program.industri.kecil.menengah.kota.makassar@disperindag.makassarkota.go.id';

let t: TestStack;
let browser: Browser;
let actionLink: string;

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestStack(), launchBrowser()]);
  const submitter = await t.token('submitter', { districtCode: '73.71', email: LONG_ADDRESS });
  const body = validProposal();
  body.title = `${LONG_WORD} ${body.title}`;
  const created = await t.api('POST', '/proposals', { token: submitter, body });
  expect(created.status, created.text).toBe(201);
  actionLink = await t.approvalLink(body.title);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('Given a proposal with a very long programme title, submitted from a long address', () => {
  it('when its approval page is opened at 360 px, then nothing runs off the right edge', async () => {
    const page = await openAt(browser, actionLink, PHONE_WIDTH);
    expect(await page.textContent('h1')).toContain(LONG_WORD);
    expect(await page.textContent('main')).toContain(LONG_ADDRESS);
    const fit = await horizontalFit(page);
    expect(fit.overflowing).toEqual([]);
    expect(fit.scrollWidth).toBeLessThanOrEqual(PHONE_WIDTH);
  });

  it('when the local inbox that holds its mail is opened at 360 px, then nothing runs off the right edge', async () => {
    const page = await openAt(browser, `${t.url}/_local/inbox`, PHONE_WIDTH);
    expect(await page.textContent('main')).toContain(LONG_WORD);
    const fit = await horizontalFit(page);
    expect(fit.overflowing).toEqual([]);
    expect(fit.scrollWidth).toBeLessThanOrEqual(PHONE_WIDTH);
  });

  it('when the same approval page is opened at a desktop width, then the check sees a page that fits', async () => {
    const page = await openAt(browser, actionLink, 1280);
    expect((await horizontalFit(page)).scrollWidth).toBeLessThanOrEqual(1280);
  });
});
