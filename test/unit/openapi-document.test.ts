import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, UndocumentedRouteError } from '../../infra/openapi/document.js';
import { OPERATIONS } from '../../infra/openapi/operations.js';
import { HTTP_ROUTES, type HttpRoute } from '../../infra/routes.js';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: any; parameters?: any[]; security: unknown[] }>>;
};
const openApiPath = (route: HttpRoute) => route.path.replace(/\{(\w+)\+\}/g, '{$1}');

describe('The OpenAPI document built from the route table and the zod schemas', () => {
  const document = buildOpenApiDocument(HTTP_ROUTES) as Doc;

  it('Given every route of infra/routes.ts, then each has its operation in the document', () => {
    const missing = HTTP_ROUTES.filter(
      (route) => !document.paths[openApiPath(route)]?.[route.method.toLowerCase()],
    ).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('Given the document, when validated against the OpenAPI 3.1 schema, then it is valid', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('Given a route that operations.ts does not describe, when the document is built, then it fails naming the route', () => {
    const extra: HttpRoute = {
      method: 'GET',
      path: '/not-documented/{id}',
      entry: 'functions/api/get-proposal.ts',
      functionName: 'get-proposal',
      auth: 'jwt',
    };
    expect(() => buildOpenApiDocument([...HTTP_ROUTES, extra])).toThrow(UndocumentedRouteError);
    expect(() => buildOpenApiDocument([...HTTP_ROUTES, extra])).toThrow('GET /not-documented/{id}');
  });

  it('Given POST /proposals, then its body is the validation schema: required fields, enums, whole-rupiah amounts', () => {
    const body = document.paths['/proposals']?.post?.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(
      expect.arrayContaining([
        'fiscalYear',
        'districtCode',
        'title',
        'programKind',
        'commodity',
        'targets',
        'funding',
      ]),
    );
    // A field with a default is optional for the client.
    expect(body.required).not.toContain('description');
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.districtCode.pattern).toBe('^73\\.\\d{2}$');
    expect(body.properties.funding.items.properties.amount).toMatchObject({
      type: 'integer',
      exclusiveMinimum: 0,
    });
    expect(body.properties.programKind.enum).toContain('WIRAUSAHA_BARU');
  });

  it('Given GET /proposals, then its query parameters come from the listing schema', () => {
    const params = document.paths['/proposals']?.get?.parameters ?? [];
    const byName = Object.fromEntries(params.map((p) => [p.name, p]));
    expect(byName.fiscalYear).toMatchObject({ in: 'query', required: true });
    expect(byName.status).toMatchObject({ in: 'query', required: false });
    expect(byName.status.schema.enum).toContain('BUDGET_ASSIGNED');
  });

  it('Given public routes, then they need no token; every other route needs the bearer token', () => {
    for (const route of HTTP_ROUTES) {
      const op = document.paths[openApiPath(route)]?.[route.method.toLowerCase()];
      expect(op?.security, `${route.method} ${route.path}`).toEqual(
        route.auth === 'public' ? [] : [{ bearer: [] }],
      );
    }
  });

  it('Given operations.ts, then it describes no route that the route table lacks', () => {
    const routeKeys = new Set(HTTP_ROUTES.map((r) => `${r.method} ${r.path}`));
    expect(Object.keys(OPERATIONS).filter((key) => !routeKeys.has(key))).toEqual([]);
  });
});
