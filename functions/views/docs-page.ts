/**
 * GET /docs: the OpenAPI document rendered by Swagger UI, whose files the API serves itself
 * (/docs/swagger-ui-bundle.js, …): no CDN, so the page works offline and under a strict CSP.
 */
export function docsPage(): string {
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dokumentasi API — Usulan Program IKM Sulawesi Selatan</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="stylesheet" href="/docs/docs.css">
</head>
<body>
<header class="docs-header"><h1>Dokumentasi API Usulan Program IKM</h1>
<p>Dokumen mesin: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Aplikasi web: <a href="/app/">/app/</a>.</p></header>
<main id="swagger-ui"></main>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/docs-init.js"></script>
</body>
</html>
`;
}
