import { type Html, html } from '../domain/html.js';

/**
 * The shell of every page an approver opens, usually on a phone from an email: small, readable
 * without zoom, no scripts, no external resources.
 */
export function page(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<style>
  :root { color-scheme: light; --ink: #1d2433; --muted: #5b6475; --line: #d9dee7; --accent: #0b5cad; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f4f6f9; overflow-wrap: anywhere; }
  header { background: var(--accent); color: #fff; padding: 12px 16px; font-weight: 600; }
  main { max-width: 720px; margin: 0 auto; padding: 16px; }
  .card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px; margin-bottom: 16px; }
  h1 { font-size: 1.3rem; margin: 0 0 8px; }
  h2 { font-size: 1.05rem; margin: 16px 0 8px; }
  dl { display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap: 4px 12px; margin: 0; }
  dt { color: var(--muted); }
  dd { margin: 0; }
  table { width: 100%; border-collapse: collapse; }
  td, th { text-align: left; padding: 6px 4px; border-bottom: 1px solid var(--line); }
  td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .warn { background: #fff7e0; border-left: 4px solid #c98a00; padding: 8px 12px; margin: 6px 0; }
  .ok { background: #e9f7ee; border-left: 4px solid #1e8e3e; padding: 8px 12px; }
  .bad { background: #fdecec; border-left: 4px solid #c5221f; padding: 8px 12px; }
  .muted { color: var(--muted); font-size: .9rem; }
  label { display: block; font-weight: 600; margin: 12px 0 4px; }
  textarea { width: 100%; min-height: 96px; font: inherit; padding: 8px; border: 1px solid var(--line); border-radius: 8px; }
  .choices { display: grid; gap: 8px; }
  .choices label { font-weight: 400; margin: 0; padding: 10px 12px; border: 1px solid var(--line); border-radius: 8px; }
  button { margin-top: 16px; width: 100%; padding: 14px; font: inherit; font-weight: 600; color: #fff; background: var(--accent); border: 0; border-radius: 8px; }
</style>
</head>
<body>
<header>Dinas Perindustrian Provinsi Sulawesi Selatan · Usulan Program IKM</header>
<main>${body}</main>
</body>
</html>`.value;
}
