import { request, type ApiResponse } from "../shared/target.js";

// The CCR client the suite drives: the HTTP API of the model router
// (POST /ccr/route, GET /ccr/quota, GET /ccr/health), plus the connection
// check with retries that HYVVE's agents use before routing (spec DM-09.7).

export type Provider = "anthropic" | "openai" | "local";
export type ModelStatus = "available" | "degraded" | "unavailable";

export interface RouteBody {
  task?: string;
  task_type?: string;
  complexity?: "low" | "standard" | "high";
  preferred_provider?: Provider;
  context?: Record<string, unknown>;
  estimated_tokens?: number;
  timeout_ms?: number;
}

export interface FallbackAttempt {
  model: string;
  provider: Provider;
  error: string;
}

export interface RouteResult {
  success: boolean;
  model?: string;
  provider?: Provider;
  task_type?: string;
  workspace_id?: string;
  routing_reason?: string;
  alternatives?: string[];
  latency_ms?: number;
  fallback_used?: boolean;
  fallback_attempts?: FallbackAttempt[];
  context?: Record<string, unknown>;
  usage?: { input_tokens: number; output_tokens: number };
  quota_warning?: boolean;
  quota_remaining_percentage?: number;
  error?: string;
  remaining_tokens?: number;
  daily_limit?: number;
  reset_at?: string;
}

export interface QuotaStatus {
  workspace_id: string;
  daily_limit: number;
  used_today: number;
  remaining: number;
  reset_at: string;
}

export interface Health {
  status: "healthy" | "degraded" | "unhealthy";
  latency_ms: number;
  available_models: string[];
  model_status: Record<string, ModelStatus>;
}

export function route(workspaceId: string, body: RouteBody): Promise<ApiResponse<RouteResult>> {
  return request<RouteResult>("/ccr/route", {
    method: "POST",
    body: { workspace_id: workspaceId, ...body },
    workspaceId,
  });
}

export async function quotaStatus(workspaceId: string): Promise<QuotaStatus> {
  const response = await request<QuotaStatus>(
    `/ccr/quota?workspace_id=${encodeURIComponent(workspaceId)}`,
    { workspaceId },
  );
  if (response.status !== 200)
    throw new Error(`GET /ccr/quota answered ${response.status}: ${response.text.slice(0, 200)}`);
  return response.body;
}

export function health(): Promise<ApiResponse<Health>> {
  return request<Health>("/ccr/health");
}

export interface ConnectionCheck {
  healthy: boolean;
  attempts: number;
  errors: string[];
}

/**
 * Validates the CCR connection: GET /ccr/health until it answers 200 with a
 * usable status, retrying transient failures (network errors, 5xx) up to
 * `maxRetries` times with a short backoff.
 */
export async function validateConnection(options: {
  maxRetries: number;
  backoffMs?: number;
  onFailedAttempt?: (attempt: number) => Promise<void> | void;
}): Promise<ConnectionCheck> {
  const errors: string[] = [];
  for (let attempt = 1; attempt <= options.maxRetries; attempt++) {
    try {
      const response = await health();
      if (response.status === 200 && response.body.status !== "unhealthy") {
        return { healthy: true, attempts: attempt, errors };
      }
      errors.push(`HTTP ${response.status} ${response.body?.status ?? response.text.slice(0, 80)}`);
    } catch (error) {
      errors.push((error as Error).message);
    }
    await options.onFailedAttempt?.(attempt);
    if (attempt < options.maxRetries)
      await new Promise((resolve) => setTimeout(resolve, (options.backoffMs ?? 50) * attempt));
  }
  return { healthy: false, attempts: options.maxRetries, errors };
}

/**
 * Uses up a workspace's quota until exactly `leave` tokens remain, with a
 * first small request to learn what a request costs beyond its estimate
 * (the output tokens), then one sized request.
 */
export async function consumeQuota(workspaceId: string, leave: number): Promise<QuotaStatus> {
  const probe = await route(workspaceId, {
    task: "summarization",
    preferred_provider: "local",
    estimated_tokens: 1,
  });
  if (!probe.body.success)
    throw new Error(`could not consume quota: ${probe.status} ${probe.text.slice(0, 200)}`);
  const outputTokens = probe.body.usage?.output_tokens ?? 0;
  let status = await quotaStatus(workspaceId);
  const estimate = status.remaining - leave - outputTokens;
  if (estimate >= 1) {
    const response = await route(workspaceId, {
      task: "summarization",
      preferred_provider: "local",
      estimated_tokens: estimate,
    });
    if (!response.body.success)
      throw new Error(`could not consume quota: ${response.status} ${response.text.slice(0, 200)}`);
    status = await quotaStatus(workspaceId);
  }
  return status;
}
