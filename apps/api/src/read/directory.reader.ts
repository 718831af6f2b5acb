import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgencyEntity, Principal, RegionEntity, requireRole } from '@harbour/core';
import { Role } from '@harbour/domain';

/** Most rows the small reference lists return. */
const MAX_DIRECTORY_ROWS = 1000;

/**
 * Reference lists that QueryService does not offer yet (regions, agencies):
 * plain reads, scoped like the services scope them. Candidates to move into
 * QueryService (see the API report).
 */
@Injectable()
export class DirectoryReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every region, by code (any authenticated caller: codes are not secret). */
  async regions(): Promise<RegionEntity[]> {
    return this.dataSource.getRepository(RegionEntity).find({ order: { code: 'ASC' }, take: MAX_DIRECTORY_ROWS });
  }

  /** Every agency, by name. @throws FORBIDDEN unless coordinator. */
  async agencies(p: Principal): Promise<AgencyEntity[]> {
    requireRole(p, Role.COORDINATOR);
    return this.dataSource.getRepository(AgencyEntity).find({ order: { name: 'ASC' }, take: MAX_DIRECTORY_ROWS });
  }
}
