import { Command, Option } from 'commander';
import { DevTokenError, DevTokenRequest, mintDevToken as mintCoreDevToken, TOKEN_ROLES } from '@harbour/core';
import type { HarbourConfig } from '@harbour/platform/config/config';
import { action, cliConfig, CliError } from '../cli-support';

export { TOKEN_ROLES, type DevTokenRequest } from '@harbour/core';

/**
 * Mints a development bearer token (libs/core identity/dev-token.ts, shared with the API's
 * development sign-in), turning a refused request into a CliError.
 * @throws CliError as {@link mintCoreDevToken} throws DevTokenError (e.g. NODE_ENV=production)
 */
export async function mintDevToken(
  config: Pick<HarbourConfig, 'JWT_SECRET' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'NODE_ENV'>,
  req: DevTokenRequest,
  now: Date = new Date(),
): Promise<string> {
  try {
    return await mintCoreDevToken(config, req, now);
  } catch (e) {
    if (e instanceof DevTokenError) {
      throw new CliError(
        e.message.startsWith('development tokens are refused')
          ? 'harbour token mints development tokens only; it is refused when NODE_ENV=production'
          : e.message,
      );
    }
    throw e;
  }
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * Registers `harbour token --role R [--sub id] [--shelter id ...] [--agency id] [--ttl 8h] [--version n]`,
 * which prints only a development token (see {@link mintDevToken}) on stdout.
 */
export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description('mint a development bearer token (HS256, JWT_SECRET); prints only the token')
    .addOption(new Option('--role <role>', 'role claim').choices([...TOKEN_ROLES]).makeOptionMandatory())
    .option('--sub <id>', 'subject (user id); default dev-<role>')
    .option('--shelter <id>', 'shelter id the SHELTER_STAFF user works at (repeatable)', collect, [] as string[])
    .option('--agency <id>', 'agency id of the REFERRAL_OFFICER')
    .option('--ttl <span>', 'lifetime: a number and s, m, h, d or w', '8h')
    .option('--version <n>', 'token version (ver claim); after revokeTokens use the returned minVersion', '0')
    .action(
      action(async (opts: { role: DevTokenRequest['role']; sub?: string; shelter: string[]; agency?: string; ttl: string; version: string }) => {
        const config = cliConfig();
        const token = await mintDevToken(config, {
          role: opts.role,
          sub: opts.sub ?? `dev-${opts.role.toLowerCase().replace(/_/g, '-')}`,
          shelterIds: opts.shelter,
          agencyId: opts.agency ?? null,
          ttl: opts.ttl,
          version: /^\d+$/.test(opts.version) ? Number(opts.version) : Number.NaN,
        });
        process.stdout.write(`${token}\n`);
      }),
    );
}
