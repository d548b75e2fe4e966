import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (infra/handler-functions.ts
 * aliases it here). Lambda hands every function its execution role's credentials in
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
 * the first place the default chain looks; the rest of the chain (shared files, SSO, web identity,
 * process, container and instance metadata, with the STS and SSO clients they bring) is never reached
 * there, yet loading it was a fifth of the move function's cold start and 120 KB of each bundle.
 * The same signature as the chain's `defaultProvider`, which every SDK client's runtime config calls.
 */
export const defaultProvider: typeof fromEnv = (init) => fromEnv(init);
