import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';

/**
 * Checks at start (API and worker) that PostgreSQL's row-level security and
 * the audit trail's triggers bind the role Harbour connects as. A superuser or
 * BYPASSRLS role skips row-level security even on FORCEd tables, and a
 * superuser can disable any trigger (docs/row-level-security.md): in
 * production the process refuses to start as one; elsewhere (the development
 * defaults connect as `postgres`) it warns.
 * @throws Error in production when connected as a superuser or BYPASSRLS role.
 */
@Injectable()
export class DatabaseRoleCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('database');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: Pick<HarbourConfig, 'NODE_ENV'>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [role]: { name: string; bypasses: boolean }[] = await this.dataSource.query(
      `SELECT rolname AS name, rolsuper OR rolbypassrls AS bypasses FROM pg_roles WHERE rolname = current_user`,
    );
    if (!role?.bypasses) return;
    const problem =
      `connected to PostgreSQL as "${role.name}", a superuser or BYPASSRLS role: row-level security does not apply and the ` +
      'audit triggers can be disabled; connect as an ordinary role (docs/row-level-security.md)';
    if (this.config.NODE_ENV === 'production') throw new Error(`refusing to start: ${problem}`);
    this.logger.warn(problem);
  }
}
