import { Args, Query, Resolver } from '@nestjs/graphql';
import { Principal, ReportService } from '@harbour/core';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { ReportInput, ReportType, toReport } from '../types/report.type';

/** Commissioners' reports (coordinators and commissioners). */
@Resolver(() => ReportType)
export class ReportResolver {
  constructor(private readonly reports: ReportService) {}

  @Query(() => ReportType, {
    description:
      'Referrals, offers, declines, no-shows, turnaways, time to a safe bed, stays, occupancy and pressure for a period, by up to two dimensions (coordinators and commissioners). Counts of people under the suppression threshold are hidden (docs/reports.md). BAD_USER_INPUT names a bad field.',
  })
  async report(@CurrentPrincipal() p: Principal, @Args('input') input: ReportInput): Promise<ReportType> {
    return toReport(await this.reports.report(p, input));
  }
}
