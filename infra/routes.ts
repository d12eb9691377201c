/**
 * The HTTP routes and the handler module behind each, used by both the CDK stack (one function
 * per entry, an API Gateway route per method) and the local gateway (infra/local/). Paths use
 * API Gateway's `{name}` parameters.
 */
export interface HttpRoute {
  /** `HEAD` is routed explicitly where link checkers and mail scanners probe (the action links). */
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** Handler module from the project root; its export is `handler`. */
  entry: string;
  /** Short function name, shared by every route served by the same entry. */
  functionName: string;
  /** `jwt`: the gateway verifies the bearer token first. `public`: the path itself is the capability. */
  auth: 'jwt' | 'public';
}

export const HTTP_ROUTES: readonly HttpRoute[] = [
  {
    method: 'POST',
    path: '/proposals',
    entry: 'functions/api/create-proposal.ts',
    functionName: 'create-proposal',
    auth: 'jwt',
  },
  {
    method: 'GET',
    path: '/proposals/{id}',
    entry: 'functions/api/get-proposal.ts',
    functionName: 'get-proposal',
    auth: 'jwt',
  },
  {
    method: 'GET',
    path: '/proposals/{id}/history',
    entry: 'functions/api/get-proposal-history.ts',
    functionName: 'get-proposal-history',
    auth: 'jwt',
  },
  {
    method: 'GET',
    path: '/proposals',
    entry: 'functions/api/list-proposals.ts',
    functionName: 'list-proposals',
    auth: 'jwt',
  },
  {
    method: 'POST',
    path: '/proposals/{id}/revisions',
    entry: 'functions/api/create-revision.ts',
    functionName: 'create-revision',
    auth: 'jwt',
  },
  {
    method: 'POST',
    path: '/proposals/{id}/withdraw',
    entry: 'functions/api/withdraw-proposal.ts',
    functionName: 'withdraw-proposal',
    auth: 'jwt',
  },
  {
    method: 'GET',
    path: '/policies/{fiscalYear}',
    entry: 'functions/api/get-policy.ts',
    functionName: 'get-policy',
    auth: 'jwt',
  },
  {
    method: 'PUT',
    path: '/policies/{fiscalYear}',
    entry: 'functions/api/put-policy.ts',
    functionName: 'put-policy',
    auth: 'jwt',
  },
  {
    method: 'GET',
    path: '/districts',
    entry: 'functions/api/list-districts.ts',
    functionName: 'list-districts',
    auth: 'jwt',
  },
  {
    method: 'PUT',
    path: '/districts/{code}',
    entry: 'functions/api/put-district.ts',
    functionName: 'put-district',
    auth: 'jwt',
  },
  {
    method: 'GET',
    path: '/budget-pools',
    entry: 'functions/api/list-budget-pools.ts',
    functionName: 'list-budget-pools',
    auth: 'jwt',
  },
  {
    method: 'PUT',
    path: '/budget-pools/{fiscalYear}/{source}',
    entry: 'functions/api/put-budget-pool.ts',
    functionName: 'put-budget-pool',
    auth: 'jwt',
  },
  {
    method: 'PUT',
    path: '/budget-pools/{fiscalYear}/{source}/{districtCode}',
    entry: 'functions/api/put-budget-pool.ts',
    functionName: 'put-budget-pool',
    auth: 'jwt',
  },
  {
    method: 'GET',
    path: '/reports/allocations',
    entry: 'functions/api/allocation-report.ts',
    functionName: 'allocation-report',
    auth: 'jwt',
  },
  // The action routes take the rest of the path ({actionId+}) so that a link with a trailing slash,
  // as some mail clients write it, still arrives; the handler's request middleware trims the slash.
  {
    method: 'POST',
    path: '/proposals/{id}/retry',
    entry: 'functions/api/retry-proposal.ts',
    functionName: 'retry-proposal',
    auth: 'jwt',
  },
  {
    method: 'GET',
    path: '/approval-chains/{fiscalYear}',
    entry: 'functions/api/get-approval-chain.ts',
    functionName: 'get-approval-chain',
    auth: 'jwt',
  },
  {
    method: 'PUT',
    path: '/approval-chains/{fiscalYear}',
    entry: 'functions/api/put-approval-chain.ts',
    functionName: 'put-approval-chain',
    auth: 'jwt',
  },
  {
    method: 'GET',
    path: '/approvals',
    entry: 'functions/api/list-approvals.ts',
    functionName: 'list-approvals',
    auth: 'jwt',
  },
  {
    method: 'GET',
    path: '/actions/{actionId+}',
    entry: 'functions/actions/approval-action.ts',
    functionName: 'approval-action',
    auth: 'public',
  },
  {
    method: 'HEAD',
    path: '/actions/{actionId+}',
    entry: 'functions/actions/approval-action.ts',
    functionName: 'approval-action',
    auth: 'public',
  },
  {
    method: 'POST',
    path: '/actions/{actionId+}',
    entry: 'functions/actions/approval-action.ts',
    functionName: 'approval-action',
    auth: 'public',
  },
  {
    method: 'GET',
    path: '/rounds/{fiscalYear}',
    entry: 'functions/api/get-round.ts',
    functionName: 'get-round',
    auth: 'jwt',
  },
  {
    method: 'PUT',
    path: '/rounds/{fiscalYear}',
    entry: 'functions/api/put-round.ts',
    functionName: 'put-round',
    auth: 'jwt',
  },
  {
    method: 'GET',
    path: '/rounds/{fiscalYear}/programme',
    entry: 'functions/api/get-round-programme.ts',
    functionName: 'get-round-programme',
    auth: 'jwt',
  },
  {
    method: 'POST',
    path: '/rounds/{fiscalYear}/finalise',
    entry: 'functions/api/finalise-round.ts',
    functionName: 'finalise-round',
    auth: 'jwt',
  },
  {
    method: 'POST',
    path: '/policy-checks',
    entry: 'functions/api/preview-policy-check.ts',
    functionName: 'preview-policy-check',
    auth: 'jwt',
  },
  {
    method: 'GET',
    path: '/openapi.json',
    entry: 'functions/api/static-files.ts',
    functionName: 'static-files',
    auth: 'public',
  },
  {
    method: 'GET',
    path: '/docs',
    entry: 'functions/api/static-files.ts',
    functionName: 'static-files',
    auth: 'public',
  },
  {
    method: 'GET',
    path: '/docs/{file}',
    entry: 'functions/api/static-files.ts',
    functionName: 'static-files',
    auth: 'public',
  },
  {
    method: 'GET',
    path: '/app',
    entry: 'functions/api/static-files.ts',
    functionName: 'static-files',
    auth: 'public',
  },
  {
    method: 'GET',
    path: '/app/{proxy+}',
    entry: 'functions/api/static-files.ts',
    functionName: 'static-files',
    auth: 'public',
  },
];
