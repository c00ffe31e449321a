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
    // Every header pattern needs a ':' or '='; most strings (titles, ids, paths) have neither.
    if (!out.includes(":") && !out.includes("=")) return out;
    return out.replace(
      AUTH_HEADER,
      (_m, name: string, sep: string, scheme: string | undefined) =>
        `${name}${sep}${scheme ?? ""}[redacted]`,
    );
  };
}

/**
 * Every string in the value redacted, in place: the model is built fresh for
 * each run or report, and copying a 100k-case run only to change nothing
 * costs more than the redaction itself.
 */
export function redactInPlace<T>(value: T, redact: (text: string) => string): T {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "string") value[i] = redact(item);
      else if (item && typeof item === "object") redactInPlace(item, redact);
    }
  } else if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (typeof item === "string") record[key] = redact(item);
      else if (item && typeof item === "object") redactInPlace(item, redact);
    }
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
  const values = [...names].map((n) => env[n]).filter((v): v is string => !!v);
  return [...values, ...otlpHeaderSecrets(env)];
}

/**
 * The OTLP headers' values (`OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer x,x-team=y"`
 * and the per-signal variants): auth tokens as a rule, so each value, and the
 * token after a scheme word, is a secret wherever it shows up.
 */
export function otlpHeaderSecrets(env: NodeJS.ProcessEnv): string[] {
  const values: string[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!raw || !/^OTEL_EXPORTER_OTLP_(\w+_)?HEADERS$/.test(name)) continue;
    values.push(raw);
    for (const pair of raw.split(",")) {
      const at = pair.indexOf("=");
      if (at < 0) continue;
      const value = safeDecode(pair.slice(at + 1).trim());
      values.push(value, ...value.split(/\s+/).slice(1));
    }
  }
  return values;
}

/** The spec percent-encodes header values; a stray '%' is taken literally. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
