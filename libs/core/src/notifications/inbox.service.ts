import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '@harbour/domain';
import { BadUserInputError, Clock, HARBOUR_CONFIG, HarbourConfig, NotFoundError } from '@harbour/platform';
import { requireRole } from '../identity/access';
import { Principal } from '../identity/principal';
import { inTransaction, withCaller } from '../persistence/transactions';
import { decodeCursor, Page, PageArgs } from '../queries/query.service';
import { AudienceType, NotificationKind } from './notification.entity';

/** One item of a user's inbox: the notification (its WEBHOOK-channel row) and that user's own read and acted-on times. */
export interface InboxItem {
  id: string;
  kind: NotificationKind;
  audienceType: AudienceType;
  createdAt: Date;
  /** The stored payload less any location key (INBOX_HIDDEN_KEYS). */
  payload: Record<string, unknown>;
  /** The web app's route of the item (inboxLink). */
  link: string;
  /** When this user first read it (or acted on it); null while unread. */
  readAt: Date | null;
  /** When this user marked it acted on; null until then. */
  actedAt: Date | null;
}

/** The roles that have an inbox, each the audience it reads. */
const INBOX_ROLES = [Role.COORDINATOR, Role.SHELTER_STAFF, Role.REFERRAL_OFFICER];

/**
 * Payload keys never shown in an inbox: a shelter's location (address,
 * postcode, coordinates). No notification stores one today; this keeps it so
 * should a payload ever gain one (access matrix: a location is never an officer's).
 */
export const INBOX_HIDDEN_KEYS = ['address', 'postcode', 'latitude', 'longitude', 'location'];

/**
 * The web app's route of a notification's item, from its kind, its audience
 * and the ids in its payload (apps/web routes):
 * - holds (offered, expired, declined, accepted): the referral for its agency
 *   (`/referrals/<referralId>`), the hold on the board for its shelter
 *   (`/shelter#hold-<holdId>`);
 * - reminders: the stay on the shelter's board (`/shelter#stay-<placementId>`),
 *   the referral for the agency, the network board for coordinators;
 * - capacity alerts: `/network#alert-<alertId>`; escalations:
 *   `/network#escalation-<escalationId>`; no suitable provision:
 *   `/network#referral-<referralId>`.
 */
export function inboxLink(kind: NotificationKind, audience: AudienceType, payload: Record<string, unknown>): string {
  const id = (key: string) => encodeURIComponent(String(payload[key] ?? ''));
  switch (kind) {
    case NotificationKind.HOLD_OFFERED:
    case NotificationKind.HOLD_EXPIRED:
    case NotificationKind.HOLD_DECLINED:
    case NotificationKind.HOLD_ACCEPTED:
      return audience === AudienceType.SHELTER ? `/shelter#hold-${id('holdId')}` : `/referrals/${id('referralId')}`;
    case NotificationKind.RECOVERY_PERIOD_REMINDER:
    case NotificationKind.NRM_DEADLINE_REMINDER:
    case NotificationKind.LEAVE_EXPIRY_REMINDER:
      if (audience === AudienceType.SHELTER) return `/shelter#stay-${id('placementId')}`;
      return audience === AudienceType.AGENCY ? `/referrals/${id('referralId')}` : `/network#referral-${id('referralId')}`;
    case NotificationKind.CAPACITY_ALERT_OPENED:
    case NotificationKind.CAPACITY_ALERT_RESOLVED:
      return `/network#alert-${id('alertId')}`;
    case NotificationKind.ESCALATION_OPENED:
      return `/network#escalation-${id('escalationId')}`;
    case NotificationKind.NO_SUITABLE_PROVISION:
      return `/network#referral-${id('referralId')}`;
  }
}

type Row = {
  id: string;
  kind: NotificationKind;
  audience_type: AudienceType;
  created_at: Date;
  payload: Record<string, unknown>;
  read_at: Date | null;
  acted_at: Date | null;
  total?: number;
};

/**
 * The per-user notification inbox (docs/web-app.md, "Notifications"): the
 * WEBHOOK-channel notification of every event addressed to the caller's
 * audience (a referral officer: their agency; shelter staff: their shelters;
 * a coordinator: COORDINATORS), with that user's read and acted-on times
 * (`notification_receipt`, keyed by token subject). Reads run as the caller
 * (row-level security, migration 1767800000000); marks run as SERVICE after
 * the same audience check.
 */
@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * The caller's inbox, newest first (created_at, then id), `first` per page
   * (1..MAX_PAGE_SIZE), optionally only the unread.
   * @throws ForbiddenError for a role without an inbox; BadUserInputError for a bad `first` or `after`.
   */
  async list(p: Principal, args: PageArgs & { unreadOnly?: boolean | null }): Promise<Page<InboxItem>> {
    requireRole(p, ...INBOX_ROLES);
    const first = args.first ?? 20;
    if (!Number.isInteger(first) || first < 1 || first > this.config.MAX_PAGE_SIZE) {
      throw new BadUserInputError(`first must be a whole number from 1 to ${this.config.MAX_PAGE_SIZE}`, 'first');
    }
    const offset = args.after ? decodeCursor(args.after) + 1 : 0;
    const [where, params] = audienceWhere(p);
    const unread = args.unreadOnly ? 'AND r.read_at IS NULL' : '';
    const rows: Row[] = await withCaller(this.dataSource, p, (em) =>
      em.query(
        `SELECT n.id, n.kind, n.audience_type, n.created_at, n.payload, r.read_at, r.acted_at, count(*) OVER ()::int AS total
           FROM notification n
           LEFT JOIN notification_receipt r ON r.notification_id = n.id AND r.subject = $1
          WHERE n.channel = 'WEBHOOK' AND ${where} ${unread}
          ORDER BY n.created_at DESC, n.id
          OFFSET ${offset} LIMIT ${first}`,
        [p.sub, ...params],
      ),
    );
    // count(*) OVER () is absent when the page is past the end: count again then.
    const totalCount = rows.length ? rows[0].total! : await this.count(p, where, params, unread);
    return { nodes: rows.map(toItem), offset, hasNextPage: offset + rows.length < totalCount, totalCount };
  }

  /** How many unread notifications the caller's inbox holds (for the bell). */
  async unreadCount(p: Principal): Promise<number> {
    requireRole(p, ...INBOX_ROLES);
    const [where, params] = audienceWhere(p);
    return this.count(p, where, params, 'AND r.read_at IS NULL');
  }

  /**
   * One notification of the caller's inbox, or null when it is not in it
   * (unknown, another audience's, or not the WEBHOOK row). Read as the caller.
   */
  async find(p: Principal, notificationId: string): Promise<InboxItem | null> {
    if (!INBOX_ROLES.includes(p.role)) return null;
    const [where, params] = audienceWhere(p);
    const rows: Row[] = await withCaller(this.dataSource, p, (em) => this.one(em, p, notificationId, where, params));
    return rows.length ? toItem(rows[0]) : null;
  }

  /**
   * Marks a notification of the caller's inbox read by the caller (now, unless
   * already read: idempotent).
   * @throws NotFoundError when it is not in the caller's inbox (as for an unknown id).
   */
  async markRead(p: Principal, notificationId: string): Promise<InboxItem> {
    return this.mark(p, notificationId, false);
  }

  /**
   * Marks a notification of the caller's inbox acted on by the caller (and
   * read, if it was not): now, unless already marked (idempotent).
   * @throws NotFoundError when it is not in the caller's inbox (as for an unknown id).
   */
  async markActed(p: Principal, notificationId: string): Promise<InboxItem> {
    return this.mark(p, notificationId, true);
  }

  private async mark(p: Principal, notificationId: string, acted: boolean): Promise<InboxItem> {
    requireRole(p, ...INBOX_ROLES);
    const [where, params] = audienceWhere(p);
    const now = await this.clock.now();
    const row = await inTransaction(this.dataSource, async (em) => {
      // The same audience test as the list, in the SQL: SERVICE sees every row, so this is the check.
      const found = await this.one(em, p, notificationId, where, params);
      if (!found.length) throw new NotFoundError('Notification', notificationId);
      await em.query(
        `INSERT INTO notification_receipt AS r (notification_id, subject, read_at, acted_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (notification_id, subject) DO UPDATE SET
           read_at = coalesce(r.read_at, EXCLUDED.read_at),
           acted_at = coalesce(r.acted_at, EXCLUDED.acted_at)`,
        [notificationId, p.sub, now, acted ? now : null],
      );
      return (await this.one(em, p, notificationId, where, params))[0];
    });
    return toItem(row);
  }

  private one(em: EntityManager, p: Principal, id: string, where: string, params: unknown[]): Promise<Row[]> {
    return em.query(
      `SELECT n.id, n.kind, n.audience_type, n.created_at, n.payload, r.read_at, r.acted_at
         FROM notification n
         LEFT JOIN notification_receipt r ON r.notification_id = n.id AND r.subject = $1
        WHERE n.channel = 'WEBHOOK' AND ${where} AND n.id = $${params.length + 2}`,
      [p.sub, ...params, id],
    );
  }

  private async count(p: Principal, where: string, params: unknown[], unread: string): Promise<number> {
    const [{ n }]: { n: number }[] = await withCaller(this.dataSource, p, (em) =>
      em.query(
        `SELECT count(*)::int AS n FROM notification n
           LEFT JOIN notification_receipt r ON r.notification_id = n.id AND r.subject = $1
          WHERE n.channel = 'WEBHOOK' AND ${where} ${unread}`,
        [p.sub, ...params],
      ),
    );
    return n;
  }
}

/** The SQL condition (on `n`, parameters from $2) for the caller's audience. */
function audienceWhere(p: Principal): [string, unknown[]] {
  switch (p.role) {
    case Role.REFERRAL_OFFICER:
      return [`n.audience_type = 'AGENCY' AND n.audience_id = $2::uuid`, [p.agencyId ?? '00000000-0000-0000-0000-000000000000']];
    case Role.SHELTER_STAFF:
      return [`n.audience_type = 'SHELTER' AND n.audience_id = ANY($2::uuid[])`, [p.shelterIds]];
    default:
      return [`n.audience_type = 'COORDINATORS'`, []];
  }
}

function toItem(r: Row): InboxItem {
  const payload = Object.fromEntries(Object.entries(r.payload ?? {}).filter(([k]) => !INBOX_HIDDEN_KEYS.includes(k)));
  return {
    id: r.id,
    kind: r.kind,
    audienceType: r.audience_type,
    createdAt: r.created_at,
    payload,
    link: inboxLink(r.kind, r.audience_type, payload),
    readAt: r.read_at,
    actedAt: r.acted_at,
  };
}
