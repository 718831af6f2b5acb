import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BedCategory, DomainError, evaluateCapacityAlert, Role, validateAlertThresholds } from '@harbour/domain';
import { BadUserInputError, Clock, NotFoundError, reasonOr, ValidationReason } from '@harbour/platform';
import { AuditService } from '../audit/audit.service';
import { requireRole } from '../identity/access';
import { Principal } from '../identity/principal';
import { NetworkService } from '../network/network.service';
import { RegionEntity } from '../network/region.entity';
import { AudienceType, NotificationKind } from '../notifications/notification.entity';
import { NotificationService } from '../notifications/notification.service';
import { inTransaction } from '../persistence/transactions';
import { AlertRuleEntity } from './alert-rule.entity';
import { AlertEntity, AlertStatus } from './alert.entity';

export interface AlertRuleInput {
  /** Region code; null or missing = the whole network. */
  regionCode?: string | null;
  category: BedCategory;
  /** An alert opens when free beds fall below this (>= 1). */
  threshold: number;
  /** It resolves when free beds reach this (> threshold; default threshold + 1). */
  resolveAt?: number | null;
}

/** What one evaluation did to one rule. */
export interface AlertEvaluation {
  ruleId: string;
  freeBeds: number;
  action: 'OPEN' | 'RESOLVE' | 'NONE';
}

/**
 * Capacity alerts (docs/architecture.md, Main flows 8): rules by region and category; after every
 * bed change the affected rules are re-evaluated; an alert opens when free beds
 * fall below the threshold, notifies coordinators once, and resolves (with
 * hysteresis) when they reach `resolveAt`.
 */
@Injectable()
export class AlertService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly network: NetworkService,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
  ) {}

  /** Creates a rule (coordinators) and evaluates it at once. */
  async createRule(p: Principal, input: AlertRuleInput): Promise<AlertRuleEntity> {
    requireRole(p, Role.COORDINATOR);
    let thresholds;
    try {
      thresholds = validateAlertThresholds({ threshold: input.threshold, resolveAt: input.resolveAt ?? undefined });
    } catch (e) {
      if (e instanceof DomainError) throw new BadUserInputError(reasonOr(e, ValidationReason.INVALID_VALUE), e.message, `input.${e.field ?? 'threshold'}`);
      throw e;
    }
    // null/absent = the whole network; anything else must be a known region (a blank is not "everywhere").
    const regionCode = input.regionCode == null ? null : input.regionCode.trim().toUpperCase();
    const rule = await inTransaction(this.dataSource, async (em) => {
      if (regionCode !== null && !(await em.getRepository(RegionEntity).existsBy({ code: regionCode }))) {
        throw new BadUserInputError(
          ValidationReason.UNKNOWN_VALUE,
          `Unknown region "${input.regionCode}"; omit regionCode for the whole network`,
          'input.regionCode',
        );
      }
      const now = await this.clock.now();
      const saved = await em.getRepository(AlertRuleEntity).save({
        regionCode,
        category: input.category,
        threshold: thresholds.threshold,
        resolveAt: thresholds.resolveAt,
        active: true,
        createdBy: p.sub,
        createdAt: now,
      });
      await this.audit.record(em, p, now, 'CREATE_ALERT_RULE', 'alert_rule', saved.id);
      return saved;
    });
    await this.evaluateRule(rule.id);
    return rule;
  }

  /** Acknowledges an open alert (coordinators). Idempotent. */
  async acknowledge(p: Principal, alertId: string): Promise<AlertEntity> {
    requireRole(p, Role.COORDINATOR);
    return inTransaction(this.dataSource, async (em) => {
      const alert = await em.getRepository(AlertEntity).findOne({ where: { id: alertId }, lock: { mode: 'pessimistic_write' } });
      if (!alert) throw new NotFoundError('Alert', alertId);
      if (alert.status !== AlertStatus.OPEN) return alert;
      const now = await this.clock.now();
      alert.status = AlertStatus.ACKNOWLEDGED;
      alert.acknowledgedAt = now;
      alert.acknowledgedBy = p.sub;
      await em.save(alert);
      await this.audit.record(em, p, now, 'ACKNOWLEDGE_ALERT', 'alert', alert.id);
      return alert;
    });
  }

  /** Re-evaluates every active rule for these regions and the network-wide rules. */
  async evaluateRegions(regionCodes: string[]): Promise<AlertEvaluation[]> {
    const rules: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM alert_rule WHERE active AND (region_code IS NULL OR region_code = ANY($1)) ORDER BY id`,
      [regionCodes],
    );
    const out: AlertEvaluation[] = [];
    for (const r of rules) out.push(await this.evaluateRule(r.id));
    return out;
  }

  /**
   * Evaluates one rule under its row lock, so two workers cannot open two
   * alerts; the partial unique index (one unresolved alert per rule) backs it.
   */
  async evaluateRule(ruleId: string): Promise<AlertEvaluation> {
    return inTransaction(this.dataSource, async (em) => {
      const rule = await em.getRepository(AlertRuleEntity).findOne({ where: { id: ruleId }, lock: { mode: 'pessimistic_write' } });
      if (!rule || !rule.active) return { ruleId, freeBeds: 0, action: 'NONE' as const };
      const freeBeds = await this.network.freeBeds(em, rule.regionCode, rule.category);
      const open = await em
        .getRepository(AlertEntity)
        .createQueryBuilder('a')
        .where('a.rule_id = :id AND a.status <> :resolved', { id: rule.id, resolved: AlertStatus.RESOLVED })
        .getOne();
      const action = evaluateCapacityAlert(rule, freeBeds, !!open);
      const now = await this.clock.now();
      if (action === 'OPEN') await this.open(em, rule, freeBeds, now);
      if (action === 'RESOLVE' && open) await this.resolve(em, open, rule, freeBeds, now);
      return { ruleId, freeBeds, action };
    });
  }

  private async open(em: EntityManager, rule: AlertRuleEntity, freeBeds: number, now: Date) {
    const alert = await em.getRepository(AlertEntity).save({
      ruleId: rule.id,
      regionCode: rule.regionCode,
      category: rule.category,
      status: AlertStatus.OPEN,
      freeBedsAtOpen: freeBeds,
      freeBedsAtResolve: null,
      openedAt: now,
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
    });
    await this.notifications.create(
      em,
      {
        kind: NotificationKind.CAPACITY_ALERT_OPENED,
        audienceType: AudienceType.COORDINATORS,
        audienceId: null,
        idempotencyKey: `alert-opened:${alert.id}`,
        regionCode: rule.regionCode,
        payload: { alertId: alert.id, ruleId: rule.id, regionCode: rule.regionCode, category: rule.category, freeBeds, threshold: rule.threshold },
      },
      now,
    );
  }

  private async resolve(em: EntityManager, alert: AlertEntity, rule: AlertRuleEntity, freeBeds: number, now: Date) {
    alert.status = AlertStatus.RESOLVED;
    alert.resolvedAt = now;
    alert.freeBedsAtResolve = freeBeds;
    await em.save(alert);
    await this.notifications.create(
      em,
      {
        kind: NotificationKind.CAPACITY_ALERT_RESOLVED,
        audienceType: AudienceType.COORDINATORS,
        audienceId: null,
        idempotencyKey: `alert-resolved:${alert.id}`,
        regionCode: rule.regionCode,
        payload: { alertId: alert.id, ruleId: rule.id, regionCode: rule.regionCode, category: rule.category, freeBeds },
      },
      now,
    );
  }
}
