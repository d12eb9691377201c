// Renders /openapi.json with Swagger UI (loaded just before this file from the same origin).
window.addEventListener('DOMContentLoaded', () => {
  window.ui = window.SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    // With deep links Swagger UI puts a link inside each operation's toggle button (nested controls).
    deepLinking: false,
    defaultModelsExpandDepth: 0,
  });
});
