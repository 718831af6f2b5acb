import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Principal, WebhookEndpointService } from '@harbour/core';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { toWebhookEndpoint, WebhookEndpoint, WebhookResumeResult, WebhookTestResult } from '../types/webhook-endpoint.type';

/** Webhook delivery health, test sends and resuming paused endpoints (coordinators). */
@Resolver(() => WebhookEndpoint)
export class WebhookResolver {
  constructor(private readonly webhooks: WebhookEndpointService) {}

  @Query(() => [WebhookEndpoint], { description: 'Webhook endpoints that have been tried, paused ones first (coordinators).' })
  async webhookEndpoints(@CurrentPrincipal() p: Principal): Promise<WebhookEndpoint[]> {
    return (await this.webhooks.list(p)).map(toWebhookEndpoint);
  }

  @Mutation(() => WebhookTestResult, {
    description: 'Sends a signed TEST message to the URL now; a success clears its failure count (coordinators). Does not resume a paused endpoint.',
  })
  async testWebhook(@CurrentPrincipal() p: Principal, @Args('url', { description: 'Webhook URL.' }) url: string): Promise<WebhookTestResult> {
    const error = await this.webhooks.test(p, url);
    return { ok: error === null, error };
  }

  @Mutation(() => WebhookResumeResult, {
    description: 'Resumes a paused webhook and re-queues its undelivered notifications (coordinators). Idempotent.',
  })
  async resumeWebhook(@CurrentPrincipal() p: Principal, @Args('url', { description: 'Webhook URL.' }) url: string): Promise<WebhookResumeResult> {
    const { endpoint, requeued } = await this.webhooks.resume(p, url);
    return { endpoint: endpoint ? toWebhookEndpoint(endpoint) : null, requeued };
  }
}
