/**
 * Secrets (tokens, the Percy token, auth headers) must never reach logs,
 * JUnit, HTML or run.json. Runners get them by env var, and anything a runner
 * printed passes through here before any reporter sees it.
 */
const AUTH_HEADER =
  /\b(authorization|x-api-key|cookie|percy_token)(["']?\s*[:=]\s*["']?)(bearer\s+|basic\s+)?[^\s"',;]+/gi;

export function makeRedactor(secrets: ReadonlyArray<string | undefined>): (text: string) => string {
  // Short values would redact ordinary words; real tokens are long.
  const values = [
    ...new Set(secrets.filter((s): s is string => typeof s === "string" && s.length >= 8)),
  ];
  values.sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const value of values) if (out.includes(value)) out = out.split(value).join("[redacted]");
    return out.replace(
      AUTH_HEADER,
      (_m, name: string, sep: string, scheme: string | undefined) =>
        `${name}${sep}${scheme ?? ""}[redacted]`,
    );
  };
}

/** Deep copy with every string redacted. */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redact);
    return out as T;
  }
  return value;
}

/** Env vars whose values are secrets, whatever the config calls them. */
export function secretValuesFromEnv(
  env: NodeJS.ProcessEnv,
  extraNames: readonly string[] = [],
): string[] {
  const names = new Set(["HYVVE_TOKEN", "PERCY_TOKEN", "GITHUB_TOKEN", ...extraNames]);
  for (const name of Object.keys(env))
    if (/(TOKEN|SECRET|PASSWORD|_KEY)$/.test(name)) names.add(name);
  return [...names].map((n) => env[n]).filter((v): v is string => !!v);
}
