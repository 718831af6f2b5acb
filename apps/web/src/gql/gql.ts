/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Inbox {\n    myUnreadNotificationCount\n    myNotifications(first: 20) {\n      edges {\n        node {\n          id\n          kind\n          createdAt\n          link\n          readAt\n          actedAt\n        }\n      }\n    }\n  }\n": typeof types.InboxDocument,
    "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      readAt\n    }\n  }\n": typeof types.MarkNotificationReadDocument,
    "\n  mutation MarkNotificationActed($id: ID!) {\n    markNotificationActed(id: $id) {\n      id\n      actedAt\n    }\n  }\n": typeof types.MarkNotificationActedDocument,
    "\n  subscription LiveBeds {\n    bedsChanged {\n      regionCodes\n    }\n  }\n": typeof types.LiveBedsDocument,
    "\n  subscription LiveHolds {\n    holdChanged {\n      id\n      status\n    }\n  }\n": typeof types.LiveHoldsDocument,
    "\n  subscription LiveAlerts {\n    alertChanged {\n      id\n      status\n    }\n  }\n": typeof types.LiveAlertsDocument,
    "\n  subscription LiveInbox {\n    notificationAdded {\n      id\n    }\n  }\n": typeof types.LiveInboxDocument,
    "\n  mutation OfflineSetBedStatus($input: SetBedStatusInput!) {\n    setBedStatus(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.OfflineSetBedStatusDocument,
    "\n  mutation OfflineConfirmArrival($input: ConfirmArrivalInput!) {\n    confirmArrival(input: $input) {\n      id\n    }\n  }\n": typeof types.OfflineConfirmArrivalDocument,
    "\n  query OpenAlerts {\n    alerts(first: 50) {\n      edges {\n        node {\n          id\n          category\n          regionCode\n          status\n          freeBedsAtOpen\n          openedAt\n          acknowledgedAt\n        }\n      }\n    }\n  }\n": typeof types.OpenAlertsDocument,
    "\n  mutation AcknowledgeAlert($alertId: ID!) {\n    acknowledgeAlert(alertId: $alertId) {\n      id\n      status\n      acknowledgedAt\n    }\n  }\n": typeof types.AcknowledgeAlertDocument,
    "\n  query NetworkBoard {\n    regions {\n      code\n      name\n    }\n    availability {\n      regionCode\n      all\n      womenOnly\n      menOnly\n      mixed\n      family\n      minors\n      accessible\n      totalBeds\n      oldestUpdateAt\n    }\n  }\n": typeof types.NetworkBoardDocument,
    "\n  query Regions {\n    regions {\n      code\n      name\n    }\n  }\n": typeof types.RegionsDocument,
    "\n  mutation CreateReferral($input: CreateReferralInput!) {\n    createReferral(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateReferralDocument,
    "\n  query Operations {\n    waitlist(first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n          position\n          priority\n          urgency\n          joinedAt\n          referral {\n            id\n            agencyReference\n            initials\n          }\n        }\n      }\n    }\n    workStatus {\n      outboxBacklog\n      queues {\n        name\n        waiting\n        active\n        delayed\n        failed\n      }\n    }\n    webhookEndpoints {\n      url\n      consecutiveFailures\n      lastError\n      lastSuccessAt\n      pausedAt\n    }\n    auditChain {\n      ok\n      checked\n      unsealed\n      firstBadSeq\n      problem\n    }\n  }\n": typeof types.OperationsDocument,
    "\n  mutation RetryFailedJobs($queue: String!) {\n    retryFailedJobs(queue: $queue)\n  }\n": typeof types.RetryFailedJobsDocument,
    "\n  mutation ResumeWebhook($url: String!) {\n    resumeWebhook(url: $url) {\n      __typename\n    }\n  }\n": typeof types.ResumeWebhookDocument,
    "\n  query ReferralDetail($id: ID!) {\n    referral(id: $id) {\n      id\n      agencyReference\n      initials\n      status\n      waitlistPosition\n      activeHold {\n        id\n        expiresAt\n        shelter {\n          id\n          codeName\n          regionCode\n          contactLine\n        }\n      }\n      placement {\n        id\n        shelter {\n          id\n          codeName\n        }\n        nrm {\n          stage\n          since\n          nextDeadline {\n            kind\n            date\n            supportContinues\n          }\n        }\n      }\n    }\n  }\n": typeof types.ReferralDetailDocument,
    "\n  query Candidates($referralId: ID!) {\n    matchCandidates(referralId: $referralId, first: 10) {\n      shelterId\n      roomId\n      codeName\n      regionCode\n      score\n      availableBeds\n      reasons {\n        criterion\n        points\n        detail\n      }\n    }\n  }\n": typeof types.CandidatesDocument,
    "\n  mutation RequestPlacement($referralId: ID!) {\n    requestPlacement(referralId: $referralId) {\n      __typename\n      ... on HoldOffered {\n        hold {\n          id\n          expiresAt\n        }\n      }\n      ... on Waitlisted {\n        position\n      }\n    }\n  }\n": typeof types.RequestPlacementDocument,
    "\n  query AgencyReferrals {\n    referrals(first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          agencyReference\n          initials\n          status\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.AgencyReferralsDocument,
    "\n  query ReportPage($input: ReportInput!) {\n    report(input: $input) {\n      suppressionThreshold\n      totals {\n        metric\n        total\n      }\n      counts {\n        metric\n        key\n        count\n        suppressed\n      }\n      durations {\n        duration\n        key\n        people\n        p50\n        p90\n      }\n      occupancy {\n        key\n        bedNights\n        usedNights\n        heldNights\n        outOfServiceNights\n        availableNights\n        utilisation\n      }\n      pressure {\n        regionCode\n        category\n        alertsOpened\n        hoursBelowThreshold\n      }\n      daysWithoutSnapshot\n    }\n  }\n": typeof types.ReportPageDocument,
    "\n  query ShelterBoard($id: ID!) {\n    shelter(id: $id) {\n      id\n      codeName\n      freeBeds\n      heldBeds\n      occupiedBeds\n      totalBeds\n      languages\n      rooms {\n        id\n        label\n        accessibilityFeatures\n        beds {\n          id\n          label\n          status\n          outOfServiceReason\n          expectedReturn\n          statusChangedAt\n        }\n      }\n    }\n  }\n": typeof types.ShelterBoardDocument,
    "\n  query ShelterHolds($shelterId: ID!) {\n    holds(shelterId: $shelterId, status: ACTIVE, first: 50) {\n      edges {\n        node {\n          id\n          expiresAt\n          room {\n            label\n          }\n          beds {\n            label\n          }\n          referral {\n            id\n            agencyReference\n            initials\n            urgency\n            languages\n            accessibilityNeeds\n            dependants {\n              ageBand\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ShelterHoldsDocument,
    "\n  mutation SetBedStatus($input: SetBedStatusInput!) {\n    setBedStatus(input: $input) {\n      id\n      label\n      status\n      outOfServiceReason\n      expectedReturn\n    }\n  }\n": typeof types.SetBedStatusDocument,
    "\n  mutation ConfirmArrival($input: ConfirmArrivalInput!) {\n    confirmArrival(input: $input) {\n      id\n    }\n  }\n": typeof types.ConfirmArrivalDocument,
    "\n  mutation DeclineHold($holdId: ID!, $reasonCode: HoldDeclineReason!, $reason: String) {\n    declineHold(holdId: $holdId, reasonCode: $reasonCode, reason: $reason) {\n      id\n      status\n    }\n  }\n": typeof types.DeclineHoldDocument,
    "\n  query SignInMe {\n    me {\n      sub\n      role\n      shelterIds\n      agencyId\n    }\n  }\n": typeof types.SignInMeDocument,
    "\n  query ShelterStays($shelterId: ID!, $after: String) {\n    placements(shelterId: $shelterId, active: true, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          arrivedOn\n          room {\n            label\n          }\n          beds {\n            label\n          }\n          nrm {\n            stage\n            since\n            nextDeadline {\n              kind\n              date\n              supportContinues\n            }\n          }\n          recoveryPeriods {\n            id\n            sequence\n            endDate\n          }\n          reminders {\n            id\n            dueDate\n            status\n          }\n          referral {\n            id\n            initials\n            agencyReference\n          }\n        }\n      }\n    }\n  }\n": typeof types.ShelterStaysDocument,
    "\n  mutation ExtendStay($input: ExtendRecoveryPeriodInput!) {\n    extendRecoveryPeriod(input: $input) {\n      id\n      sequence\n      endDate\n    }\n  }\n": typeof types.ExtendStayDocument,
    "\n  mutation EndStay($input: EndPlacementInput!) {\n    endPlacement(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.EndStayDocument,
    "\n  mutation BulkIntake($input: [CreateReferralInput!]!) {\n    bulkCreateReferrals(input: $input) {\n      holdsOffered\n      stillWaiting\n      referrals {\n        id\n        agencyReference\n        initials\n        status\n      }\n    }\n  }\n": typeof types.BulkIntakeDocument,
};
const documents: Documents = {
    "\n  query Inbox {\n    myUnreadNotificationCount\n    myNotifications(first: 20) {\n      edges {\n        node {\n          id\n          kind\n          createdAt\n          link\n          readAt\n          actedAt\n        }\n      }\n    }\n  }\n": types.InboxDocument,
    "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      readAt\n    }\n  }\n": types.MarkNotificationReadDocument,
    "\n  mutation MarkNotificationActed($id: ID!) {\n    markNotificationActed(id: $id) {\n      id\n      actedAt\n    }\n  }\n": types.MarkNotificationActedDocument,
    "\n  subscription LiveBeds {\n    bedsChanged {\n      regionCodes\n    }\n  }\n": types.LiveBedsDocument,
    "\n  subscription LiveHolds {\n    holdChanged {\n      id\n      status\n    }\n  }\n": types.LiveHoldsDocument,
    "\n  subscription LiveAlerts {\n    alertChanged {\n      id\n      status\n    }\n  }\n": types.LiveAlertsDocument,
    "\n  subscription LiveInbox {\n    notificationAdded {\n      id\n    }\n  }\n": types.LiveInboxDocument,
    "\n  mutation OfflineSetBedStatus($input: SetBedStatusInput!) {\n    setBedStatus(input: $input) {\n      id\n      status\n    }\n  }\n": types.OfflineSetBedStatusDocument,
    "\n  mutation OfflineConfirmArrival($input: ConfirmArrivalInput!) {\n    confirmArrival(input: $input) {\n      id\n    }\n  }\n": types.OfflineConfirmArrivalDocument,
    "\n  query OpenAlerts {\n    alerts(first: 50) {\n      edges {\n        node {\n          id\n          category\n          regionCode\n          status\n          freeBedsAtOpen\n          openedAt\n          acknowledgedAt\n        }\n      }\n    }\n  }\n": types.OpenAlertsDocument,
    "\n  mutation AcknowledgeAlert($alertId: ID!) {\n    acknowledgeAlert(alertId: $alertId) {\n      id\n      status\n      acknowledgedAt\n    }\n  }\n": types.AcknowledgeAlertDocument,
    "\n  query NetworkBoard {\n    regions {\n      code\n      name\n    }\n    availability {\n      regionCode\n      all\n      womenOnly\n      menOnly\n      mixed\n      family\n      minors\n      accessible\n      totalBeds\n      oldestUpdateAt\n    }\n  }\n": types.NetworkBoardDocument,
    "\n  query Regions {\n    regions {\n      code\n      name\n    }\n  }\n": types.RegionsDocument,
    "\n  mutation CreateReferral($input: CreateReferralInput!) {\n    createReferral(input: $input) {\n      id\n    }\n  }\n": types.CreateReferralDocument,
    "\n  query Operations {\n    waitlist(first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n          position\n          priority\n          urgency\n          joinedAt\n          referral {\n            id\n            agencyReference\n            initials\n          }\n        }\n      }\n    }\n    workStatus {\n      outboxBacklog\n      queues {\n        name\n        waiting\n        active\n        delayed\n        failed\n      }\n    }\n    webhookEndpoints {\n      url\n      consecutiveFailures\n      lastError\n      lastSuccessAt\n      pausedAt\n    }\n    auditChain {\n      ok\n      checked\n      unsealed\n      firstBadSeq\n      problem\n    }\n  }\n": types.OperationsDocument,
    "\n  mutation RetryFailedJobs($queue: String!) {\n    retryFailedJobs(queue: $queue)\n  }\n": types.RetryFailedJobsDocument,
    "\n  mutation ResumeWebhook($url: String!) {\n    resumeWebhook(url: $url) {\n      __typename\n    }\n  }\n": types.ResumeWebhookDocument,
    "\n  query ReferralDetail($id: ID!) {\n    referral(id: $id) {\n      id\n      agencyReference\n      initials\n      status\n      waitlistPosition\n      activeHold {\n        id\n        expiresAt\n        shelter {\n          id\n          codeName\n          regionCode\n          contactLine\n        }\n      }\n      placement {\n        id\n        shelter {\n          id\n          codeName\n        }\n        nrm {\n          stage\n          since\n          nextDeadline {\n            kind\n            date\n            supportContinues\n          }\n        }\n      }\n    }\n  }\n": types.ReferralDetailDocument,
    "\n  query Candidates($referralId: ID!) {\n    matchCandidates(referralId: $referralId, first: 10) {\n      shelterId\n      roomId\n      codeName\n      regionCode\n      score\n      availableBeds\n      reasons {\n        criterion\n        points\n        detail\n      }\n    }\n  }\n": types.CandidatesDocument,
    "\n  mutation RequestPlacement($referralId: ID!) {\n    requestPlacement(referralId: $referralId) {\n      __typename\n      ... on HoldOffered {\n        hold {\n          id\n          expiresAt\n        }\n      }\n      ... on Waitlisted {\n        position\n      }\n    }\n  }\n": types.RequestPlacementDocument,
    "\n  query AgencyReferrals {\n    referrals(first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          agencyReference\n          initials\n          status\n          createdAt\n        }\n      }\n    }\n  }\n": types.AgencyReferralsDocument,
    "\n  query ReportPage($input: ReportInput!) {\n    report(input: $input) {\n      suppressionThreshold\n      totals {\n        metric\n        total\n      }\n      counts {\n        metric\n        key\n        count\n        suppressed\n      }\n      durations {\n        duration\n        key\n        people\n        p50\n        p90\n      }\n      occupancy {\n        key\n        bedNights\n        usedNights\n        heldNights\n        outOfServiceNights\n        availableNights\n        utilisation\n      }\n      pressure {\n        regionCode\n        category\n        alertsOpened\n        hoursBelowThreshold\n      }\n      daysWithoutSnapshot\n    }\n  }\n": types.ReportPageDocument,
    "\n  query ShelterBoard($id: ID!) {\n    shelter(id: $id) {\n      id\n      codeName\n      freeBeds\n      heldBeds\n      occupiedBeds\n      totalBeds\n      languages\n      rooms {\n        id\n        label\n        accessibilityFeatures\n        beds {\n          id\n          label\n          status\n          outOfServiceReason\n          expectedReturn\n          statusChangedAt\n        }\n      }\n    }\n  }\n": types.ShelterBoardDocument,
    "\n  query ShelterHolds($shelterId: ID!) {\n    holds(shelterId: $shelterId, status: ACTIVE, first: 50) {\n      edges {\n        node {\n          id\n          expiresAt\n          room {\n            label\n          }\n          beds {\n            label\n          }\n          referral {\n            id\n            agencyReference\n            initials\n            urgency\n            languages\n            accessibilityNeeds\n            dependants {\n              ageBand\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ShelterHoldsDocument,
    "\n  mutation SetBedStatus($input: SetBedStatusInput!) {\n    setBedStatus(input: $input) {\n      id\n      label\n      status\n      outOfServiceReason\n      expectedReturn\n    }\n  }\n": types.SetBedStatusDocument,
    "\n  mutation ConfirmArrival($input: ConfirmArrivalInput!) {\n    confirmArrival(input: $input) {\n      id\n    }\n  }\n": types.ConfirmArrivalDocument,
    "\n  mutation DeclineHold($holdId: ID!, $reasonCode: HoldDeclineReason!, $reason: String) {\n    declineHold(holdId: $holdId, reasonCode: $reasonCode, reason: $reason) {\n      id\n      status\n    }\n  }\n": types.DeclineHoldDocument,
    "\n  query SignInMe {\n    me {\n      sub\n      role\n      shelterIds\n      agencyId\n    }\n  }\n": types.SignInMeDocument,
    "\n  query ShelterStays($shelterId: ID!, $after: String) {\n    placements(shelterId: $shelterId, active: true, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          arrivedOn\n          room {\n            label\n          }\n          beds {\n            label\n          }\n          nrm {\n            stage\n            since\n            nextDeadline {\n              kind\n              date\n              supportContinues\n            }\n          }\n          recoveryPeriods {\n            id\n            sequence\n            endDate\n          }\n          reminders {\n            id\n            dueDate\n            status\n          }\n          referral {\n            id\n            initials\n            agencyReference\n          }\n        }\n      }\n    }\n  }\n": types.ShelterStaysDocument,
    "\n  mutation ExtendStay($input: ExtendRecoveryPeriodInput!) {\n    extendRecoveryPeriod(input: $input) {\n      id\n      sequence\n      endDate\n    }\n  }\n": types.ExtendStayDocument,
    "\n  mutation EndStay($input: EndPlacementInput!) {\n    endPlacement(input: $input) {\n      id\n      status\n    }\n  }\n": types.EndStayDocument,
    "\n  mutation BulkIntake($input: [CreateReferralInput!]!) {\n    bulkCreateReferrals(input: $input) {\n      holdsOffered\n      stillWaiting\n      referrals {\n        id\n        agencyReference\n        initials\n        status\n      }\n    }\n  }\n": types.BulkIntakeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Inbox {\n    myUnreadNotificationCount\n    myNotifications(first: 20) {\n      edges {\n        node {\n          id\n          kind\n          createdAt\n          link\n          readAt\n          actedAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').InboxDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      readAt\n    }\n  }\n"): typeof import('./graphql').MarkNotificationReadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationActed($id: ID!) {\n    markNotificationActed(id: $id) {\n      id\n      actedAt\n    }\n  }\n"): typeof import('./graphql').MarkNotificationActedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveBeds {\n    bedsChanged {\n      regionCodes\n    }\n  }\n"): typeof import('./graphql').LiveBedsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveHolds {\n    holdChanged {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').LiveHoldsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveAlerts {\n    alertChanged {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').LiveAlertsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveInbox {\n    notificationAdded {\n      id\n    }\n  }\n"): typeof import('./graphql').LiveInboxDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OfflineSetBedStatus($input: SetBedStatusInput!) {\n    setBedStatus(input: $input) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').OfflineSetBedStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OfflineConfirmArrival($input: ConfirmArrivalInput!) {\n    confirmArrival(input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql').OfflineConfirmArrivalDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OpenAlerts {\n    alerts(first: 50) {\n      edges {\n        node {\n          id\n          category\n          regionCode\n          status\n          freeBedsAtOpen\n          openedAt\n          acknowledgedAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').OpenAlertsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcknowledgeAlert($alertId: ID!) {\n    acknowledgeAlert(alertId: $alertId) {\n      id\n      status\n      acknowledgedAt\n    }\n  }\n"): typeof import('./graphql').AcknowledgeAlertDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NetworkBoard {\n    regions {\n      code\n      name\n    }\n    availability {\n      regionCode\n      all\n      womenOnly\n      menOnly\n      mixed\n      family\n      minors\n      accessible\n      totalBeds\n      oldestUpdateAt\n    }\n  }\n"): typeof import('./graphql').NetworkBoardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Regions {\n    regions {\n      code\n      name\n    }\n  }\n"): typeof import('./graphql').RegionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateReferral($input: CreateReferralInput!) {\n    createReferral(input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql').CreateReferralDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Operations {\n    waitlist(first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n          position\n          priority\n          urgency\n          joinedAt\n          referral {\n            id\n            agencyReference\n            initials\n          }\n        }\n      }\n    }\n    workStatus {\n      outboxBacklog\n      queues {\n        name\n        waiting\n        active\n        delayed\n        failed\n      }\n    }\n    webhookEndpoints {\n      url\n      consecutiveFailures\n      lastError\n      lastSuccessAt\n      pausedAt\n    }\n    auditChain {\n      ok\n      checked\n      unsealed\n      firstBadSeq\n      problem\n    }\n  }\n"): typeof import('./graphql').OperationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryFailedJobs($queue: String!) {\n    retryFailedJobs(queue: $queue)\n  }\n"): typeof import('./graphql').RetryFailedJobsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeWebhook($url: String!) {\n    resumeWebhook(url: $url) {\n      __typename\n    }\n  }\n"): typeof import('./graphql').ResumeWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReferralDetail($id: ID!) {\n    referral(id: $id) {\n      id\n      agencyReference\n      initials\n      status\n      waitlistPosition\n      activeHold {\n        id\n        expiresAt\n        shelter {\n          id\n          codeName\n          regionCode\n          contactLine\n        }\n      }\n      placement {\n        id\n        shelter {\n          id\n          codeName\n        }\n        nrm {\n          stage\n          since\n          nextDeadline {\n            kind\n            date\n            supportContinues\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ReferralDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Candidates($referralId: ID!) {\n    matchCandidates(referralId: $referralId, first: 10) {\n      shelterId\n      roomId\n      codeName\n      regionCode\n      score\n      availableBeds\n      reasons {\n        criterion\n        points\n        detail\n      }\n    }\n  }\n"): typeof import('./graphql').CandidatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPlacement($referralId: ID!) {\n    requestPlacement(referralId: $referralId) {\n      __typename\n      ... on HoldOffered {\n        hold {\n          id\n          expiresAt\n        }\n      }\n      ... on Waitlisted {\n        position\n      }\n    }\n  }\n"): typeof import('./graphql').RequestPlacementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgencyReferrals {\n    referrals(first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          agencyReference\n          initials\n          status\n          createdAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AgencyReferralsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReportPage($input: ReportInput!) {\n    report(input: $input) {\n      suppressionThreshold\n      totals {\n        metric\n        total\n      }\n      counts {\n        metric\n        key\n        count\n        suppressed\n      }\n      durations {\n        duration\n        key\n        people\n        p50\n        p90\n      }\n      occupancy {\n        key\n        bedNights\n        usedNights\n        heldNights\n        outOfServiceNights\n        availableNights\n        utilisation\n      }\n      pressure {\n        regionCode\n        category\n        alertsOpened\n        hoursBelowThreshold\n      }\n      daysWithoutSnapshot\n    }\n  }\n"): typeof import('./graphql').ReportPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ShelterBoard($id: ID!) {\n    shelter(id: $id) {\n      id\n      codeName\n      freeBeds\n      heldBeds\n      occupiedBeds\n      totalBeds\n      languages\n      rooms {\n        id\n        label\n        accessibilityFeatures\n        beds {\n          id\n          label\n          status\n          outOfServiceReason\n          expectedReturn\n          statusChangedAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ShelterBoardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ShelterHolds($shelterId: ID!) {\n    holds(shelterId: $shelterId, status: ACTIVE, first: 50) {\n      edges {\n        node {\n          id\n          expiresAt\n          room {\n            label\n          }\n          beds {\n            label\n          }\n          referral {\n            id\n            agencyReference\n            initials\n            urgency\n            languages\n            accessibilityNeeds\n            dependants {\n              ageBand\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ShelterHoldsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetBedStatus($input: SetBedStatusInput!) {\n    setBedStatus(input: $input) {\n      id\n      label\n      status\n      outOfServiceReason\n      expectedReturn\n    }\n  }\n"): typeof import('./graphql').SetBedStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmArrival($input: ConfirmArrivalInput!) {\n    confirmArrival(input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql').ConfirmArrivalDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclineHold($holdId: ID!, $reasonCode: HoldDeclineReason!, $reason: String) {\n    declineHold(holdId: $holdId, reasonCode: $reasonCode, reason: $reason) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').DeclineHoldDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SignInMe {\n    me {\n      sub\n      role\n      shelterIds\n      agencyId\n    }\n  }\n"): typeof import('./graphql').SignInMeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ShelterStays($shelterId: ID!, $after: String) {\n    placements(shelterId: $shelterId, active: true, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          arrivedOn\n          room {\n            label\n          }\n          beds {\n            label\n          }\n          nrm {\n            stage\n            since\n            nextDeadline {\n              kind\n              date\n              supportContinues\n            }\n          }\n          recoveryPeriods {\n            id\n            sequence\n            endDate\n          }\n          reminders {\n            id\n            dueDate\n            status\n          }\n          referral {\n            id\n            initials\n            agencyReference\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ShelterStaysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExtendStay($input: ExtendRecoveryPeriodInput!) {\n    extendRecoveryPeriod(input: $input) {\n      id\n      sequence\n      endDate\n    }\n  }\n"): typeof import('./graphql').ExtendStayDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndStay($input: EndPlacementInput!) {\n    endPlacement(input: $input) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').EndStayDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkIntake($input: [CreateReferralInput!]!) {\n    bulkCreateReferrals(input: $input) {\n      holdsOffered\n      stillWaiting\n      referrals {\n        id\n        agencyReference\n        initials\n        status\n      }\n    }\n  }\n"): typeof import('./graphql').BulkIntakeDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
