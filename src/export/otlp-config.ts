/**
 * Where the run's trace goes and how: the traces URL from --otlp or the
 * standard OTEL_EXPORTER_OTLP_* variables, the protocol, and the URL as it may
 * be shown. No OpenTelemetry import here: a run that exports no trace loads
 * none of the SDK.
 */

/** The OTLP protocols this build can speak (gRPC needs a package that is not installed). */
export type OtlpProtocol = "http/protobuf" | "http/json";

/** Spans per export request (and per line of the --otlp-file), like the SDK's BatchSpanProcessor. */
export const SPANS_PER_REQUEST = 512;

/** The OTLP exporter specification's default request timeout. */
const DEFAULT_TIMEOUT_MS = 10_000;

/** OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL, else the spec's default. */
export function otlpProtocol(env: NodeJS.ProcessEnv): OtlpProtocol {
  const name = env["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"]
    ? "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"
    : "OTEL_EXPORTER_OTLP_PROTOCOL";
  const value = (env[name] ?? "").trim() || "http/protobuf";
  if (value === "http/protobuf" || value === "http/json") return value;
  if (value === "grpc")
    throw new Error(
      `${name}=grpc is not supported: set ${name}=http/protobuf (OTLP/HTTP, port 4318)`,
    );
  throw new Error(`${name}=${value} is not an OTLP protocol: use http/protobuf or http/json`);
}

/**
 * The traces URL: --otlp (a collector's base URL; /v1/traces is appended
 * unless the URL ends with it), else OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as
 * is, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces (as the OTLP exporter
 * spec says); undefined when none is set, or when OTEL_SDK_DISABLED=true
 * turns the variables off (the flag still counts: it is asked for by name).
 */
export function tracesUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (flag)
    return new URL(flag).pathname.replace(/\/+$/, "").endsWith("/v1/traces")
      ? flag
      : appendPath(flag);
  if (env["OTEL_SDK_DISABLED"]?.trim().toLowerCase() === "true") return undefined;
  const specific = env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]?.trim();
  if (specific) return checkedUrl(specific, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  const general = env["OTEL_EXPORTER_OTLP_ENDPOINT"]?.trim();
  return general ? appendPath(checkedUrl(general, "OTEL_EXPORTER_OTLP_ENDPOINT")) : undefined;
}

/** base + /v1/traces, with one slash between. */
function appendPath(base: string): string {
  return `${base.replace(/\/+$/, "")}/v1/traces`;
}

/** The variable's value if it is a URL; the error names the variable, not the value. */
function checkedUrl(value: string, name: string): string {
  if (!URL.canParse(value)) throw new Error(`${name} is not a URL (e.g. http://127.0.0.1:4318)`);
  return value;
}

/** The URL as it may be shown: no user info, no query (either may hold a secret). */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}

/** Per request, in ms: OTEL_EXPORTER_OTLP_TRACES_TIMEOUT, else OTEL_EXPORTER_OTLP_TIMEOUT, else 10 s. */
export function otlpTimeoutMs(env: NodeJS.ProcessEnv): number {
  for (const name of ["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT"]) {
    const value = Number(env[name]?.trim() || NaN);
    if (Number.isFinite(value) && value > 0) return value;
  }
  return DEFAULT_TIMEOUT_MS;
}
