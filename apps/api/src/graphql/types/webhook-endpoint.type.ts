import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { WebhookEndpointEntity } from '@harbour/core';

@ObjectType({ description: 'Delivery health of one webhook URL (paused after WEBHOOK_PAUSE_AFTER_FAILURES failures in a row).' })
export class WebhookEndpoint {
  @Field({ description: 'The webhook URL.' })
  url: string;

  @Field(() => Int, { description: 'Failed deliveries in a row (0 after any success).' })
  consecutiveFailures: number;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was paused; its notifications wait until resumeWebhook.' })
  pausedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Error of the last failed delivery.' })
  lastError: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Last successful delivery.' })
  lastSuccessAt: Date | null;
}

@ObjectType({ description: 'Result of a signed test send.' })
export class WebhookTestResult {
  @Field({ description: 'True when the endpoint answered 2xx.' })
  ok: boolean;

  @Field(() => String, { nullable: true, description: 'What went wrong otherwise.' })
  error: string | null;
}

@ObjectType({ description: 'Result of resuming a paused webhook.' })
export class WebhookResumeResult {
  @Field(() => WebhookEndpoint, { nullable: true, description: 'The endpoint now (null if it never had a delivery).' })
  endpoint: WebhookEndpoint | null;

  @Field(() => Int, { description: 'Undelivered notifications re-queued for it.' })
  requeued: number;
}

export function toWebhookEndpoint(e: WebhookEndpointEntity): WebhookEndpoint {
  return { url: e.url, consecutiveFailures: e.consecutiveFailures, pausedAt: e.pausedAt, lastError: e.lastError, lastSuccessAt: e.lastSuccessAt };
}
