// apps/web/src/stores/dashboard-store.ts - the dashboard's persisted UI state
// Saved through the quota store; when localStorage cannot take it (full even
// after cleanup, or unavailable) the state is kept in memory for this session
// instead, so saving never throws and the latest state is never lost.
import { logger } from '@/lib/logger';
import { quotaStore, type QuotaStore } from '@/lib/storage/quota-handler';

export const DASHBOARD_STATE_KEY = 'dashboard:state';

export interface DashboardWidgetState {
  id: string;
  [field: string]: unknown;
}

export interface DashboardState {
  widgets: DashboardWidgetState[];
  [field: string]: unknown;
}

export interface SaveResult {
  success: boolean;
  /** Where the state went. */
  storage: 'local' | 'memory';
  warning?: string;
}

let memoryState: DashboardState | null = null;

export function saveDashboardState(state: DashboardState, store: QuotaStore = quotaStore): SaveResult {
  const result = store.setEntry(DASHBOARD_STATE_KEY, state);
  if (result.success) {
    memoryState = null;
    return { success: true, storage: 'local', ...(result.warning ? { warning: result.warning } : {}) };
  }
  memoryState = structuredClone(state);
  const reason = result.error ?? 'storage unavailable';
  logger.warn('Dashboard state kept in memory', { reason });
  return { success: true, storage: 'memory', warning: `Dashboard state kept in memory only (${reason})` };
}

export function loadDashboardState(store: QuotaStore = quotaStore): DashboardState | null {
  if (memoryState !== null) return structuredClone(memoryState);
  const data = store.getEntry<unknown>(DASHBOARD_STATE_KEY) ?? legacyState(store);
  return isDashboardState(data) ? data : null;
}

/** Forgets the in-memory fallback (a new session). */
export function resetDashboardMemory(): void {
  memoryState = null;
}

/** A state saved without the entry envelope (older app versions wrote the bare state). */
function legacyState(store: QuotaStore): unknown {
  const raw = store.getItem(DASHBOARD_STATE_KEY);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

function isDashboardState(value: unknown): value is DashboardState {
  if (typeof value !== 'object' || value === null) return false;
  const { widgets } = value as { widgets?: unknown };
  return (
    Array.isArray(widgets) &&
    widgets.every((widget) => typeof widget === 'object' && widget !== null && typeof (widget as { id?: unknown }).id === 'string')
  );
}
