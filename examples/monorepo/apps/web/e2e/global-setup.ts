// apps/web/e2e/global-setup.ts - fail fast, and clearly, when the target stack is not there.
import type { FullConfig } from '@playwright/test';

const TIMEOUT_MS = 10_000;

async function probe(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason =
      error instanceof Error
        ? `${error.name}: ${error.message}${cause ? ` (${cause.code ?? cause.message})` : ''}`
        : String(error);
    throw new Error(
      `[global-setup] ${url} did not answer (${reason}). ` +
        'Start the HYVVE stack (or the hyvve-qa reference app) and set BASE_URL / WEB_URL.',
    );
  }
}

export default async function globalSetup(_config: FullConfig): Promise<void> {
  const baseUrl = process.env.BASE_URL;
  const webUrl = process.env.WEB_URL;
  const token = process.env.AUTH_TOKEN;
  const missing = [
    ['BASE_URL', baseUrl],
    ['WEB_URL', webUrl],
    ['AUTH_TOKEN', token],
  ]
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length > 0) {
    throw new Error(
      `[global-setup] missing env: ${missing.join(', ')} (see .env.example; a .env file is read too)`,
    );
  }

  const health = await probe(new URL('/healthz', baseUrl).href);
  if (!health.ok) {
    throw new Error(`[global-setup] GET ${baseUrl}/healthz answered HTTP ${health.status}, expected 200`);
  }

  // A wrong token makes every page the sign-in page: say so here rather than in every test.
  const api = await probe(new URL('/api/dashboard/widgets', baseUrl).href, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
  });
  if (api.status === 401) {
    throw new Error('[global-setup] the stack refused AUTH_TOKEN (HTTP 401 on /api/dashboard/widgets)');
  }

  const page = await probe(new URL('/dashboard', webUrl).href, {
    headers: { Cookie: `hyvve_session=${token}` },
  });
  if (!page.ok) {
    throw new Error(`[global-setup] GET ${webUrl}/dashboard answered HTTP ${page.status}, expected 200`);
  }
}
