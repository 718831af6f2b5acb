import { Args, Context, ID, Int, Mutation, Query, ResolveField, Resolver, Root } from '@nestjs/graphql';
import { AlertService, AlertStatus, Principal, QueryService } from '@harbour/core';
import { BedCategory } from '@harbour/domain';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { UuidArgPipe } from '../../common/uuid-arg.pipe';
import { GraphQLContext } from '../../graphql-context';
import { CreateAlertRuleInput } from '../inputs/create-alert-rule.input';
import { Alert, AlertConnection, toAlert } from '../types/alert.type';
import { AlertRule, AlertRuleConnection, toAlertRule } from '../types/alert-rule.type';
import { toConnection } from '../types/connection';

/** Capacity alert rules and alerts (coordinators). */
@Resolver(() => Alert)
export class AlertResolver {
  constructor(
    private readonly alertService: AlertService,
    private readonly query: QueryService,
  ) {}

  @Query(() => AlertConnection, { description: 'Capacity alerts, newest first (coordinators).' })
  async alerts(
    @CurrentPrincipal() p: Principal,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1..MAX_PAGE_SIZE (default 100).' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after?: string | null,
    @Args('status', { type: () => AlertStatus, nullable: true, description: 'Only alerts in this status.' }) status?: AlertStatus | null,
    @Args('regionCode', { type: () => String, nullable: true, description: 'Only alerts of this region.' }) regionCode?: string | null,
    @Args('category', { type: () => BedCategory, nullable: true, description: 'Only alerts of this category.' }) category?: BedCategory | null,
  ): Promise<AlertConnection> {
    return toConnection(await this.query.alerts(p, { first, after, status, regionCode, category }), toAlert);
  }

  @Query(() => AlertRuleConnection, { description: 'Capacity alert rules, oldest first (coordinators).' })
  async alertRules(
    @CurrentPrincipal() p: Principal,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1..MAX_PAGE_SIZE (default 100).' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after?: string | null,
  ): Promise<AlertRuleConnection> {
    return toConnection(await this.query.alertRules(p, { first, after }), toAlertRule);
  }

  @Mutation(() => AlertRule, { description: 'Creates a capacity alert rule (coordinators) and evaluates it at once.' })
  async createAlertRule(
    @CurrentPrincipal() p: Principal,
    @Args('input', { description: 'What to do; each field is described on CreateAlertRuleInput.' }) input: CreateAlertRuleInput,
  ): Promise<AlertRule> {
    return toAlertRule(await this.alertService.createRule(p, input));
  }

  @Mutation(() => Alert, { description: 'Acknowledges an OPEN alert (coordinators). Idempotent.' })
  async acknowledgeAlert(
    @CurrentPrincipal() p: Principal,
    @Args('alertId', { type: () => ID, description: 'Alert id.' }, UuidArgPipe) alertId: string,
  ): Promise<Alert> {
    return toAlert(await this.alertService.acknowledge(p, alertId));
  }

  @ResolveField(() => AlertRule, { nullable: true })
  async rule(@Root() a: Alert, @Context() ctx: GraphQLContext): Promise<AlertRule | null> {
    const rule = await ctx.loaders.alertRule.load(a.ruleId);
    return rule ? toAlertRule(rule) : null;
  }
}
