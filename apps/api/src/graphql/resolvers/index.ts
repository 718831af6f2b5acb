import { DirectoryReader } from '../../read/directory.reader';
import { AlertResolver } from './alert.resolver';
import { AuditResolver } from './audit.resolver';
import { EscalationResolver } from './escalation.resolver';
import { WebhookResolver } from './webhook.resolver';
import { TokenResolver } from './token.resolver';
import { HoldResolver } from './hold.resolver';
import { MeResolver } from './me.resolver';
import { AgencyResolver, NetworkResolver, RegionResolver } from './network.resolver';
import { NotificationResolver } from './notification.resolver';
import { InboxResolver } from './inbox.resolver';
import { LiveResolver } from '../../live/live.resolver';
import { PlacementResolver } from './placement.resolver';
import { NrmResolver } from './nrm.resolver';
import { ReferralResolver } from './referral.resolver';
import { RoomResolver, ShelterResolver } from './shelter.resolver';
import { WaitlistResolver } from './waitlist.resolver';
import { WorkStatusResolver } from './work-status.resolver';
import { ReportResolver } from './report.resolver';

/** Every resolver, plus the API-side readers they use. */
export const RESOLVERS = [
  DirectoryReader,
  MeResolver,
  NetworkResolver,
  AgencyResolver,
  RegionResolver,
  ShelterResolver,
  RoomResolver,
  ReferralResolver,
  HoldResolver,
  PlacementResolver,
  NrmResolver,
  WaitlistResolver,
  AlertResolver,
  EscalationResolver,
  NotificationResolver,
  InboxResolver,
  LiveResolver,
  WorkStatusResolver,
  AuditResolver,
  WebhookResolver,
  TokenResolver,
  ReportResolver,
];
