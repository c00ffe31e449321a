// apps/web/src/lib/logger.ts - the app's small structured logger
export type LogMeta = Record<string, unknown>;

export interface Logger {
  debug(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  error(message: string, meta?: LogMeta): void;
}

export const logger: Logger = {
  debug: (message, meta) => console.debug(`[hyvve] ${message}`, meta ?? {}),
  warn: (message, meta) => console.warn(`[hyvve] ${message}`, meta ?? {}),
  error: (message, meta) => console.error(`[hyvve] ${message}`, meta ?? {}),
};
