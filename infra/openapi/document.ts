import * as z from 'zod/mini';
import type { HttpRoute } from '../routes.js';
import { OPERATIONS, type OperationDoc } from './operations.js';
import { errorSchema } from './schemas.js';

type JsonSchema = Record<string, unknown>;

/** A route of infra/routes.ts that operations.ts does not describe. */
export class UndocumentedRouteError extends Error {
  override readonly name = 'UndocumentedRouteError';
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Data tidak valid (VALIDATION_FAILED); details menyebut setiap kolom',
  401: 'Token tidak ada atau tidak sah (UNAUTHENTICATED)',
  403: 'Peran atau kabupaten/kota tidak berhak (FORBIDDEN)',
  404: 'Tidak ditemukan (NOT_FOUND)',
  409: 'Status tidak mengizinkan, atau diubah orang lain pada saat yang sama',
  410: 'Sudah tidak berlaku',
  413: 'Isi permintaan terlalu besar',
  415: 'Isi permintaan harus application/json',
  422: 'Tidak dapat diproses',
};

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of what a client sends: defaults make fields optional. */
function jsonSchemaOf(schema: z.core.$ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parametersOf(route: HttpRoute, op: OperationDoc): JsonSchema[] {
  const names = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1] as string);
  const path = names.map((name) => {
    const doc = op.pathParams?.[name];
    return {
      name,
      in: 'path',
      required: true,
      description: doc?.description ?? name,
      schema: doc ? jsonSchemaOf(doc.schema, 'input') : { type: 'string' },
    };
  });
  const extra = Object.keys(op.pathParams ?? {}).filter((name) => !names.includes(name));
  if (extra.length > 0)
    throw new UndocumentedRouteError(
      `${route.method} ${route.path}: documented path parameters not in the path: ${extra.join(', ')}`,
    );
  const query: JsonSchema[] = [];
  if (op.query) {
    const object = jsonSchemaOf(op.query, 'input') as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(object.properties ?? {})) {
      const { description, ...rest } = schema as { description?: string };
      query.push({
        name,
        in: 'query',
        required: object.required?.includes(name) ?? false,
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  const headers = op.idempotencyKey
    ? [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Pengulangan dengan kunci dan isi yang sama mengembalikan jawaban yang sama tanpa membuat yang baru',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        },
      ]
    : [];
  return [...path, ...query, ...headers];
}

function operationOf(route: HttpRoute, op: OperationDoc): JsonSchema {
  const responses: Record<string, JsonSchema> = {
    [String(op.success.status)]: {
      description: op.success.description,
      ...(op.success.schema
        ? {
            content: {
              [op.success.contentType ?? 'application/json']: {
                schema: jsonSchemaOf(op.success.schema, 'output'),
              },
            },
          }
        : {}),
    },
  };
  for (const status of op.errors) {
    responses[String(status)] = { $ref: `#/components/responses/Error${status}` };
  }
  const parameters = parametersOf(route, op);
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}+]/g, '').replace(/[/.-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
    summary: op.summary,
    description: `${op.description ? `${op.description}\n\n` : ''}Yang berhak: ${op.who}.`,
    tags: [op.tag],
    security: route.auth === 'jwt' ? [{ bearer: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: op.body.required ?? true,
            content: {
              [op.body.contentType ?? 'application/json']: { schema: jsonSchemaOf(op.body.schema, 'input') },
            },
          },
        }
      : {}),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of every route, built from the route table and the zod schemas the
 * handlers validate with. Throws UndocumentedRouteError for a route without an entry in
 * operations.ts, so a new route cannot ship undocumented.
 */
export function buildOpenApiDocument(
  routes: readonly HttpRoute[],
  operations: Readonly<Record<string, OperationDoc>> = OPERATIONS,
): JsonSchema {
  const missing = routes.filter((r) => !operations[`${r.method} ${r.path}`]);
  if (missing.length > 0) {
    throw new UndocumentedRouteError(
      `Routes without a documented schema in infra/openapi/operations.ts: ${missing
        .map((r) => `${r.method} ${r.path}`)
        .join(', ')}`,
    );
  }
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const op = operations[`${route.method} ${route.path}`] as OperationDoc;
    // OpenAPI has no greedy parameter: `{proxy+}` is written `{proxy}`.
    const path = route.path.replace(/\{(\w+)\+\}/g, '{$1}');
    paths[path] ??= {};
    (paths[path] as Record<string, JsonSchema>)[route.method.toLowerCase()] = operationOf(route, op);
  }
  const errorBody = jsonSchemaOf(errorSchema, 'output');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Alur Usulan Program IKM — Dinas Perindustrian Provinsi Sulawesi Selatan',
      version: '1',
      description:
        'Usulan program IKM dari 24 kabupaten/kota: verifikasi kebijakan, persetujuan lewat tautan email, dan penetapan anggaran. ' +
        'Jumlah uang dalam rupiah bulat. Kesalahan selalu berbentuk {"error": {"code", "message", "details"}}: code berbahasa Inggris, message berbahasa Indonesia.',
    },
    tags: [...new Set(Object.values(operations).map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Di AWS dari Cognito; lokal dari `npm run -s token -- --role …`',
        },
      },
      schemas: { Error: errorBody },
      responses: Object.fromEntries(
        Object.entries(ERROR_DESCRIPTIONS).map(([status, description]) => [
          `Error${status}`,
          {
            description,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
    },
  };
}
