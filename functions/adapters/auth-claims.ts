import * as z from 'zod/mini';
import { type Caller, ROLES } from '../domain/caller.js';

/**
 * The JWT claims that carry a caller's role, district and stage. Cognito puts custom user
 * attributes under `custom:`; the local issuer (infra/local/) signs the same names, so the
 * handlers read one shape in both places.
 */
export const CLAIMS = {
  role: 'custom:role',
  district: 'custom:district',
  stage: 'custom:stage',
} as const;

const claimsSchema = z.object({
  sub: z.string().check(z.minLength(1)),
  email: z.optional(z.email()),
  [CLAIMS.role]: z.enum(ROLES),
  [CLAIMS.district]: z.optional(z.string()),
  [CLAIMS.stage]: z.optional(z.string()),
});

/** Claims as API Gateway hands them to a Lambda (all values may arrive as strings). */
export function callerFromClaims(claims: Record<string, unknown> | undefined): Caller | null {
  const parsed = claimsSchema.safeParse(claims ?? {});
  if (!parsed.success) return null;
  const c = parsed.data;
  return {
    id: c.sub,
    email: c.email ?? '',
    role: c[CLAIMS.role],
    districtCode: c[CLAIMS.district] || undefined,
    stage: c[CLAIMS.stage] || undefined,
  };
}
