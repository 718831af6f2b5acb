import { Controller, Get, Header, Inject } from '@nestjs/common';
import { HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';

/** The identity provider the web app signs in with (OpenID Connect, authorization code with PKCE). */
export interface OidcClientConfig {
  /** Issuer URL; the web app reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  /** The web app's public client id at the provider. */
  clientId: string;
  /** Space-separated scopes asked for (always with `openid`). */
  scopes: string;
  /** RFC 8707 resource indicator sent with the authorization and token requests, or null. */
  resource: string | null;
  /** Name of the provider on the sign-in button. */
  providerName: string;
}

/** What the web app's sign-in page offers, from the API's configuration at run time. */
export interface SignInConfig {
  /** Whether the development sign-in (`/auth/dev/*`) exists; always false in production. */
  devSignIn: boolean;
  /** The OpenID Connect provider, or null when OIDC_ISSUER is unset. */
  oidc: OidcClientConfig | null;
}

/** The web app's sign-in configuration from HarbourConfig (OIDC_*, DEV_SIGN_IN). */
export function signInConfigOf(config: HarbourConfig): SignInConfig {
  return {
    devSignIn: config.DEV_SIGN_IN,
    oidc:
      config.OIDC_ISSUER && config.OIDC_CLIENT_ID
        ? {
            issuer: config.OIDC_ISSUER,
            clientId: config.OIDC_CLIENT_ID,
            scopes: config.OIDC_SCOPES,
            resource: config.OIDC_RESOURCE ?? null,
            providerName: config.OIDC_PROVIDER_NAME,
          }
        : null,
  };
}

/**
 * GET /auth/config: how the web app signs in here, so one build serves every deployment (the
 * provider is configuration of the API, not of the build). Public: it holds no secret (the client
 * is a public client with PKCE). Never cached, so a changed configuration holds at the next load.
 */
@Controller('auth')
export class SignInConfigController {
  constructor(@Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig) {}

  /** The sign-in configuration (SignInConfig). */
  @Get('config')
  @Header('cache-control', 'no-store')
  signInConfig(): SignInConfig {
    return signInConfigOf(this.config);
  }
}
