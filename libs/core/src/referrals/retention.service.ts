import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { AuditService } from '../audit/audit.service';
import { SERVICE_PRINCIPAL } from '../identity/principal';
import { inTransaction, queryReturning } from '../persistence/transactions';

/**
 * Data retention: referrals closed (exited or withdrawn) more than
 * RETENTION_DAYS ago are anonymised, keeping only what statistics need (age
 * band, gender, exploitation types, urgency, household size and ages, dates,
 * agency, placements). Cleared: initials, the agency's reference, languages,
 * notes, needs, regions named by the referral (and the provision finding
 * that repeats them), and the reference copied into notifications. Runs daily in the worker; idempotent.
 */
@Injectable()
export class RetentionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** Anonymises every referral past retention (in batches). Returns how many. */
  async anonymiseClosedReferrals(batch = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const now = await this.clock.now();
      const cutoff = new Date(now.getTime() - this.config.RETENTION_DAYS * 86_400_000);
      const done = await inTransaction(this.dataSource, async (em) => {
        const rows = await queryReturning<{ id: string }>(
          em,
          `UPDATE referral SET
              initials = 'XX',
              agency_reference = 'anonymised-' || id::text,
              languages = '{}', accessibility_needs = '{}',
              exclusion_regions = '{}', preferred_regions = '{}', acceptable_regions = '{}',
              dependants = (SELECT coalesce(jsonb_agg(jsonb_build_object('ageBand', d->'ageBand')), '[]'::jsonb)
                              FROM jsonb_array_elements(dependants) d),
              notes_encrypted = NULL, callback_contact = NULL, interpreter_language = NULL,
              provision_finding = NULL,
              anonymised_at = $2
            WHERE id IN (SELECT id FROM referral
                          WHERE anonymised_at IS NULL AND closed_at < $1 AND status IN ('EXITED','WITHDRAWN')
                          ORDER BY closed_at LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING id`,
          [cutoff, now, batch],
        );
        if (rows.length) {
          await em.query(
            `UPDATE notification SET payload = payload - 'agencyReference'
              WHERE payload->>'referralId' = ANY($1::text[]) AND payload ? 'agencyReference'`,
            [rows.map((r) => r.id)],
          );
          await this.audit.record(em, SERVICE_PRINCIPAL, now, 'ANONYMISE_REFERRALS', 'referral', null, {
            count: rows.length,
            retentionDays: this.config.RETENTION_DAYS,
          });
        }
        return rows.length;
      });
      total += done;
      if (done < batch) return total;
    }
  }
}
