import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Warns at start when the API connects to PostgreSQL as a superuser or a
 * BYPASSRLS role: such a role skips row-level security even on FORCEd tables,
 * leaving only the resolvers' checks (docs/row-level-security.md). The
 * development defaults connect as `postgres` and so get this warning.
 */
@Injectable()
export class DatabaseRoleCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('database');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const [role]: { name: string; bypasses: boolean }[] = await this.dataSource.query(
      `SELECT rolname AS name, rolsuper OR rolbypassrls AS bypasses FROM pg_roles WHERE rolname = current_user`,
    );
    if (role?.bypasses) {
      this.logger.warn(
        `connected as "${role.name}", a superuser or BYPASSRLS role: PostgreSQL row-level security does not apply; ` +
          'connect as an ordinary role that owns the tables (docs/row-level-security.md)',
      );
    }
  }
}
