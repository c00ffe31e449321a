import type { AlertsConfig } from "../config/schema.js";

/**
 * The env vars whose values the alerts config makes secrets (a routing key,
 * a webhook URL): `run` should redact them from what runners print, as it
 * does the environments' tokens. Apart from alerts.ts, which a run loads only
 * at its end.
 */
export function alertSecretEnvNames(alerts: AlertsConfig | undefined): string[] {
  return [alerts?.pagerduty?.routingKeyEnv, alerts?.webhook?.urlEnv].filter(
    (name): name is string => name !== undefined,
  );
}
