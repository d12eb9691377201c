import { Lazy, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
  SecurityPolicy,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpRoute } from '../routes.js';

/**
 * One line of JSON per request. The route key, not the path: an /actions path holds the action id,
 * which is the capability to decide, and must not end up in logs.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
} as const;

export interface ApiProps {
  stageName: string;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  throttle: ThrottleSettings;
  /** For `auth: 'public'` routes, which anyone holding a link can call. */
  publicRouteThrottle: ThrottleSettings;
  customDomain?: { domainName: string; certificateArn: string } | undefined;
  logRetention: RetentionDays;
  retainData: boolean;
}

/**
 * The HTTP API: a JWT authorizer backed by the user pool (audience = the app client, issuer = the
 * pool), access logs, throttling for every route and tighter throttling for the public ones.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** Base of the links in emails (PUBLIC_BASE_URL): the custom domain when configured. */
  readonly publicBaseUrl: string;
  /** The custom domain, when configured; its DNS record must point at `regionalDomainName`. */
  readonly customDomain: DomainName | undefined;
  private readonly authorizer: HttpUserPoolAuthorizer;
  private readonly publicRouteThrottle: ThrottleSettings;
  private readonly routeSettings: Record<
    string,
    { ThrottlingRateLimit?: number; ThrottlingBurstLimit?: number }
  > = {};

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.publicRouteThrottle = props.publicRouteThrottle;
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `ikm-${props.stageName}`,
      description: 'Usulan program IKM Sulawesi Selatan',
      createDefaultStage: false,
    });
    this.customDomain = props.customDomain
      ? new DomainName(this, 'CustomDomain', {
          domainName: props.customDomain.domainName,
          certificate: Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn),
          securityPolicy: SecurityPolicy.TLS_1_2,
        })
      : undefined;

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/ikm-${props.stageName}-access`,
      retention: props.logRetention,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
      domainMapping: this.customDomain ? { domainName: this.customDomain } : undefined,
    });
    // Per-route settings exist only on the L1 stage; filled in as public routes are added.
    (this.stage.node.defaultChild as CfnStage).routeSettings = Lazy.any({
      produce: () => (Object.keys(this.routeSettings).length > 0 ? this.routeSettings : undefined),
    });

    this.authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', props.userPool, {
      authorizerName: 'cognito',
      userPoolClients: [props.userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });
    this.publicBaseUrl = props.customDomain
      ? `https://${props.customDomain.domainName}`
      : this.httpApi.apiEndpoint;
  }

  /** Routes a handler's HTTP_ROUTES entries to its function. */
  addRoutes(id: string, routes: readonly HttpRoute[], fn: IFunction): void {
    const integration = new HttpLambdaIntegration(`${id}Integration`, fn);
    for (const route of routes) {
      const [created] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer: route.auth === 'jwt' ? this.authorizer : new HttpNoneAuthorizer(),
      });
      if (route.auth === 'public' && created) {
        this.routeSettings[`${route.method} ${route.path}`] = {
          ThrottlingRateLimit: this.publicRouteThrottle.rateLimit,
          ThrottlingBurstLimit: this.publicRouteThrottle.burstLimit,
        };
        // API Gateway rejects RouteSettings that name a route it does not have yet.
        this.stage.node.addDependency(created);
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: route.path.startsWith('/actions/')
            ? 'Email-linked approval page: the unguessable, single-use, expiring action id in the path is the ' +
              'credential (approvers follow the link from their mailbox without signing in); the route is rate-limited.'
            : 'Public files with no data behind them (the API document, its docs page, the web app shell); ' +
              'every data call the app makes carries the Cognito token; the route is rate-limited.',
        });
      }
    }
  }
}
