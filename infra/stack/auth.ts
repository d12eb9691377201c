import { Aws, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  type CfnUserPoolClient,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CLAIMS } from '../../functions/adapters/auth-claims.js';
import { ROLES } from '../../functions/domain/caller.js';

const CUSTOM_PREFIX = 'custom:';

/** Attribute names as Cognito's custom attributes want them: the claim name without `custom:`. */
export const CUSTOM_ATTRIBUTES = Object.values(CLAIMS).map((claim) => {
  if (!claim.startsWith(CUSTOM_PREFIX)) throw new Error(`Claim ${claim} is not a Cognito custom attribute`);
  return claim.slice(CUSTOM_PREFIX.length);
});

const ROLE_GROUP_DESCRIPTIONS: Record<(typeof ROLES)[number], string> = {
  submitter: 'Pengusul dari dinas kabupaten/kota (atribut custom:district wajib)',
  approver: 'Pejabat penyetuju provinsi (atribut custom:stage wajib)',
  admin: 'Administrator sistem',
  auditor: 'Pemeriksa, hanya baca',
};

export interface AuthProps {
  stageName: string;
  retainData: boolean;
}

/**
 * The Cognito user pool behind the API's JWT authorizer. People are created by an admin (no
 * self sign-up); each carries role, district and approval stage as custom attributes, which the
 * ID token delivers under the same claim names the local issuer signs (auth-claims.ts).
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** Cognito's managed login, where the web app sends people to sign in. */
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `ikm-${props.stageName}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: Object.fromEntries(
        CUSTOM_ATTRIBUTES.map((name) => [
          name,
          new StringAttribute({ minLen: 0, maxLen: 64, mutable: true }),
        ]),
      ),
      // These accounts approve public money: a second factor, an app (TOTP) rather than SMS.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus brings threat protection (compromised credentials, risky sign-ins); a small office
      // with a few hundred people pays little for it.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      userVerification: {
        emailSubject: 'Kode verifikasi Sistem Usulan Program IKM',
        emailBody: 'Kode verifikasi Anda: {####}',
      },
      userInvitation: {
        emailSubject: 'Akun Sistem Usulan Program IKM Sulawesi Selatan',
        emailBody:
          'Anda didaftarkan pada Sistem Usulan Program IKM Dinas Perindustrian Provinsi Sulawesi Selatan. ' +
          'Nama pengguna: {username}. Kata sandi sementara: {####}. ' +
          'Ganti kata sandi dan pasang aplikasi autentikator saat masuk pertama kali.',
      },
      deletionProtection: props.retainData,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.client = this.userPool.addClient('ApiClient', {
      userPoolClientName: `ikm-${props.stageName}-api`,
      // A public client (the web app in the browser): no secret, PKCE instead.
      generateSecret: false,
      // The web app signs in through the managed login: the authorization code flow only (no
      // implicit grant), back to the app's own address (allowWebAppAt) and nowhere else.
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(...CUSTOM_ATTRIBUTES),
      // A person must never change their own role, district or stage: only an admin, through
      // the Cognito admin API, writes those.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    // Prefixes are unique per region across accounts: the account id keeps ours apart.
    this.domain = this.userPool.addDomain('ManagedLogin', {
      cognitoDomain: { domainPrefix: Fn.join('-', ['ikm', props.stageName, Aws.ACCOUNT_ID]) },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // The newer managed login shows a page only for a client with a branding: Cognito's own.
    new CfnManagedLoginBranding(this, 'ManagedLoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    // Groups mirror the roles so that admins can list the people of a role; the API trusts the
    // custom:role attribute (the claim), not the group.
    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: ROLE_GROUP_DESCRIPTIONS[role],
      });
    }
  }

  /**
   * Where the web app lives (known only once the API exists): the managed login returns people to
   * `<base>/app/masuk` with a one-time code, and to `<base>/app/` after signing out.
   */
  allowWebAppAt(baseUrl: string): void {
    const client = this.client.node.defaultChild as CfnUserPoolClient;
    client.callbackUrLs = [`${baseUrl}/app/masuk`];
    client.logoutUrLs = [`${baseUrl}/app/`];
  }
}
