import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigError, HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { inTransaction } from './transactions';

/**
 * Checks at start (API and worker) that PostgreSQL's row-level security and
 * the audit trail's triggers bind the role Harbour connects as
 * (docs/security.md, "Two database roles"):
 * - a superuser or BYPASSRLS role skips row-level security even on FORCEd
 *   tables, and a superuser can disable any trigger;
 * - the owner of the tables (or a member of the owner's role) can ALTER them,
 *   turn FORCE off and disable the append-only trigger: the API and worker
 *   must connect as the runtime role, which owns nothing.
 * In production either is refused; elsewhere (one-role set-ups) it warns.
 * In every environment the process refuses to start when DATABASE_SCOPE_KEY
 * does not sign a scope the database accepts (another key was installed, or
 * migrations have not run): every read would silently see nothing.
 * @throws ConfigError listing every problem at once.
 */
@Injectable()
export class DatabaseRoleCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('database');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: Pick<HarbourConfig, 'NODE_ENV'>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const problems = await databaseRoleProblemsOf(this.dataSource);
    const refused = [...(this.config.NODE_ENV === 'production' ? problems.role : []), ...problems.scope];
    if (refused.length) throw new ConfigError(refused.map((p) => `DATABASE_URL: refusing to start: ${p}`));
    for (const p of problems.role) this.logger.warn(p);
  }
}

/**
 * What is wrong with the role `dataSource` connects as: `role` (a superuser,
 * BYPASSRLS, or owner of Harbour's tables) and `scope` (its DATABASE_SCOPE_KEY
 * does not sign a SERVICE scope the database accepts).
 */
export async function databaseRoleProblemsOf(dataSource: DataSource): Promise<{ role: string[]; scope: string[] }> {
  const [me]: { name: string; bypasses: boolean; owned: number }[] = await dataSource.query(
    `SELECT r.rolname AS name, r.rolsuper OR r.rolbypassrls AS bypasses,
            (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname IN ('public', 'harbour_private') AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                AND pg_has_role(r.oid, c.relowner, 'MEMBER')) AS owned
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const role: string[] = [];
  if (me?.bypasses) {
    role.push(
      `connected to PostgreSQL as "${me.name}", a superuser or BYPASSRLS role: row-level security does not apply and the ` +
        'audit triggers can be disabled; connect as the runtime role (docs/security.md)',
    );
  } else if (me && me.owned > 0) {
    role.push(
      `connected to PostgreSQL as "${me.name}", which owns (or is a member of the owner of) ${me.owned} of Harbour's tables: it could ` +
        'ALTER them, turn row-level security off and disable the audit triggers; connect as the runtime role and run migrations ' +
        'as the owner (MIGRATION_DATABASE_URL; docs/security.md)',
    );
  }
  const scope: string[] = [];
  // inTransaction signs a SERVICE scope with this process's DATABASE_SCOPE_KEY; the database must believe it.
  const seen = await inTransaction(dataSource, async (em) => ((await em.query('SELECT harbour_caller_role() AS role')) as { role: string }[])[0].role, 1).catch(
    (e: Error) => `error: ${e.message}`,
  );
  if (seen !== 'SERVICE') {
    scope.push(
      `PostgreSQL does not accept a caller scope signed with DATABASE_SCOPE_KEY (${seen === '' ? 'it sees no caller' : seen}): run ` +
        '`harbour migrate` with the same DATABASE_SCOPE_KEY as the API and the worker',
    );
  }
  return { role, scope };
}
