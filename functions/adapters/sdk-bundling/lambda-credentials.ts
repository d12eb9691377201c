import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Lambda gives a function its role's credentials in environment variables. The SDK's default
 * provider chain (profiles, SSO, STS web identity, container and instance metadata) brings about
 * 100 KB of clients into every bundle for sources a function never uses, so the bundling
 * (infra/stack/bundling.ts) aliases `@aws-sdk/credential-provider-node` to this module.
 */
export const defaultProvider: typeof fromEnv = (init) => fromEnv(init);
